"""Security over real HTTP: logins, roles, CSRF, public mode, escaping, search input."""

from __future__ import annotations

import httpx
import pytest

from conftest import csrf_of, login

WRITES = [
    ("/records/event/ev_rus_2023/action", {"do": "accept", "version": "1"}),
    ("/records/event/ev_rus_2023/edit", {"v.event_type": "other", "version": "1"}),
    ("/add", {"kind": "event", "source": "src_rus", "v.event_type": "other"}),
    ("/rounds", {"kind": "event", "coder_a": "ann", "coder_b": "bob", "n": "2"}),
    ("/coding/1", {}),
    ("/rounds/1/adjudicate/event/ev_rus_2023", {}),
    ("/users", {"do": "add", "name": "mallory", "role": "admin", "password": "mallory-password"}),
]


def _client(srv) -> httpx.Client:
    return httpx.Client(base_url=srv.url, follow_redirects=False, timeout=10)


def test_pages_need_login(server):
    with _client(server) as c:
        r = c.get("/events")
        assert r.status_code == 303 and r.headers["location"].startswith("/login")
        assert c.get("/api/events").status_code == 401
        assert c.get("/openapi.json").status_code == 401


def test_every_write_without_login_is_refused(server):
    with _client(server) as c:
        token = csrf_of(c.get("/login").text)  # even with a valid anonymous CSRF token
        for path, data in WRITES:
            r = c.post(path, data={**data, "csrf_token": token})
            assert r.status_code in (401, 403), (path, r.status_code)
        r = c.post("/api/records/event/ev_rus_2023/review", json={"action": "accept"}, headers={"X-CSRF-Token": token})
        assert r.status_code == 401
    assert server.store.get("event", "ev_rus_2023").review_status == "candidate"
    assert not [a for a in server.store.audit() if a["user"] not in ("seed", None)]
    from isd.review.users import get_user

    assert get_user(server.store, "mallory") is None


def test_viewer_cannot_write(server):
    with _client(server) as c:
        token = login(c, "vic")
        assert c.get("/events").status_code == 200
        for path, data in WRITES:
            r = c.post(path, data={**data, "csrf_token": token})
            assert r.status_code == 403, (path, r.status_code)
        r = c.post("/api/records/event/ev_rus_2023/review", json={"action": "accept"}, headers={"X-CSRF-Token": token})
        assert r.status_code == 403
        assert c.get("/audit").status_code == 403  # reviewers only
        assert c.get("/records/event/ev_rus_2023/edit").status_code == 403
    assert server.store.get("event", "ev_rus_2023").version == 1


def test_only_admins_manage_accounts(server):
    from isd.review.users import get_user

    with _client(server) as c:
        token = login(c, "rita")
        r = c.post("/users", data={"do": "add", "name": "mallory", "role": "admin", "password": "mallory-password",
                                   "csrf_token": token})
        assert r.status_code == 403 and get_user(server.store, "mallory") is None
    with _client(server) as c:
        token = login(c, "ada")
        r = c.post("/users", data={"do": "add", "name": "carl", "role": "coder", "password": "carl-password",
                                   "csrf_token": token})
        assert r.status_code == 303 and get_user(server.store, "carl").role == "coder"
        r = c.post("/users", data={"do": "disable", "name": "carl", "csrf_token": token})
        assert r.status_code == 303 and not get_user(server.store, "carl").active
        r = c.post("/users", data={"do": "add", "name": "x", "role": "coder", "password": "short", "csrf_token": token})
        assert r.status_code == 400 and "8 characters" in r.text
    audit = [a for a in server.store.audit(kind="user") if a["record_id"] == "carl"]
    assert [a["action"] for a in audit] == ["user_disable", "user_add"] and all(a["user"] == "ada" for a in audit)
    assert "password_hash" not in str(audit)


def test_csrf_token_required(server):
    with _client(server) as c:
        token = login(c, "ann")
        r = c.post("/records/event/ev_rus_2023/action", data={"do": "accept", "version": "1"})
        assert r.status_code == 403 and "CSRF" in r.text
        r = c.post("/records/event/ev_rus_2023/action", data={"do": "accept", "version": "1", "csrf_token": "forged"})
        assert r.status_code == 403
        r = c.post("/api/records/event/ev_rus_2023/review", json={"action": "accept"})
        assert r.status_code == 403
        assert server.store.get("event", "ev_rus_2023").review_status == "candidate"
        r = c.post("/records/event/ev_rus_2023/action", data={"do": "accept", "version": "1", "csrf_token": token})
        assert r.status_code == 303
        assert server.store.get("event", "ev_rus_2023").review_status == "coded"
        r = c.post("/api/records/event/ev_lao_2023/review", json={"action": "reject", "note": "dup", "version": 1},
                   headers={"X-CSRF-Token": token})
        assert r.status_code == 200 and r.json()["review_status"] == "rejected"
        r = c.post("/api/records/event/ev_lao_2023/review", json={"action": "reopen", "version": 1},
                   headers={"X-CSRF-Token": token})
        assert r.status_code == 409 and r.json()["detail"]["current"]["version"] == 2


def test_login_cookie_is_signed_and_wrong_password_refused(server):
    with _client(server) as c:
        token = csrf_of(c.get("/login").text)
        r = c.post("/login", data={"csrf_token": token, "username": "ann", "password": "nope-nope", "next": "/"})
        assert r.status_code == 400 and "wrong user name or password" in r.text
        r = c.post("/login", data={"username": "ann", "password": "ann-password"})
        assert r.status_code == 403  # the login form needs its CSRF token too
    with _client(server) as c:  # guessing is throttled: 5 failures per name per 5 minutes
        token = csrf_of(c.get("/login").text)
        codes = [c.post("/login", data={"csrf_token": token, "username": "bob", "password": f"guess-{i}"}).status_code
                 for i in range(6)]
        assert codes == [400] * 5 + [429]
        r = c.post("/login", data={"csrf_token": token, "username": "bob", "password": "bob-password"})
        assert r.status_code == 429
    with _client(server) as c:
        c.cookies.set("isd_session", "eyJ1Ijoicml0YSIsImNzcmYiOiJ4In0.forged.sig")
        assert c.get("/audit").status_code == 303  # a forged cookie is no session


def test_public_mode_is_read_only(public_server):
    with _client(public_server) as c:
        assert c.get("/events").status_code == 200
        assert c.get("/api/events").json()["total"] >= 4
        assert c.get("/records/event/ev_rus_2023").status_code == 200
        page = c.get("/").text
        for path, data in WRITES:
            r = c.post(path, data=data)
            assert r.status_code == 403, path
        assert "Log out" not in page and 'action="/records' not in c.get("/records/event/ev_rus_2023").text
        assert c.get("/login").status_code == 303


def test_headers_and_escaping(server):
    with _client(server) as c:
        login(c, "ann")
        r = c.get("/records/event/ev_xss")
        csp = r.headers["content-security-policy"]
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "default-src 'none'" in csp
        assert r.headers["x-content-type-options"] == "nosniff"
        body = r.text
        assert "<script>alert" not in body and "<img src=x" not in body
        assert "&lt;script&gt;" in body or "&lt;img" in body
        assert "<script" not in body.replace('<script src="/static/app.js" defer></script>', "")
        src = c.get("/sources/src_xss?record=event:ev_xss").text
        assert "<script>window" not in src and "onerror=\"window" not in src
        assert "&lt;script&gt;window.__pwned" in src
        assert 'href="javascript:' not in src  # a javascript: URL is never a link


@pytest.mark.parametrize("q", ["' OR 1=1 --", "\"; DROP TABLE events; --", "%", "_", "\\", "ev_%' UNION SELECT * FROM users --"])
def test_sql_like_search_is_harmless(server, q):
    with _client(server) as c:
        login(c, "vic")
        r = c.get("/events", params={"q": q})
        assert r.status_code == 200
        api = c.get("/api/events", params={"q": q}).json()
        if q in ("%", "_", "\\") or "UNION" in q or "OR 1=1" in q:
            assert api["total"] == 0 or all(q.lower() in str(i).lower() for i in api["items"])
    assert server.store.count("event") == 10


def test_search_and_filters_find_records(server):
    with _client(server) as c:
        login(c, "vic")
        assert {i["id"] for i in c.get("/api/events", params={"q": "Kolokoltsev"}).json()["items"]} == {"ev_rus_2023"}
        got = c.get("/api/events", params={"country": "LAO"}).json()
        assert {i["id"] for i in got["items"]} == {"ev_lao_2023", "ev_lao_2023_dup"}
        assert c.get("/api/events", params={"year_from": 2024}).json()["total"] == 7
        html = c.get("/events", params={"region": "southeast_asia"}).text
        assert "ev_lao_2023" in html and "ev_rus_2023" not in html
        for path in ("/api/agreements", "/api/trainings", "/api/assistance", "/api/presence", "/api/mechanisms",
                     "/api/sources", "/api/records/event/ev_rus_2023", "/api/reliability", "/openapi.json"):
            assert c.get(path).status_code == 200, path
        assert c.get("/api/records/event/nope").status_code == 404
        assert c.get("/events", params={"year_from": "abc"}).status_code == 400

"""Review actions through the web forms over real HTTP: per-value reject, merge and undo,
a record added by hand, a stale action answered with the conflict page."""

from __future__ import annotations

import httpx

from conftest import login


def test_merge_undo_add_and_stale_action(server):
    store = server.store
    with httpx.Client(base_url=server.url, follow_redirects=False, timeout=20) as c:
        token = login(c, "ann")
        act = "/records/event/ev_lao_2023/action"
        r = c.post(act, data={"csrf_token": token, "do": "merge", "other": "ev_lao_2023_dup", "back": "/\\evil.example"})
        assert r.status_code == 303 and r.headers["location"] == "/"  # no open redirect
        assert store.get("event", "ev_lao_2023").sources == ["src_lao", "src_lao2"]
        dup = c.get("/records/event/ev_lao_2023_dup").text
        assert "merged into ev_lao_2023" in dup and "Undo the merge" in dup
        r = c.post("/records/event/ev_lao_2023_dup/action", data={"csrf_token": token, "do": "unmerge"})
        assert r.status_code == 303 and store.get("event", "ev_lao_2023_dup").review_status == "candidate"
        assert store.get("event", "ev_lao_2023").sources == ["src_lao"]

        v = store.get("event", "ev_lao_2023").version
        r = c.post(act, data={"csrf_token": token, "do": "reject_value", "name": "location.city", "version": str(v)})
        assert r.status_code == 303 and store.get("event", "ev_lao_2023").location.city is None
        r = c.post(act, data={"csrf_token": token, "do": "reject_value", "name": "event_type", "version": str(v + 1)})
        assert r.status_code == 400 and "required" in r.text
        r = c.post(act, data={"csrf_token": token, "do": "accept", "version": str(v)})  # stale version
        assert r.status_code == 409 and "Someone else changed this record" in r.text
        assert store.get("event", "ev_lao_2023").review_status == "candidate"

        r = c.post("/add", data={"csrf_token": token, "kind": "event", "source": "src_lao",
                                 "v.event_type": "agreement_signing", "v.date": "2023-05-25", "v.mode": "in_person",
                                 "v.counterparts": '[{"country_iso3": "LAO"}]', "v.topics": ["telecom_fraud"]})
        assert r.status_code == 303, r.text
        rid = r.headers["location"].rsplit("/", 1)[1]
        rec = store.get("event", rid)
        assert rec.event_type == "agreement_signing" and rec.coder == "ann" and rec.sources == ["src_lao"]
        r = c.post("/add", data={"csrf_token": token, "kind": "event", "source": "src_lao", "v.event_type": "x",
                                 "v.date": "2023-05-25"})
        assert r.status_code == 400 and "event_type" in r.text
        r = c.post("/records/event/ev_rus_2023/edit", data={"csrf_token": token, "version": "1", "v.event_type": "other",
                                                            "v.date": "not a date", "v.mode": "video",
                                                            "v.date_precision": "day"})
        assert r.status_code == 400 and "date" in r.text and store.get("event", "ev_rus_2023").version == 1

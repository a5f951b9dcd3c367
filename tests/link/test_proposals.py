from __future__ import annotations

import datetime as dt

import pytest
from typer.testing import CliRunner

from isd.link import proposals as P
from isd.link.backends import DuckDBBackend
from isd.model import ChineseParticipant, Counterpart, Event, Evidence, Location


def ev(eid, day, iso3, *, zh=False, src, topics=("counterdrug",), status="candidate", name=None, city=None):
    return Event(
        id=eid, date=dt.date.fromisoformat(day), event_type="bilateral_meeting",
        location=Location(city=city or ("北京" if zh else "Beijing"), country_iso3="CHN"),
        chinese_side=[ChineseParticipant(name_zh="王小洪") if zh else ChineseParticipant(name_en="Wang Xiaohong")],
        counterparts=[Counterpart(country_iso3=iso3, name=name, title="内务部长" if zh else "Minister of Internal Affairs")],
        topics=list(topics), sources=[src], review_status=status,
        evidence=[Evidence(field="date", source_id=src, start=0, end=5, text="12月5日" if zh else "Dec. 5")],
    )


@pytest.fixture
def linked_store(ctx):
    store = ctx.store
    store.put_many([
        ev("ev_ru_en", "2023-12-05", "RUS", src="src_xh", name="Vladimir Kolokoltsev", topics=["cybercrime", "counterdrug"]),
        ev("ev_ru_zh", "2023-12-05", "RUS", zh=True, src="src_mps", name="科洛科利采夫", status="coded"),
        ev("ev_ru_re", "2023-12-06", "RUS", zh=True, src="src_repost"),
        ev("ev_kz_en", "2023-12-05", "KAZ", src="src_xh2"),  # same official and day, other country
    ], user="test")
    return ctx


def propose(ctx):
    b = DuckDBBackend()
    try:
        return P.propose(ctx.store, ctx.codebook, b, threshold=0.8)
    finally:
        b.close()


def test_propose_apply_undo(linked_store):
    ctx = linked_store
    props = propose(ctx)
    assert len(props) == 1
    p = props[0]
    assert p["survivor"] == "ev_ru_zh"  # the coded record survives
    assert sorted(p["merged"]) == ["ev_ru_en", "ev_ru_re"]
    assert any("same foreign parties" in e["agreeing"] for e in p["evidence"])
    home = ctx.settings.home
    P.save_proposals(home, props)
    before = {i: ctx.store.get("event", i) for i in ("ev_ru_en", "ev_ru_zh", "ev_ru_re", "ev_kz_en")}

    P.apply(ctx.store, home, p["id"], user="alice")
    surv = ctx.store.get("event", "ev_ru_zh")
    assert set(surv.sources) == {"src_xh", "src_mps", "src_repost"}
    assert {e.source_id for e in surv.evidence} == {"src_xh", "src_mps", "src_repost"}
    assert set(surv.topics) == {"counterdrug", "cybercrime"}
    for mid in ("ev_ru_en", "ev_ru_re"):
        m = ctx.store.get("event", mid)
        assert m.review_status == "rejected" and "merged into ev_ru_zh" in m.notes
    assert ctx.store.get("event", "ev_kz_en") == before["ev_kz_en"]
    assert any(a["action"] == "link-merge" for a in ctx.store.audit("event", "ev_ru_zh"))
    with pytest.raises(P.LinkError, match="already applied"):
        P.apply(ctx.store, home, p["id"])
    # a second run proposes nothing new: merged records are rejected
    assert propose(ctx) == []

    P.undo(ctx.store, home, p["id"], user="alice")
    for i, rec in before.items():
        now = ctx.store.get("event", i)
        assert now.model_dump(exclude={"version"}) == rec.model_dump(exclude={"version"})
    assert P.load_proposals(home)[0]["status"] == "undone"


def test_undo_refuses_after_later_edit(linked_store):
    ctx = linked_store
    home = ctx.settings.home
    p = propose(ctx)[0]
    P.save_proposals(home, [p])
    P.apply(ctx.store, home, p["id"])
    s = ctx.store.get("event", p["survivor"])
    ctx.store.put(s.model_copy(update={"notes": "checked by bob"}), user="bob", expected_version=s.version)
    with pytest.raises(P.LinkError, match="edited after the merge"):
        P.undo(ctx.store, home, p["id"])
    P.undo(ctx.store, home, p["id"], force=True)
    assert ctx.store.get("event", "ev_ru_en").review_status == "candidate"


def test_unknown_proposal_and_bad_file(ctx):
    with pytest.raises(P.LinkError, match="no link proposal"):
        P.apply(ctx.store, ctx.settings.home, "lp_nope")
    path = P.proposals_path(ctx.settings.home)
    path.parent.mkdir(parents=True)
    path.write_text("{not json")
    with pytest.raises(P.LinkError, match="proposals.json"):
        P.load_proposals(ctx.settings.home)


def test_cli_link_flow(linked_store, monkeypatch):
    from isd.cli import app, build_app

    ctx = linked_store
    build_app()
    home = str(ctx.settings.home)
    r = CliRunner().invoke(app, ["--home", home, "link", "--threshold", "0.8"])
    assert r.exit_code == 0, r.output
    props = P.load_proposals(ctx.settings.home)
    assert len(props) == 1
    pid = props[0]["id"]
    r = CliRunner().invoke(app, ["--home", home, "link", "show", pid])
    assert r.exit_code == 0 and "ev_ru_zh" in r.output
    r = CliRunner().invoke(app, ["--home", home, "link", "apply", pid])
    assert r.exit_code == 0, r.output
    r = CliRunner().invoke(app, ["--home", home, "link", "list", "--json"])
    assert '"applied"' in r.output
    r = CliRunner().invoke(app, ["--home", home, "link", "undo", pid])
    assert r.exit_code == 0, r.output
    r = CliRunner().invoke(app, ["--home", home, "link", "undo", pid])
    assert r.exit_code != 0 and "nothing to undo" in r.output
    r = CliRunner().invoke(app, ["--home", home, "link", "--engine", "oracle"])
    assert r.exit_code != 0 and "unknown linkage engine" in r.output


def test_agreements_signed_together_stay_apart(ctx):
    from isd.model import Agreement, Party, Signatory

    day = dt.date(2024, 9, 6)
    mk = lambda i, iso3, name, title, src: Agreement(  # noqa: E731
        id=i, date=day, parties=[Party(country_iso3=iso3)], chinese_signatory=Signatory(name=name),
        doc_type="mou", title_zh=title, sources=[src])
    ctx.store.put_many([
        mk("ag_a1", "ETH", "王小洪", "中华人民共和国公安部和埃塞俄比亚联邦警察委员会关于执法能力建设合作的谅解备忘录", "s1"),
        mk("ag_a2", "ETH", "Wang Xiaohong", "中华人民共和国公安部和埃塞俄比亚联邦警察委员会关于执法能力建设合作的谅解备忘录", "s2"),
        mk("ag_b1", "ETH", "王小洪", "中华人民共和国公安部和埃塞俄比亚联邦警察委员会关于打击跨国犯罪合作的谅解备忘录", "s3"),
        mk("ag_c1", "MDV", "王小洪", "中华人民共和国公安部和马尔代夫国土安全部合作谅解备忘录", "s4"),
    ], user="test")
    props = propose(ctx)
    assert [(p["kind"], p["survivor"], p["merged"]) for p in props] == [("agreement", "ag_a1", ["ag_a2"])]

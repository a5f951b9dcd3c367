"""The bundled dataset release loads cleanly, idempotently and holds what it claims."""

from __future__ import annotations

import json
from collections import Counter, defaultdict

import pytest

from isd.dataset import load_release, release_info, release_path
from isd.model import REVIEWED_STATUSES

KINDS = ("event", "agreement", "training", "assistance", "presence")
MEETINGS = {"bilateral_meeting", "sideline_bilateral", "agreement_signing"}


@pytest.fixture
def loaded(ctx):
    first = load_release(ctx)
    return ctx, first


def test_loads_into_empty_store_and_twice_changes_nothing(loaded):
    ctx, first = loaded
    lines = [json.loads(line) for line in release_path().read_text(encoding="utf-8").splitlines()]
    expected = Counter(line["kind"] for line in lines)
    assert first == {"created": sum(expected.values()), "updated": 0, "unchanged": 0}
    assert load_release(ctx) == {"created": 0, "updated": 0, "unchanged": sum(expected.values())}
    info = release_info()
    assert info["version"] == "0.1.0"
    for kind, n in expected.items():
        assert ctx.store.count(kind) == n
        assert info["counts"][kind] == n
    assert info["codebook_version"] == ctx.codebook.version
    assert any(f.startswith("events_") for f in info["built_from"]["research_files"])
    assert "queries.yaml" in info["built_from"]["query_logs"]


def test_reviewed_counts(loaded):
    ctx, _ = loaded
    events = list(ctx.store.iter("event"))
    assert all(e.review_status in REVIEWED_STATUSES for e in events)
    in_window = [e for e in events if e.date and 2022 <= e.date.year <= 2025]
    # measured when the release was built (0.1.0): 326 events 2022-2025, 461 interactions
    assert len(in_window) == 326
    assert sum(len({c.party for c in e.counterparts}) for e in in_window) == 461
    # issue 7 asks for >= 120 agreements, each with a source URL (records without one are held back)
    assert ctx.store.count("agreement") >= 120
    research = [e for e in events if (e.coder or "").startswith("research:")]
    assert len(research) >= 250


def test_every_record_has_a_source_with_url(loaded):
    """Every released record has at least one source with a URL.  Records without one (the
    seed paper's aggregate rows expanded per document, agreements it cites without a link)
    are held back by tools/build_dataset.py and listed in release.json."""
    ctx, _ = loaded
    info = release_info()
    sources = {s.id: s for s in ctx.store.iter("source")}
    for kind in KINDS:
        for rec in ctx.store.iter(kind):
            assert rec.sources, f"{kind} {rec.id} has no source"
            assert any(sources[s].url for s in rec.sources), f"{kind} {rec.id} has no source URL"
            if (rec.coder or "").startswith("research:"):
                assert all(sources[s].url for s in rec.sources), rec.id
    held = info["held_back"]
    assert held and all(h.endswith("no source with a URL") for h in held)
    assert not any(ctx.store.get(h.split()[0], h.split()[1].rstrip(":")) for h in held)


def test_no_duplicate_occasions(loaded):
    """Dedup: no two meetings share date, Chinese official, foreign party and counterpart person."""
    ctx, _ = loaded
    seen: dict[tuple, str] = {}
    for e in ctx.store.iter("event"):
        if e.event_type not in MEETINGS or e.date_precision != "day":
            continue
        officials = {c.official_id for c in e.chinese_side if c.official_id}
        for c in e.counterparts:
            if not c.name:
                continue
            for o in officials:
                key = (e.date, o, c.party, c.name.lower())
                assert key not in seen, f"{e.id} and {seen[key]} are the same occasion {key}"
                seen[key] = e.id
    # merged research duplicates are gone, their sources kept on the surviving record
    assert ctx.store.get("event", "ev_2023-02_embassy_TZA_police_commissioner") is None
    fji = ctx.store.get("event", "mtg_2024_09_pic_sideline_fji")  # seed record + research record
    assert fji.date_precision == "day" and fji.date.isoformat() == "2024-09-11" and len(fji.sources) >= 2
    assert "ev_2024-09-11_wang_xiaohong_FJI" in fji.notes


def test_agreement_parties_are_codebook_ids_and_links_hold(loaded):
    ctx, _ = loaded
    iso3, orgs = ctx.codebook.codes("iso3"), ctx.codebook.codes("organization")
    events = {e.id: e for e in ctx.store.iter("event")}
    for a in ctx.store.iter("agreement"):
        assert a.parties, a.id
        for p in a.parties:
            assert (p.country_iso3 in iso3) if p.country_iso3 else (p.organization in orgs), (a.id, p)
        if a.event_id:
            assert a.id in events[a.event_id].agreements, (a.id, a.event_id)
    for e in events.values():
        for aid in e.agreements:
            assert ctx.store.get("agreement", aid) is not None, (e.id, aid)


def test_codebook_additions_are_used(loaded):
    ctx, _ = loaded
    by_official = defaultdict(list)
    for e in ctx.store.iter("event"):
        for c in e.chinese_side:
            by_official[c.official_id].append(e.id)
    for oid in ("liu_zhongyi", "liu_zhao", "wei_xiaojun", "hu_binchen"):
        assert by_official[oid], oid
    assert ctx.codebook.rank_on("liu_zhongyi", "2025-02-14") == "assistant_minister"


def test_double_coding_marked_and_alpha_reported(loaded):
    ctx, _ = loaded
    from isd.dataset import release_dir

    rel = json.loads((release_dir() / "reliability.json").read_text(encoding="utf-8"))
    assert rel["units"] == {"event": 58, "agreement": 13}  # coder2 33 + coder3 25 events
    for var in ("date", "event_type", "mode", "counterpart_countries", "chinese_official", "chinese_rank",
                "counterpart_agency_type", "counterpart_rank_level", "topic:counterdrug", "doc_type"):
        v = rel["variables"][var]
        assert v["units"] in (58, 13) and (v["alpha"] is None or -1 <= v["alpha"] <= 1), var
    status = Counter(r.review_status for kind in ("event", "agreement") for r in ctx.store.iter(kind))
    assert status["double_coded"] + status["adjudicated"] == 71  # coder2 (46) + coder3 (25 events, data/research/double/sample2.yaml)
    assert status["adjudicated"] == 31  # 7 + 24 settled by the reviewer (tools/build_dataset_double.py ADJUDICATIONS)
    liu = ctx.store.get("event", "ev_2023-04-14_liu_zhao_BRA_federal_police")
    assert liu.review_status == "adjudicated" and liu.event_type == "bilateral_meeting" and "adjudicated:" in liu.notes


def test_build_tool_names_file_and_record_of_a_bad_fact(tmp_path, capsys, monkeypatch):
    """tools/build_dataset.py refuses bad research input, naming the file and the record id."""
    import shutil
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    monkeypatch.syspath_prepend(str(root / "tools"))
    sys.modules.pop("build_dataset", None)
    import build_dataset

    research = tmp_path / "research"
    shutil.copytree(root / "data" / "research", research)
    path = research / "events_01.yaml"
    text = path.read_text(encoding="utf-8")
    assert "country_iso3: RUS, organization: null, name: Vladimir Kolokoltsev" in text
    path.write_text(text.replace("country_iso3: RUS, organization: null, name: Vladimir Kolokoltsev",
                                 "country_iso3: RUX, organization: null, name: Vladimir Kolokoltsev", 1), encoding="utf-8")
    monkeypatch.setattr(build_dataset, "RESEARCH", research)
    assert build_dataset.main(["--out", str(tmp_path / "out"), "--quiet"]) == 1
    err = capsys.readouterr().err
    assert "events_01.yaml ev_2023-12-05_wang_xiaohong_RUS" in err and "'RUX'" in err
    assert not (tmp_path / "out").exists()

"""The bundled seed data loads cleanly, idempotently, and says what the seeds say."""

import json
from collections import Counter

from isd.seeddata import load_seed, seed_path


def test_seed_loads_idempotently_with_sources(ctx):
    lines = [json.loads(l) for l in seed_path().read_text(encoding="utf-8").splitlines()]
    expected = Counter(l["kind"] for l in lines)
    first = load_seed(ctx)
    assert first["created"] == sum(expected.values())
    assert load_seed(ctx) == {"created": 0, "updated": 0, "unchanged": sum(expected.values())}
    for kind, n in expected.items():
        assert ctx.store.count(kind) == n
    for kind in ("event", "agreement", "training", "assistance", "presence"):
        for rec in ctx.store.iter(kind):
            assert rec.sources, f"{kind} {rec.id} has no source"
            assert rec.review_status == "coded"


def test_seed_spot_checks(ctx):
    load_seed(ctx)
    jor = ctx.store.get("agreement", "agr_2009_jor")
    assert jor.title_zh == "公安内政部门合作协议" and jor.doc_type == "protocol"
    assert jor.parties[0].country_iso3 == "JOR" and jor.chinese_signatory.name == "Meng Jianzhu"
    sco = [a for a in ctx.store.iter("agreement") if a.id.startswith("agr_multilateral_sco_")]
    assert len(sco) == 24 and all(a.format == "multilateral" and a.parties[0].organization == "sco" for a in sco)
    ita = ctx.store.get("presence", "presence_ita_joint_patrols")
    assert ita.status == "ended" and ita.end_date.year == 2022
    # Table 1 aggregates are published figures, not records
    assert ctx.store.get("agreement", "agr_t1_vnm_2016") is None

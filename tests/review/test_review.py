"""Review workflow, double coding and reliability over a real store."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "web"))
from seeding import seed  # noqa: E402

from isd.review import double, reliability, users, workflow  # noqa: E402
from isd.review.variables import ValueProblem, parse_form_value, variable  # noqa: E402
from isd.store import ConflictError  # noqa: E402


@pytest.fixture
def seeded(store):
    seed(store)
    users.add_user(store, "ann", "coder", "ann-password")
    users.add_user(store, "bob", "coder", "bob-password")
    users.add_user(store, "rita", "reviewer", "rita-password")
    users.add_user(store, "vic", "viewer", "vic-password")
    return store


def test_queue_lists_candidates_only(seeded):
    items, total = workflow.queue(seeded)
    ids = {i.id for i in items}
    assert "ev_rus_2023" in ids and "ag_lao_mou" not in ids  # the agreement is already coded
    assert total == len(items) == 11


def test_accept_reject_and_conflict(seeded):
    ev = seeded.get("event", "ev_rus_2023")
    out = workflow.accept_record(seeded, "event", ev.id, "ann", expected_version=ev.version)
    assert out.review_status == "coded" and out.coder == "ann" and out.version == ev.version + 1
    with pytest.raises(ConflictError):  # bob still looks at the old version
        workflow.reject_record(seeded, "event", ev.id, "bob", "dup", expected_version=ev.version)
    rej = workflow.reject_record(seeded, "event", "ev_lao_2023_dup", "bob", "not a meeting")
    assert rej.review_status == "rejected" and "not a meeting" in rej.notes
    audit = seeded.audit("event", "ev_rus_2023")
    assert audit[0]["user"] == "ann" and audit[0]["before"]["review_status"] == "candidate"


def test_correct_and_reject_values(seeded):
    ev = workflow.correct_values(seeded, "event", "ev_lao_2023", {"mode": "video", "topics": ["counterdrug"]}, "ann",
                                 expected_version=1, accept=True)
    assert ev.mode == "video" and ev.topics == ["counterdrug"] and ev.review_status == "coded"
    marks = [e for e in ev.evidence if e.coder == "ann"]
    assert {e.field for e in marks} == {"mode", "topics"} and all(e.rule == "corrected" for e in marks)
    with pytest.raises(ValueProblem, match="event_type"):
        workflow.correct_values(seeded, "event", "ev_lao_2023", {"event_type": "party"}, "ann")
    ev = workflow.reject_value(seeded, "event", "ev_lao_2023", "location.city", "ann")
    assert ev.location.city is None
    with pytest.raises(workflow.ReviewError, match="required"):
        workflow.reject_value(seeded, "event", "ev_lao_2023", "event_type", "ann")


def test_parse_form_values():
    assert parse_form_value(variable("event", "topics"), ["counterdrug", "cybercrime"]) == ["counterdrug", "cybercrime"]
    assert parse_form_value(variable("training", "trainees"), ["40"]) == 40
    with pytest.raises(ValueProblem, match="trainees"):
        parse_form_value(variable("training", "trainees"), ["forty"])
    with pytest.raises(ValueProblem, match="JSON"):
        parse_form_value(variable("event", "counterparts"), ["[{"])
    assert parse_form_value(variable("event", "location.country_iso3"), ["lao"]) == "LAO"


def test_merge_and_undo(seeded):
    keep, dropped = workflow.merge(seeded, "event", "ev_lao_2023", "ev_lao_2023_dup", "ann")
    assert keep.sources == ["src_lao", "src_lao2"]
    assert any(e.source_id == "src_lao2" for e in keep.evidence)
    assert dropped.review_status == "rejected" and "merged into ev_lao_2023" in dropped.notes
    keep2, restored = workflow.unmerge(seeded, "event", "ev_lao_2023_dup", "rita")
    assert keep2.sources == ["src_lao"] and not any(e.source_id == "src_lao2" for e in keep2.evidence)
    assert restored.review_status == "candidate" and restored.notes is None
    assert [a["action"] for a in seeded.audit("event", "ev_lao_2023_dup")][:2] == ["unmerge", "merge"]
    with pytest.raises(workflow.ReviewError):
        workflow.unmerge(seeded, "event", "ev_rus_2023", "rita")


def test_add_record_by_hand(seeded):
    rec = workflow.add_record(seeded, "event", {"event_type": "bilateral_meeting", "date": "2023-05-25",
                                                "counterparts": [{"country_iso3": "LAO"}]}, "src_lao", "ann")
    assert rec.review_status == "coded" and rec.sources == ["src_lao"] and rec.coder == "ann"
    with pytest.raises(workflow.ReviewError, match="no source"):
        workflow.add_record(seeded, "event", {"event_type": "other"}, "src_nope", "ann")


def test_users_and_roles(seeded):
    assert users.authenticate(seeded, "ann", "ann-password").role == "coder"
    assert users.authenticate(seeded, "ann", "wrong-password") is None
    assert users.authenticate(seeded, "nobody", "ann-password") is None
    assert users.get_user(seeded, "rita").can("coder") and not users.get_user(seeded, "vic").can("coder")
    with pytest.raises(users.UserError):
        users.add_user(seeded, "ann", "coder", "another-pass")
    with pytest.raises(users.UserError, match="role"):
        users.add_user(seeded, "zed", "boss", "zed-password")


def test_double_coding_round_and_reliability(seeded):
    units = [("event", f"ev_extra_{i}") for i in range(6)]
    with pytest.raises(workflow.ReviewError, match="not an active coder"):
        double.create_round(seeded, "r", "ann", "vic", units, "rita")
    rid = double.create_round(seeded, "pilot", "ann", "bob", units, "rita")
    mine = double.assignments(seeded, "ann")
    assert len(mine) == 6 and all(a["coder"] == "ann" for a in mine)
    for i, a in enumerate(mine):
        vals = double.starting_values(seeded, a)
        double.submit_coding(seeded, a["id"], "ann", vals)
    for i, b in enumerate(double.assignments(seeded, "bob")):
        vals = double.starting_values(seeded, b)
        if i in (0, 1):  # bob disagrees on mode for two units, and on topics for one
            vals["mode"] = "phone"
        if i == 2:
            vals["topics"] = ["transnational_crime", "counterdrug"]
        double.submit_coding(seeded, b["id"], "bob", vals)
    dis = double.disagreements(seeded, rid)
    assert {u.record_id for u in dis} == {"ev_extra_0", "ev_extra_1", "ev_extra_2"}
    assert seeded.get("event", "ev_extra_3").review_status == "double_coded"
    done = [a for a in double.assignments(seeded, "ann", pending_only=False) if a["record_id"] == "ev_extra_3"][0]
    with pytest.raises(workflow.ReviewError, match="already resolved"):
        double.submit_coding(seeded, done["id"], "ann", double.starting_values(seeded, done))
    with pytest.raises(workflow.ReviewError, match="mode"):
        double.adjudicate(seeded, rid, "event", "ev_extra_0", {}, "rita")
    double.adjudicate(seeded, rid, "event", "ev_extra_0", {"mode": "bob"}, "rita")
    ev = seeded.get("event", "ev_extra_0")
    assert ev.review_status == "adjudicated" and ev.mode == "phone"
    rows = {r.variable: r for r in reliability.reliability(seeded, "event")}
    assert rows["mode"].units == 6 and rows["mode"].agreement == pytest.approx(4 / 6, abs=1e-3)
    assert rows["mode"].alpha is not None and rows["mode"].alpha < 1
    assert rows["event_type"].alpha is None and "no variation" in rows["event_type"].note
    assert rows["topics.counterdrug"].agreement == pytest.approx(5 / 6, abs=1e-3)
    assert "topics.transnational_crime" in rows
    # alpha agrees with an independent computation by the krippendorff package
    import krippendorff
    import numpy as np

    a = [{"in_person": 0, "video": 1, "phone": 2}[m] for m in ["in_person", "video", "in_person", "video", "in_person", "video"]]
    b = [2, 2] + a[2:]
    assert rows["mode"].alpha == pytest.approx(krippendorff.alpha(np.array([a, b], dtype=float), level_of_measurement="nominal"), abs=1e-3)

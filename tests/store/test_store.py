"""The store on SQLite and PostgreSQL: writes, versions, conflicts, audit trail."""

import pytest

from isd.model import Agreement, Counterpart, Event, Evidence, Party, Source, interactions
from isd.store import ConflictError, NotFoundError


def _event(**kw):
    base = dict(id="ev1", event_type="multilateral_meeting", date="2024-09-10",
                counterparts=[Counterpart(country_iso3="FJI"), Counterpart(country_iso3="SLB"), Counterpart(country_iso3="FJI")],
                topics=["capacity_building"], evidence=[Evidence(field="date", start=3, end=9)])
    base.update(kw)
    return Event(**base)


def test_put_get_roundtrip_preserves_order_and_nesting(store):
    ev = _event()
    store.put(ev, user="alice")
    got = store.get("event", "ev1")
    assert got.model_dump() == ev.model_dump()
    assert [c.country_iso3 for c in got.counterparts] == ["FJI", "SLB", "FJI"]


def test_unchanged_write_is_a_no_op(store):
    store.put(_event(), user="a")
    counts = store.put_many([_event()], user="a")
    assert counts == {"created": 0, "updated": 0, "unchanged": 1}
    assert store.get("event", "ev1").version == 1
    assert len(store.audit("event", "ev1")) == 1


def test_update_bumps_version_and_audits_before_after(store):
    store.put(_event(), user="alice")
    store.put(_event(topics=["counterdrug"]), user="bob", expected_version=1)
    got = store.get("event", "ev1")
    assert got.version == 2 and got.topics == ["counterdrug"]
    log = store.audit("event", "ev1")
    assert [r["user"] for r in log] == ["bob", "alice"]
    assert log[0]["before"]["topics"] == ["capacity_building"]
    assert log[0]["after"]["topics"] == ["counterdrug"]


def test_optimistic_locking_refuses_stale_write(store):
    store.put(_event(), user="alice")
    store.put(_event(notes="alice's edit"), user="alice", expected_version=1)
    with pytest.raises(ConflictError) as exc:
        store.put(_event(notes="bob's edit"), user="bob", expected_version=1)
    assert exc.value.actual == 2
    assert store.get("event", "ev1").notes == "alice's edit"


def test_failed_batch_writes_nothing(store):
    good = _event(id="ok")
    with pytest.raises(Exception):
        with store.transaction() as conn:
            store.put_many([good], conn=conn)
            raise RuntimeError("boom")
    assert store.get("event", "ok") is None


def test_delete_leaves_a_trace(store):
    store.put(_event(), user="alice")
    store.delete("event", "ev1", user="admin", note="duplicate")
    assert store.get("event", "ev1") is None
    last = store.audit("event", "ev1")[0]
    assert last["action"] == "delete" and last["before"]["id"] == "ev1" and last["after"] is None
    with pytest.raises(NotFoundError):
        store.delete("event", "ev1")


def test_child_tables_are_queryable(store):
    store.put_many([_event(), Agreement(id="a1", parties=[Party(organization="sco")], format="multilateral"),
                    Source(id="s1", url="https://example.org/a")])
    topics = store.read_table("event_topics")
    assert list(topics["topic"]) == ["capacity_building"]
    parties = store.read_table("agreement_parties")
    assert list(parties["organization"]) == ["sco"]
    assert store.count("source") == 1


def test_interactions_are_event_by_distinct_party():
    ev = _event()
    rows = list(interactions([ev]))
    assert [r.party for r in rows] == ["FJI", "SLB"]
    assert all(r.multilateral for r in rows)


def test_many_records_in_chunks(store):
    evs = [_event(id=f"e{i:04d}") for i in range(1234)]
    assert store.put_many(evs)["created"] == 1234
    assert len(store.ids("event")) == 1234
    assert sum(1 for _ in store.iter("event")) == 1234

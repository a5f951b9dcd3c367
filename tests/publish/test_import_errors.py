"""Bad input is reported with file, row and column, and the store stays unchanged."""

import csv
import json
from pathlib import Path

import pytest

from isd.codebook import load_codebook
from isd.errors import InputError
from isd.publish.exporter import export
from isd.publish.importer import import_path


def _write_csv(path: Path, header, rows):
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(header)
        w.writerows(rows)
    return path


GOOD = ["id", "date", "doc_type", "format", "title_en", "topics", "parties"]


def _agreements(tmp_path, rows):
    return _write_csv(tmp_path / "agreements.csv", GOOD, rows)


@pytest.fixture
def cb():
    return load_codebook()


def _problems(store, path, cb):
    before = {k: store.count(k) for k in store.record_kinds()}
    with pytest.raises(InputError) as exc:
        import_path(store, path, cb)
    assert {k: store.count(k) for k in store.record_kinds()} == before, "a failed import wrote something"
    return exc.value.problems


def test_single_csv_with_inline_lists_imports(store, tmp_path, cb):
    p = _agreements(tmp_path, [["a1", "2016-05-02", "mou", "bilateral", "MOU on joint patrols", "capacity_building;overseas_interests_bri", "ITA"]])
    rep = import_path(store, p, cb)
    assert rep.counts["created"] == 1
    ag = store.get("agreement", "a1")
    assert ag.topics == ["capacity_building", "overseas_interests_bri"]
    assert ag.parties[0].country_iso3 == "ITA"


@pytest.mark.parametrize(
    "row, column, words",
    [
        (["a1", "2016-05-02", "mou", "bilateral", "x", "counterdrug", "XXX"], "parties", "unknown country"),
        (["a1", "2016-13-45", "mou", "bilateral", "x", "counterdrug", "ITA"], "date", "expected a date"),
        (["a1", "2016-05-02", "mou", "bilateral", "x", "space_piracy", "ITA"], "topics", "not a codebook code"),
        (["a1", "2016-05-02", "treaty", "bilateral", "x", "counterdrug", "ITA"], "doc_type", "not one of the codebook codes"),
        (["", "2016-05-02", "mou", "bilateral", "x", "counterdrug", "ITA"], "id", "required"),
    ],
)
def test_bad_values_name_file_row_column(store, tmp_path, cb, row, column, words):
    good = ["a0", "2015-01-01", "mou", "bilateral", "fine", "counterdrug", "VNM"]
    p = _agreements(tmp_path, [good, row])
    problems = _problems(store, p, cb)
    assert problems, "expected problems"
    hit = [pr for pr in problems if words in pr.message]
    assert hit, [str(x) for x in problems]
    assert hit[0].file.endswith("agreements.csv")
    assert hit[0].row == 3  # spreadsheet row: header 1, good row 2, bad row 3
    assert column in (hit[0].column or "")


def test_duplicate_id(store, tmp_path, cb):
    p = _agreements(tmp_path, [["a1", "2016-05-02", "mou", "bilateral", "x", "", "ITA"],
                               ["a1", "2017-05-02", "mou", "bilateral", "y", "", "ITA"]])
    problems = _problems(store, p, cb)
    assert any("duplicate id" in pr.message and pr.row == 3 for pr in problems)


def test_missing_required_column(store, tmp_path, cb):
    p = _write_csv(tmp_path / "events.csv", ["id", "date"], [["e1", "2024-01-01"]])
    problems = _problems(store, p, cb)
    assert any(pr.column == "event_type" for pr in problems)


def test_one_bad_row_blocks_everything(store, tmp_path, cb):
    rows = [[f"a{i}", "2016-05-02", "mou", "bilateral", "x", "", "ITA"] for i in range(50)]
    rows.append(["bad", "yesterday", "mou", "bilateral", "x", "", "ITA"])
    _problems(store, _agreements(tmp_path, rows), cb)
    assert store.count("agreement") == 0


@pytest.mark.parametrize("content, words", [
    (b"", "empty"),
    ("id,date\n".encode("gbk") + "a1,二〇一六年\n".encode("gbk"), "UTF-8"),
    (b'id,date\n"a1,2016-01-01\n', "malformed"),
    (b"id,date\na1,2016-01-01,extra\n", "cells"),
])
def test_broken_csv_files(store, tmp_path, cb, content, words):
    p = tmp_path / "agreements.csv"
    p.write_bytes(content)
    problems = _problems(store, p, cb)
    assert any(words.lower() in pr.message.lower() for pr in problems), [str(x) for x in problems]
    assert all(pr.file.endswith("agreements.csv") for pr in problems)


def test_unknown_table_name(store, tmp_path, cb):
    p = _write_csv(tmp_path / "meetings.csv", ["id"], [["x"]])
    problems = _problems(store, p, cb)
    assert "unknown table" in problems[0].message


def test_jsonl_errors_name_line_and_field(store, tmp_path, cb):
    lines = [
        {"kind": "event", "id": "e1", "event_type": "bilateral_meeting", "date": "2024-01-01",
         "counterparts": [{"country_iso3": "KGZ"}]},
        {"kind": "event", "id": "e2", "event_type": "tea_party", "date": "2024-01-01"},
        "not json",
        {"kind": "event", "id": "e1", "event_type": "bilateral_meeting"},
    ]
    p = tmp_path / "x.jsonl"
    p.write_text("\n".join(l if isinstance(l, str) else json.dumps(l) for l in lines), encoding="utf-8")
    problems = _problems(store, p, cb)
    rows = {pr.row for pr in problems}
    assert {2, 3, 4} <= rows
    assert any(pr.row == 2 and pr.column == "event_type" for pr in problems)


def test_dangling_child_rows_and_sources(store, tmp_path, cb, sample_records):
    from isd.store import Store

    src = Store(f"sqlite:///{tmp_path / 'src.sqlite'}")
    src.migrate()
    src.put_many(sample_records)
    out = export(src, "csv", tmp_path / "csv")
    # drop the sources table: records now point at unknown sources
    (out / "sources.csv").unlink()
    # and add an orphan topic row
    with open(out / "event_topics.csv", "a", encoding="utf-8") as fh:
        fh.write("ghost,0,counterdrug\n")
    problems = _problems(store, out, cb)
    msgs = " | ".join(str(p) for p in problems)
    assert "source 'src_a' is neither in the input nor in the store" in msgs
    assert "'ghost' is not in events" in msgs


def test_hostile_text_is_kept_verbatim(store, tmp_path, cb):
    evil = "<script>alert(1)</script>'; DROP TABLE events; --"
    p = _agreements(tmp_path, [["a1", "2016-05-02", "mou", "bilateral", evil, "", "ITA"]])
    import_path(store, p, cb)
    assert store.get("agreement", "a1").title_en == evil
    assert store.count("agreement") == 1

"""The fast paths of issue 5 give the same results as the straightforward ones."""

from __future__ import annotations

import isd.analyze as ia
from isd.analyze.output import ids_text, to_csv_frame
from isd.analyze.registry import load_all, tidy


def test_sql_list_columns_are_python_lists_with_duckdb_dtypes(ds):
    query = """SELECT year, count(*) AS n, list_sort(list(id)) AS record_ids, any_value(partner) AS partner,
                      min(date) AS first FROM agr WHERE year IS NOT NULL GROUP BY year ORDER BY year"""
    fast = ds.sql(query)
    plain = tidy(ds.con.execute(query).df())  # DuckDB's own conversion, then tidy (the old path)
    assert list(fast.columns) == list(plain.columns)
    assert [str(t) for t in fast.dtypes] == [str(t) for t in plain.dtypes]
    assert all(isinstance(v, list) for v in fast.record_ids)
    assert fast.record_ids.tolist() == plain.record_ids.tolist()
    assert fast.drop(columns="record_ids").equals(plain.drop(columns="record_ids"))


def test_sql_null_lists_become_empty_lists_as_tidy_did(ds):
    query = """SELECT * FROM (VALUES (1, ['a', 'b']), (2, NULL), (3, [])) v(k, ids) ORDER BY k"""
    assert ds.sql(query).ids.tolist() == [["a", "b"], [], []]
    first_null = "SELECT * FROM (VALUES (1, NULL), (2, ['x'])) v(k, ids) ORDER BY k"
    got = tidy(ds.sql(first_null))
    want = tidy(ds.con.execute(first_null).df())

    def norm(v):
        return list(v) if hasattr(v, "__len__") and not isinstance(v, str) else None  # None / NA / NaN alike

    assert [norm(v) for v in got.ids] == [norm(v) for v in want.ids]
    assert norm(got.ids.iloc[1]) == ["x"]


def test_every_analysis_matches_the_duckdb_conversion(ds, monkeypatch):
    """Run each analysis with Dataset.sql replaced by the old conversion; results must be equal."""
    fast = {name: a.impl(ds) for name, a in load_all().items()}

    def old_sql(self, q, params=None):
        df = self.con.execute(q, list(params) if params is not None else None).df()
        if "record_evnos" in df:  # events listed by number (ev_k): the ids, by a plain lookup
            ids = dict(self.con.execute("SELECT ev_k, id FROM ev").fetchall())
            df["record_evnos"] = [[ids[int(k)] for k in v] for v in df["record_evnos"]]
            df = df.rename(columns={"record_evnos": "record_ids"})
        return df

    monkeypatch.setattr(type(ds), "sql", old_sql)
    for name, a in load_all().items():
        slow = a.impl(ds)
        f = fast[name]
        assert list(f.columns) == list(slow.columns), name
        assert [str(t) for t in f.dtypes] == [str(t) for t in slow.dtypes], name
        assert f.astype(object).where(f.notna(), None).values.tolist() == \
            slow.astype(object).where(slow.notna(), None).values.tolist(), name


def test_event_numbers_list_the_event_ids_in_id_order(ds):
    """Event analyses list events by number (ev_k) and Dataset.sql turns them into ids: the
    same lists as sorting the ids themselves."""
    got = ia.interactions_by_country(ds)
    want = ds.con.execute("SELECT iso3, list_sort(list(event_id)) FROM inter WHERE iso3 IS NOT NULL GROUP BY iso3").fetchall()
    assert len(got) == len(want) > 0
    assert {r.iso3: r.record_ids for r in got.itertuples()} == {k: list(v) for k, v in want}
    order = ds.con.execute("SELECT list(id ORDER BY ev_k) = list_sort(list(id)), count(*) = max(ev_k) + 1 FROM ev").fetchone()
    assert order == (True, True)


def test_coverage_ids_sorted_unique_and_traceable(ds):
    c = ia.coverage(ds)
    for r in c.itertuples():
        assert isinstance(r.record_ids, list)
        assert r.record_ids == sorted(set(r.record_ids)), r.figure_id
    row = c.set_index("figure_id").loc["agr_partner_countries_all"]
    assert row.project == 4 and row.record_ids  # countries named by the agreements, from the side table


def test_ids_text_fast_path_and_fallback():
    assert ids_text(["A1", "A2"]) == "A1;A2"
    assert ids_text([1, 2]) == "1;2"  # not strings: joined as text
    assert ids_text([]) == "" and ids_text(None) == ""
    assert ids_text(["A1", "A2", "A3"], max_ids=2) == "A1;A2;… (+1)"
    import pandas as pd

    out = to_csv_frame(pd.DataFrame({"k": [1], "record_ids": [["x", "y"]]}))
    assert out.record_ids.tolist() == ["x;y"]


def test_lazy_ids_give_the_same_tables_and_ids(ds):
    """With Dataset.lazy_ids (the report) record_ids stay Arrow lists; the values are the same."""
    from isd.analyze.output import ids_array, split_ids

    eager = {name: a.impl(ds) for name, a in load_all().items()}
    ds.lazy_ids = True
    try:
        lazy = {name: a.impl(ds) for name, a in load_all().items()}
    finally:
        ds.lazy_ids = False
    for name, e in eager.items():
        f = lazy[name]
        assert list(f.columns) == list(e.columns), name
        assert ids_array(f.record_ids).to_pylist() == e.record_ids.tolist(), name
        rest_f, rest_e = f.drop(columns="record_ids"), e.drop(columns="record_ids")
        assert rest_f.astype(object).where(rest_f.notna(), None).values.tolist() == \
            rest_e.astype(object).where(rest_e.notna(), None).values.tolist(), name
        table, long = split_ids(f)
        assert "record_ids" not in table and long.num_rows == sum(len(i) for i in e.record_ids), name
        pairs = list(zip(long.column("row").to_pylist(), long.column("record_id").to_pylist()))
        assert pairs == [(r + 1, i) for r, ids in enumerate(e.record_ids) for i in ids], name


def test_split_ids_names_rows_by_number_and_first_text_column():
    import pandas as pd

    from isd.analyze.output import split_ids

    df = pd.DataFrame({"period": ["2024", "2025"], "agency": ["MPS", "MSS"], "events": [2, 0],
                       "record_ids": [["E1", "E2"], []]})
    table, long = split_ids(df)
    assert list(table.columns) == ["period", "agency", "events"]
    assert long.to_pylist() == [{"row": 1, "period": "2024", "record_id": "E1"},
                                {"row": 1, "period": "2024", "record_id": "E2"}]
    _, numbered = split_ids(df[["events", "period", "record_ids"]])  # first column not text: the row number only
    assert numbered.column_names == ["row", "record_id"]

"""Benchmark: every analysis over ~1,000,000 synthetic interactions and 100,000 agreements,
then the full report (target: under 10 seconds).

The synthetic store is built fast by bulk-inserting rows straight into the store's tables
with SQLAlchemy core executemany, in a temporary SQLite file (no per-record audit rows).

    PYTHONPATH=src /work/venv/bin/python benchmarks/analyze.py [--events 400000] [--agreements 100000] [--keep DIR]
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
import tempfile
import time
from pathlib import Path

TOPICS = ["social_stability", "transnational_crime", "counterdrug", "telecom_fraud", "counterterrorism",
          "overseas_interests_bri", "capacity_building", "event_security", "cybercrime", "financial_crime_gambling",
          "human_trafficking", "immigration_border"]
RANKS = ["minister", "executive_vice_minister", "vice_minister", "assistant_minister", "other", None]
OFFICIALS = [("wang_xiaohong", "Wang Xiaohong"), ("zhao_kezhi", "Zhao Kezhi"), ("guo_shengkun", "Guo Shengkun"),
             ("meng_jianzhu", "Meng Jianzhu"), (None, "A Vice Minister")]
AGENCY_TYPES = ["interior_home_affairs", "public_security", "state_security", "national_police", "justice",
                "immigration_border", "narcotics", None]
DOCS = ["protocol", "accord", "mou", "meeting_minutes", "joint_statement", "action_plan", "cooperation_document"]
ORGS = ["sco", "sco_rats", "asean", "lmlecc", "interpol", "eu"]
STATUSES = ["coded"] * 6 + ["double_coded", "adjudicated", "candidate"]
CONTEXTS = [None] * 6 + ["GPSCFL {y}", "SCO {y}", "China–Central Asia dialogue {y}", "China–East Africa dialogue {y}"]


def build(url: str, n_events: int, n_agreements: int, seed: int = 1) -> dict[str, int]:

    from isd.codebook import load_codebook
    from isd.store import Store

    rnd = random.Random(seed)
    countries = [c.iso3 for c in load_codebook().countries if c.iso3 != "CHN"]
    store = Store(url)
    store.migrate()
    now = dt.datetime(2026, 1, 1)
    counts: dict[str, int] = {}

    def insert(conn, table: str, rows: list[dict]) -> None:
        if rows:
            keys = set().union(*rows)  # executemany needs the same keys in every row
            for r in rows:
                for k in keys:
                    r.setdefault(k, None)
            conn.execute(store.table(table).insert(), rows)
            counts[table] = counts.get(table, 0) + len(rows)

    start = dt.date(2006, 1, 1).toordinal()
    span = dt.date(2025, 12, 31).toordinal() - start
    with store.transaction() as conn:
        for chunk in range(0, n_agreements, 20000):
            main, parties, topics = [], [], []
            for i in range(chunk, min(chunk + 20000, n_agreements)):
                aid = f"agr_{i:07d}"
                multi = rnd.random() < 0.17
                day = dt.date.fromordinal(start + rnd.randrange(span))
                off_id, off_name = rnd.choice(OFFICIALS)
                main.append({"id": aid, "review_status": rnd.choice(STATUSES), "version": 1, "date": day,
                             "date_precision": "day", "format": "multilateral" if multi else "bilateral",
                             "chinese_signatory_name": off_name, "chinese_signatory_rank": rnd.choice(RANKS),
                             "chinese_signatory_official_id": off_id if rnd.random() < 0.5 else None,
                             "counterpart_signatory_agency_type": rnd.choice(AGENCY_TYPES),
                             "counterpart_signatory_rank_level": rnd.choice(["ministerial", "vice_ministerial", "unknown"]),
                             "signer_is_mps": rnd.random() < 0.93, "chinese_agency": "MPS",
                             "doc_type": rnd.choice(DOCS), "status": "unknown", "full_text_available": False,
                             "created_at": now, "updated_at": now})
                if multi:
                    parties.append({"agreement_id": aid, "position": 0, "organization": rnd.choice(ORGS)})
                    for p in range(rnd.randrange(0, 3)):
                        parties.append({"agreement_id": aid, "position": p + 1, "country_iso3": rnd.choice(countries)})
                else:
                    parties.append({"agreement_id": aid, "position": 0, "country_iso3": rnd.choice(countries[:80])})
                for p, t in enumerate(rnd.sample(TOPICS, rnd.choice([0, 1, 1, 2, 3, 4]))):
                    topics.append({"agreement_id": aid, "position": p, "topic": t})
            insert(conn, "agreements", main)
            insert(conn, "agreement_parties", parties)
            insert(conn, "agreement_topics", topics)
        estart = dt.date(2022, 1, 1).toordinal()
        espan = dt.date(2025, 12, 31).toordinal() - estart
        for chunk in range(0, n_events, 20000):
            main, cps, side, topics = [], [], [], []
            for i in range(chunk, min(chunk + 20000, n_events)):
                eid = f"ev_{i:07d}"
                day = dt.date.fromordinal(estart + rnd.randrange(espan))
                multi = rnd.random() < 0.3
                ctx = rnd.choice(CONTEXTS)
                etype = "multilateral_meeting" if multi else ("sideline_bilateral" if ctx else "bilateral_meeting")
                main.append({"id": eid, "review_status": rnd.choice(STATUSES), "version": 1, "date": day,
                             "date_precision": "day", "event_type": etype,
                             "multilateral_context": ctx.format(y=day.year) if ctx else None, "mode": "in_person",
                             "created_at": now, "updated_at": now})
                parties = rnd.sample(countries, rnd.randrange(3, 10)) if multi else [rnd.choice(countries)]
                for p, c in enumerate(parties):
                    cps.append({"event_id": eid, "position": p, "country_iso3": c, "rank_level": "ministerial"})
                agency = rnd.choices(["MPS", "CPLC", "MSS"], [85, 12, 3])[0]
                name = {"MPS": "Wang Xiaohong", "CPLC": "Chen Wenqing", "MSS": "Chen Yixin"}[agency]
                side.append({"event_id": eid, "position": 0, "name_en": name, "agency": agency, "rank": "minister"})
                for p, t in enumerate(rnd.sample(TOPICS, rnd.randrange(0, 3))):
                    topics.append({"event_id": eid, "position": p, "topic": t})
            insert(conn, "events", main)
            insert(conn, "event_counterparts", cps)
            insert(conn, "event_chinese_side", side)
            insert(conn, "event_topics", topics)
        tr, rec = [], []
        for i in range(n_agreements // 10):
            tid = f"tr_{i:06d}"
            tr.append({"id": tid, "review_status": "coded", "version": 1, "date": dt.date.fromordinal(start + rnd.randrange(span)),
                       "date_precision": "day", "chinese_agency": "MPS", "created_at": now, "updated_at": now})
            for p, c in enumerate(rnd.sample(countries, rnd.randrange(1, 4))):
                rec.append({"training_id": tid, "position": p, "country_iso3": c})
        insert(conn, "trainings", tr)
        insert(conn, "training_recipients", rec)
    store.close()
    return counts


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--events", type=int, default=400_000, help="synthetic events (≈2.5 interactions each)")
    ap.add_argument("--agreements", type=int, default=100_000)
    ap.add_argument("--keep", type=Path, help="build the store and report in this directory (kept)")
    args = ap.parse_args(argv)

    from isd.analyze.data import Dataset, Filters
    from isd.analyze.registry import load_all
    from isd.analyze.report import build_report
    from isd.context import Context, Settings

    work = args.keep or Path(tempfile.mkdtemp(prefix="isd-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    db = work / "bench.sqlite"
    url = f"sqlite:///{db}"
    if not db.exists():
        t = time.perf_counter()
        counts = build(url, args.events, args.agreements)
        print(f"built synthetic store in {time.perf_counter() - t:.1f} s: "
              + ", ".join(f"{k}={v:,}" for k, v in counts.items()))
    ctx = Context(Settings(home=work / "home", database_url=url), quiet=True)
    _ = ctx.codebook  # loaded once, as in a real run

    t = time.perf_counter()
    ds = Dataset.from_store(ctx.store, codebook=ctx.codebook, filters=Filters(status="reviewed"),
                            cache_dir=ctx.settings.home / "cache" / "analyze")  # the snapshot `isd report` uses
    load = time.perf_counter() - t
    n_inter = ds.con.execute("SELECT count(*) FROM inter").fetchone()[0]
    n_agr = ds.con.execute("SELECT count(*) FROM agr").fetchone()[0]
    print(f"load store into DuckDB (Arrow snapshot when current): {load:.2f} s  (reviewed: {n_inter:,} interactions, {n_agr:,} MPS agreements)")
    total = 0.0
    ds.lazy_ids = True  # as `isd report` runs them: record ids stay Arrow lists (written to <name>_records.csv)
    for name, a in load_all().items():
        t = time.perf_counter()
        df = a.impl(ds)
        dt_ = time.perf_counter() - t
        total += dt_
        print(f"  {name:28s} {dt_:6.2f} s  {len(df):6d} rows")
    print(f"all analyses: {total:.2f} s")
    ds.close()

    t, cpu = time.perf_counter(), time.process_time()
    path = build_report(ctx, work / "report", pdf=False)
    took, cpu = time.perf_counter() - t, time.process_time() - cpu
    import os

    print(f"full report (load + analyses + CSV + charts + HTML, no PDF): {took:.2f} s wall, {cpu:.2f} s CPU "
          f"(load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores) -> {path}")
    print((work / "report" / "timings.txt").read_text(encoding="utf-8"))
    ctx.close()
    ok = took < 10
    print("OK: under 10 s" if ok else "SLOW: over the 10 s target")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())

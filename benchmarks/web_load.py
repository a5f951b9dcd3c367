"""Bounded load test of the web app on loopback.

Builds a synthetic store (events with sources and stored documents, written in our own
words), starts the app with uvicorn in a subprocess on a free 127.0.0.1 port, logs in
as a viewer and runs N concurrent readers (httpx async) over the main pages for a fixed
time; then stops everything and prints median and p99 latency per page and the error
count.  Nothing leaves the machine.

    PYTHONPATH=src python benchmarks/web_load.py                 # 50 readers, 30 s
    PYTHONPATH=src python benchmarks/web_load.py --readers 10 --seconds 5 --events 300
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import hashlib
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PASSWORD = "load-test-password"
COUNTRIES = ["LAO", "VNM", "THA", "KHM", "MMR", "PAK", "KAZ", "KGZ", "TJK", "UZB", "RUS", "SRB", "HUN", "EGY",
             "KEN", "NGA", "ZAF", "BRA", "ARG", "SLB", "FJI", "VUT", "IDN", "MYS", "SGP", "PHL", "NPL", "LKA"]
TOPICS = ["transnational_crime", "counterdrug", "telecom_fraud", "counterterrorism", "capacity_building",
          "cybercrime", "immigration_border", "overseas_interests_bri"]


def build_store(path: Path, n_events: int) -> None:
    from isd.model import ChineseParticipant, Counterpart, Event, Evidence, Location, Source
    from isd.review.users import add_user
    from isd.store import Store

    rng = random.Random(7)
    store = Store(f"sqlite:///{path}")
    store.migrate()
    records, docs = [], []
    for i in range(n_events):
        iso = rng.choice(COUNTRIES)
        day = dt.date(2022, 1, 1) + dt.timedelta(days=rng.randrange(1400))
        text = (f"BEIJING (item {i}) -- The Minister of Public Security met a visiting delegation from {iso} on "
                f"{day:%B %d}. The two sides agreed to work together on {rng.choice(TOPICS).replace('_', ' ')}.")
        doc_id = f"doc_load_{i}"
        docs.append({"id": doc_id, "url": f"https://example.org/load/{i}", "sha256": hashlib.sha256(text.encode()).hexdigest(),
                     "title": f"Minister meets {iso} delegation", "text": text, "language": "en"})
        src = Source(id=f"src_load_{i}", url=f"https://example.org/load/{i}", title=f"Minister meets {iso} delegation",
                     publisher="synthetic", published=day, document_id=doc_id)
        start = text.index("visiting delegation")
        ev = Event(id=f"ev_load_{i:05d}", date=day, event_type=rng.choice(["bilateral_meeting", "sideline_bilateral"]),
                   location=Location(city="Beijing", country_iso3="CHN"),
                   chinese_side=[ChineseParticipant(name_en="Wang Xiaohong", agency="MPS", rank="minister")],
                   counterparts=[Counterpart(country_iso3=iso)], topics=rng.sample(TOPICS, 2), sources=[src.id],
                   review_status=rng.choice(["candidate", "coded", "coded"]),
                   evidence=[Evidence(field="counterparts[0].country_iso3", source_id=src.id, start=start,
                                      end=start + 19, text="visiting delegation")])
        records += [src, ev]
    with store.transaction() as conn:
        conn.execute(store.table("documents").insert(), docs)
    store.put_many(records, user="load")
    add_user(store, "reader", "viewer", PASSWORD)
    store.close()


def serve(db: str, port: int) -> None:
    import uvicorn

    from isd.store import Store
    from isd.web.app import create_app

    store = Store(f"sqlite:///{db}")
    uvicorn.run(create_app(store, secret="load-test-secret"), host="127.0.0.1", port=port, log_level="warning")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


async def run_load(base: str, readers: int, seconds: float, n_events: int) -> dict[str, list[float]]:
    import httpx

    pages = {
        "dashboard": lambda r: "/",
        "events list": lambda r: f"/events?page={r.randrange(1, max(2, n_events // 50))}",
        "events search": lambda r: f"/events?q={r.choice(COUNTRIES)}&year_from=2023",
        "record": lambda r: f"/records/event/ev_load_{r.randrange(n_events):05d}",
        "source text": lambda r: f"/sources/src_load_{r.randrange(n_events)}",
        "api events": lambda r: f"/api/events?country={r.choice(COUNTRIES)}&limit=50",
        "reliability": lambda r: "/reliability",
    }
    times: dict[str, list[float]] = {k: [] for k in pages}
    errors: dict[str, int] = {k: 0 for k in pages}
    limits = httpx.Limits(max_connections=readers, max_keepalive_connections=readers)
    async with httpx.AsyncClient(base_url=base, timeout=30, limits=limits) as client:
        r = await client.get("/login")
        token = r.text.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
        r = await client.post("/login", data={"csrf_token": token, "username": "reader", "password": PASSWORD})
        if r.status_code != 303:
            raise SystemExit(f"login failed: {r.status_code}")
        await client.get("/")  # warm the dashboard cache once, as a running server would be
        stop = time.monotonic() + seconds

        async def reader(i: int) -> None:
            rng = random.Random(i)
            names = list(pages)
            while time.monotonic() < stop:
                name = rng.choice(names)
                t0 = time.perf_counter()
                try:
                    resp = await client.get(pages[name](rng))
                    ok = resp.status_code == 200
                except httpx.HTTPError:
                    ok = False
                times[name].append(time.perf_counter() - t0)
                if not ok:
                    errors[name] += 1

        await asyncio.gather(*(reader(i) for i in range(readers)))
    return {"times": times, "errors": errors}  # type: ignore[return-value]


def p99(values: list[float]) -> float:
    if len(values) < 2:
        return values[0] if values else float("nan")
    return statistics.quantiles(values, n=100, method="inclusive")[98]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--readers", type=int, default=50)
    ap.add_argument("--seconds", type=float, default=30.0)
    ap.add_argument("--events", type=int, default=2000)
    ap.add_argument("--serve", nargs=2, metavar=("DB", "PORT"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.serve:
        serve(args.serve[0], int(args.serve[1]))
        return
    import httpx

    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "load.sqlite"
        t0 = time.time()
        build_store(db, args.events)
        print(f"store: {args.events} events with sources and documents in {time.time() - t0:.1f} s")
        port = free_port()
        env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(Path(__file__).resolve().parents[1] / "src"),
                                                             os.environ.get("PYTHONPATH", "")])}
        proc = subprocess.Popen([sys.executable, __file__, "--serve", str(db), str(port)], env=env)
        try:
            base = f"http://127.0.0.1:{port}"
            deadline = time.time() + 30
            while True:
                try:
                    if httpx.get(base + "/healthz", timeout=1).status_code == 200:
                        break
                except httpx.HTTPError:
                    pass
                if time.time() > deadline or proc.poll() is not None:
                    raise SystemExit("the server did not start")
                time.sleep(0.1)
            out = asyncio.run(run_load(base, args.readers, args.seconds, args.events))
        finally:
            proc.terminate()
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                proc.kill()
    times, errors = out["times"], out["errors"]
    total = sum(len(v) for v in times.values())
    print(f"\n{args.readers} concurrent readers for {args.seconds:.0f} s: {total} requests "
          f"({total / args.seconds:.0f}/s), {sum(errors.values())} errors")
    print(f"{'page':<15} {'requests':>8} {'median ms':>10} {'p99 ms':>9} {'errors':>7}")
    for name, vals in times.items():
        if vals:
            print(f"{name:<15} {len(vals):>8} {statistics.median(vals) * 1000:>10.1f} {p99(vals) * 1000:>9.1f} "
                  f"{errors[name]:>7}")
    allv = [v for vals in times.values() for v in vals]
    if allv:
        print(f"{'all':<15} {len(allv):>8} {statistics.median(allv) * 1000:>10.1f} {p99(allv) * 1000:>9.1f} "
              f"{sum(errors.values()):>7}")


if __name__ == "__main__":
    main()

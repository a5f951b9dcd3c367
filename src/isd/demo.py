"""``isd demo``: the main job on the embedded default, offline.

collect (the bundled sample pages, archived to WARC) → extract candidate events →
load the bundled reviewed seed records → show the review state → write the report.
Every step uses the same code paths as the real verbs.
"""

from __future__ import annotations

from pathlib import Path

from isd.context import Context


def run_demo(ctx: Context, out: Path | None = None) -> Path:
    con = ctx.console
    con.rule("[bold]isd demo[/]")
    con.print(f"data directory: {ctx.settings.home}\nstore: {ctx.settings.db_url}")

    con.rule("1. collect")
    from isd.collect.sample import collect_sample

    summary = collect_sample(ctx)
    con.print(f"sample sources collected: {summary}")

    con.rule("2. extract")
    from isd.extract.store import extract_from_store

    ext = extract_from_store(ctx, only_new=True)
    con.print(f"extraction: {ext}")

    con.rule("3. bundled reviewed records")
    from isd.dataset import load_release, release_info

    counts = load_release(ctx)
    con.print(f"bundled release {release_info().get('version')}: {counts}")

    con.rule("4. review state")
    from isd.stats import compute_stats

    stats = compute_stats(ctx.store, ctx.codebook)
    for kind, entry in stats["records"].items():
        if entry["total"]:
            status = ", ".join(f"{k} {v}" for k, v in entry["by_review_status"].items())
            con.print(f"  {kind:<11} {entry['total']:>5}  ({status})")
    con.print(f"  documents collected: {stats['documents']}, interactions: {stats['interactions']}")
    con.print("  review candidates with: isd serve   (or isd review queue)")

    con.rule("5. report")
    from isd.analyze.report import build_report

    out_dir = out or (ctx.settings.reports_dir / "demo")
    html = build_report(ctx, out_dir)
    return Path(html)

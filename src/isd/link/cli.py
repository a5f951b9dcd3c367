"""``isd link …`` (merge proposals over the store) and ``isd batch …`` (engines)."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from isd.clikit import context, fail, print_json, print_table

link_app = typer.Typer(
    help="Link reports of one occasion (different sources and languages) into one event.\n\n"
    "Example: isd link --threshold 0.8   (propose merges)   then   isd link apply lp_0123abcd",
    invoke_without_command=True,
    no_args_is_help=False,
)
batch_app = typer.Typer(
    help="Run batch stages on this machine or on Spark, over parquet or WARC inputs.\n\n"
    "Example: isd batch extract --engine spark --master local[2] --input docs.parquet --output out.parquet",
    no_args_is_help=True,
)

ENGINE_HELP = "Linkage backend: duckdb (in-process, default) or spark (pip install 'isd\\[spark]', Java 17)."


@link_app.callback()
def link_main(
    ctx: typer.Context,
    engine: str = typer.Option("duckdb", "--engine", help=ENGINE_HELP),
    master: str = typer.Option("local[2]", "--master", help="Spark master when --engine spark."),
    threshold: float = typer.Option(0.8, "--threshold", min=0.0, max=1.0, help="Match probability to propose a merge."),
    apply_all: bool = typer.Option(False, "--apply", help="Apply every proposal of this run at once."),
    kind: str = typer.Option("all", "--kind", help="event, agreement or all."),
) -> None:
    """Propose merges of records that report the same occasion; with --apply, merge them.

    Example: isd link --engine duckdb --threshold 0.8
    """
    if ctx.invoked_subcommand is not None:
        return
    from isd.link import proposals as P
    from isd.link.backends import BackendUnavailable, make_backend

    c = context(ctx)
    kinds = ("event", "agreement") if kind == "all" else (kind,)
    if any(k not in ("event", "agreement") for k in kinds):
        fail(f"--kind {kind!r}: use event, agreement or all")
    try:
        backend = make_backend(engine, master=master)
    except ValueError as exc:
        fail(str(exc))
    try:
        with c.console.status("scoring candidate pairs…"):
            new = P.propose(c.store, c.codebook, backend, threshold=threshold, kinds=kinds)
    except BackendUnavailable as exc:
        fail(str(exc))
    finally:
        backend.close()
    home = c.settings.home
    allp = P.merge_proposals(P.load_proposals(home), new)
    path = P.save_proposals(home, allp)
    c.console.print(f"{len(new)} merge proposal(s) written to {path}")
    if apply_all:
        for p in new:
            try:
                P.apply(c.store, home, p["id"])
            except P.LinkError as exc:
                c.console.print(f"[yellow]skipped[/] {p['id']}: {exc}")
        c.console.print(f"applied {sum(1 for p in P.load_proposals(home) if p['status'] == 'applied')} proposal(s)")
    _print_proposals([p for p in P.load_proposals(home) if p["id"] in {n["id"] for n in new}])


def _print_proposals(props: list[dict]) -> None:
    rows = [{"id": p["id"], "kind": p["kind"], "status": p["status"], "keep": p["survivor"],
             "merge": ", ".join(p["merged"]), "p(min)": p.get("probability")} for p in props]
    if rows:
        print_table(rows, title="link proposals")


@link_app.command("list")
def link_list(
    ctx: typer.Context,
    status: Optional[str] = typer.Option(None, "--status", help="proposed, applied or undone."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """List merge proposals.  Example: isd link list --status proposed"""
    from isd.link import proposals as P

    c = context(ctx)
    props = [p for p in P.load_proposals(c.settings.home) if status is None or p["status"] == status]
    if as_json:
        print_json(props)
    else:
        _print_proposals(props)


@link_app.command("show")
def link_show(ctx: typer.Context, proposal_id: str = typer.Argument(..., help="A proposal id (lp_…).")) -> None:
    """Show one proposal with its evidence.  Example: isd link show lp_0123abcd"""
    from isd.link import proposals as P

    c = context(ctx)
    try:
        print_json(P._find(P.load_proposals(c.settings.home), proposal_id))
    except P.LinkError as exc:
        fail(str(exc))


@link_app.command("apply")
def link_apply(ctx: typer.Context, proposal_id: str = typer.Argument(..., help="A proposal id (lp_…).")) -> None:
    """Merge the records of one proposal (undo with `isd link undo`).  Example: isd link apply lp_0123abcd"""
    from isd.link import proposals as P
    from isd.store.core import ConflictError

    c = context(ctx)
    try:
        p = P.apply(c.store, c.settings.home, proposal_id)
    except (P.LinkError, ConflictError) as exc:
        fail(str(exc))
    c.console.print(f"kept {p['survivor']}; merged {', '.join(p['merged'])} into it")


@link_app.command("undo")
def link_undo(
    ctx: typer.Context,
    proposal_id: str = typer.Argument(..., help="An applied proposal id (lp_…)."),
    force: bool = typer.Option(False, "--force", help="Restore even if the records were edited after the merge."),
) -> None:
    """Undo an applied merge, restoring the records as they were.  Example: isd link undo lp_0123abcd"""
    from isd.link import proposals as P
    from isd.store.core import ConflictError

    c = context(ctx)
    try:
        p = P.undo(c.store, c.settings.home, proposal_id, force=force)
    except (P.LinkError, ConflictError) as exc:
        fail(str(exc))
    c.console.print(f"restored {', '.join(p['before'])}")


@link_app.command("evaluate")
def link_evaluate(
    ctx: typer.Context,
    pairs_file: Optional[Path] = typer.Option(None, "--pairs", help="Labelled pairs JSONL (default: the bundled set)."),
    synthetic: int = typer.Option(5000, "--synthetic", help="Also evaluate on this many generated candidates (0: none)."),
    threshold: float = typer.Option(0.8, "--threshold", min=0.0, max=1.0),
    engine: str = typer.Option("duckdb", "--engine", help=ENGINE_HELP),
) -> None:
    """Pairwise precision and recall on labelled pairs and on synthetic data.

    Example: isd link evaluate --synthetic 10000
    """
    from isd.link.evaluate import evaluate_labelled, evaluate_synthetic, load_labelled_pairs

    c = context(ctx)
    out = {}
    try:
        labelled = load_labelled_pairs(pairs_file)
    except (OSError, ValueError) as exc:
        fail(str(exc))
    out["labelled"] = evaluate_labelled(labelled, c.codebook, engine=engine, threshold=threshold)
    if synthetic:
        out["synthetic"] = evaluate_synthetic(synthetic, c.codebook, engine=engine, threshold=threshold)
    print_json(out)


@link_app.command("train")
def link_train(
    ctx: typer.Context,
    n: int = typer.Option(20000, "--n", help="Synthetic candidates to train on."),
    seed: int = typer.Option(7, "--seed"),
    output: Path = typer.Option(..., "--output", help="Where to write the model JSON (ship it as isd/link/model.json)."),
) -> None:
    """Estimate the model's m/u probabilities on labelled synthetic candidates.

    Example: isd link train --n 20000 --output src/isd/link/model.json
    """
    from isd.link.evaluate import train_synthetic

    c = context(ctx)
    with c.console.status(f"training on {n} synthetic candidates…"):
        path = train_synthetic(n, seed, c.codebook, output)
    c.console.print(f"model written to {path}")


@batch_app.command("extract")
def batch_extract(
    ctx: typer.Context,
    input: str = typer.Option(..., "--input", help="Documents parquet (id, text, …) or a directory of WARC files; "
                              "with Spark also hdfs:// or s3a:// URIs."),
    output: str = typer.Option(..., "--output", help="Output parquet (a directory with Spark)."),
    engine: str = typer.Option("local", "--engine", help="local or spark."),
    master: str = typer.Option("local[2]", "--master", help="Spark master: local[N] or spark://host:7077."),
    workers: Optional[int] = typer.Option(None, "--workers", help="Local engine processes (default: CPU count)."),
    fn: str = typer.Option("isd.extract:extract_text", "--fn", help="The document function, module:function."),
) -> None:
    """Apply the extractor (or --fn) to every document; one output row per extracted record.

    Example: isd batch extract --engine local --input docs.parquet --output candidates.parquet
    """
    from rich.progress import Progress

    from isd.engines import make_engine
    from isd.engines.documents import resolve_fn
    from isd.link.backends import BackendUnavailable

    c = context(ctx)
    try:
        resolve_fn(fn)
        eng = make_engine(engine, master=master, workers=workers)
    except ValueError as exc:
        fail(str(exc))
    try:
        with eng, Progress(console=c.console, transient=True) as prog:
            task = prog.add_task("documents", total=None)
            stats = eng.map_documents(fn, input, output, progress=lambda k: prog.advance(task, k))
    except (FileNotFoundError, ValueError, BackendUnavailable) as exc:
        fail(str(exc))
    print_json(stats.as_dict())


@batch_app.command("link")
def batch_link(
    ctx: typer.Context,
    input: str = typer.Option(..., "--input", help="Candidates parquet (unique_id, date, chinese_names, parties, …) "
                              "or the output of `isd batch extract`."),
    output: str = typer.Option(..., "--output", help="Scored pairs parquet (local file)."),
    engine: str = typer.Option("local", "--engine", help="local (DuckDB) or spark."),
    master: str = typer.Option("local[2]", "--master", help="Spark master: local[N] or spark://host:7077."),
    threshold: float = typer.Option(0.8, "--threshold", min=0.0, max=1.0),
) -> None:
    """Score and cluster candidate events; write the pairs with their cluster.

    Example: isd batch link --engine local --input candidates.parquet --output pairs.parquet
    """
    from isd.engines import make_engine
    from isd.link.backends import BackendUnavailable

    c = context(ctx)
    try:
        eng = make_engine(engine, master=master)
        with eng, c.console.status("linking…"):
            stats = eng.link(input, output, threshold=threshold, codebook=c.codebook)
    except (FileNotFoundError, ValueError, BackendUnavailable) as exc:
        fail(str(exc))
    print_json(stats.as_dict())


def register(app: typer.Typer) -> None:
    app.add_typer(link_app, name="link")
    app.add_typer(batch_app, name="batch")

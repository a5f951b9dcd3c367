"""``isd extract`` and ``isd eval``."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import List, Optional

import typer


def register(app: typer.Typer) -> None:
    app.command("extract")(extract_cmd)
    app.command("eval")(eval_cmd)


def _event_row(doc: dict, ev: dict) -> dict:
    return {
        "document": Path(doc.get("path") or doc.get("url") or "").name,
        "date": ev.get("date"),
        "type": ev.get("event_type"),
        "mode": ev.get("mode"),
        "chinese": ", ".join(c.get("name_en") or c.get("agency") or "" for c in ev.get("chinese_side") or []),
        "counterparts": ", ".join(c.get("country_iso3") or c.get("organization") or "" for c in ev.get("counterparts") or []),
        "context": ev.get("multilateral_context") or "",
        "topics": ", ".join(ev.get("topics") or []),
        "agreements": len(ev.get("agreements") or []),
    }


def extract_cmd(
    ctx: typer.Context,
    paths: Optional[List[Path]] = typer.Argument(None, help="Files or folders: text, HTML, PDF, WARC/WARC.gz."),
    fmt: str = typer.Option("jsonl", "--format", "-f", help="jsonl | json | table"),
    to_store: bool = typer.Option(False, "--to-store", help="Write the events to the store as candidate records."),
    from_store: bool = typer.Option(False, "--from-store", help="Extract from the store's collected documents."),
    new: bool = typer.Option(False, "--new", help="With --from-store: only documents not yet extracted."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Write the output here instead of stdout."),
) -> None:
    """Propose the events that readouts report (CODEBOOK §3), each value with its evidence span.

    Example: isd extract tests/gold/docs/dev --format table
             isd extract readout.txt --to-store      isd extract --from-store --new
    """
    from rich.progress import Progress

    from isd.clikit import context, fail, print_table
    from isd.extract.api import extract_document, lexicon
    from isd.extract.textio import DocumentError, iter_paths

    if fmt not in ("jsonl", "json", "table"):
        fail(f"unknown --format {fmt!r}; use jsonl, json or table")
    if not paths and not from_store:
        fail("name files or folders to extract from, or use --from-store (see isd extract --help)")
    c = context(ctx)
    lexicon()  # build the dictionaries once, before the progress bar
    results: list[dict] = []
    errors: list[str] = []
    out = open(output, "w", encoding="utf-8") if output else sys.stdout
    written = {"created": 0, "updated": 0, "unchanged": 0}
    stream = fmt == "jsonl" and not to_store and not from_store

    def emit(res: dict) -> None:
        clean = {"document": res["document"], "events": res["events"]}
        if stream:
            out.write(json.dumps(clean, ensure_ascii=False) + "\n")
        else:
            results.append(clean | ({"title": res.get("title")} if res.get("title") else {}))

    try:
        if paths:
            files = list(iter_paths(list(paths)))
            missing = [p for p in paths if not Path(p).exists()]
            for m in missing:
                errors.append(f"{m}: no such file or folder")
            with Progress(console=c.console, transient=True) as progress:
                task = progress.add_task("extracting", total=len(files))
                for f in files:
                    if not f.exists():
                        progress.advance(task)
                        continue
                    try:
                        for res in extract_document(f):
                            emit(res)
                    except DocumentError as exc:
                        errors.append(str(exc))
                    except Exception as exc:  # keep the batch going; name the file
                        errors.append(f"{f}: extraction failed ({exc.__class__.__name__}: {exc})")
                    progress.advance(task)
        if from_store:
            from isd.extract.store import extract_from_store

            with Progress(console=c.console, transient=True) as progress:
                task = progress.add_task("extracting from the store", total=None)
                summary = extract_from_store(c, only_new=new, on_result=emit,
                                             progress=lambda: progress.advance(task))
            for k in ("created", "updated", "unchanged"):
                written[k] += summary[k]
            errors.extend(summary["errors"])
            results_written = True
        else:
            results_written = False
        if to_store and not results_written:
            from isd.extract.store_io import write_results

            written = write_results(c.store, results)
        if not stream:
            if fmt == "json":
                out.write(json.dumps([{"document": r["document"], "events": r["events"]} for r in results],
                                     ensure_ascii=False, indent=2) + "\n")
            elif fmt == "table":
                rows = [_event_row(r["document"], e) for r in results for e in r["events"]]
                print_table(rows, title=f"{len(rows)} event(s) in {len(results)} document(s)")
            elif fmt == "jsonl":
                for r in results:
                    out.write(json.dumps({"document": r["document"], "events": r["events"]}, ensure_ascii=False) + "\n")
    finally:
        if output:
            out.close()
    if to_store or from_store:
        c.console.print(f"store: {written['created']} created, {written['updated']} updated, "
                        f"{written['unchanged']} unchanged")
    for e in errors:
        c.console.print(f"[red]error:[/] {e}", highlight=False, soft_wrap=True)
    if errors:
        raise typer.Exit(1)


def eval_cmd(
    ctx: typer.Context,
    gold: List[Path] = typer.Argument(..., help="Gold JSONL file(s), then optionally the prediction JSONL (last)."),
    docs: Optional[Path] = typer.Option(None, "--docs", help="Run the extractor on the gold documents; paths in the gold file are relative to this folder (the repository root)."),
    as_json: bool = typer.Option(False, "--json", help="Print the scores as JSON."),
    show_errors: bool = typer.Option(False, "--errors", help="Also list, per document, missed gold events, spurious predicted events and each field where a matched event disagrees (gold vs predicted)."),
) -> None:
    """Score extracted events against a gold set: event-level and per-field precision, recall, F1.

    Example: isd eval tests/gold/en_heldout.jsonl tests/gold/zh_heldout.jsonl --docs .
             isd eval tests/gold/en_dev.jsonl predictions.jsonl --json
             isd eval tests/gold/en_dev.jsonl --docs . --errors
    """
    from isd.clikit import fail, print_json, print_table
    from isd.errors import InputError
    from isd.extract.evaluate import diagnose, format_diagnosis, predict_gold_docs, read_jsonl, score

    for p in gold:
        if not p.exists():
            fail(f"{p}: no such file")
    try:
        if docs is None:
            if len(gold) < 2:
                fail("give GOLD.jsonl PRED.jsonl, or GOLD.jsonl --docs DIR to run the extractor")
            gold_docs = [d for p in gold[:-1] for d in read_jsonl(p)]
            preds = read_jsonl(gold[-1])
        else:
            gold_docs = [d for p in gold for d in read_jsonl(p)]
            preds = predict_gold_docs(gold_docs, docs)
    except InputError as exc:
        fail(str(exc))
    result = score(gold_docs, preds)
    errors = [p.get("error") for p in preds if p.get("error")]
    result["errors"] = errors
    if show_errors:
        result["diagnosis"] = diagnose(gold_docs, preds)
    if as_json:
        print_json(result)
        return
    if show_errors:
        typer.echo(format_diagnosis(result["diagnosis"]))
    print_table(result["fields"], title=f"{result['documents']} gold document(s)")
    for e in errors:
        typer.echo(f"error: {e}", err=True)
    if result["missing_predictions"]:
        typer.echo(f"{len(result['missing_predictions'])} gold document(s) have no prediction", err=True)

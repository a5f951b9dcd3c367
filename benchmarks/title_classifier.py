"""Counterpart title → agency_type / rank_level: isd.extract.titles vs the extractor's current path.

    PYTHONPATH=src python benchmarks/title_classifier.py [--real /work/realcheck/real_gold.jsonl] [--show]

Reads every counterpart with a non-null title from the development gold files
(tests/gold/{en,zh}_dev*.jsonl: never the held-out sets) and, when given, another gold
file of the same format (--real), and prints for each set the accuracy of

* ``titles``: :func:`isd.extract.titles.classify_title`;
* ``current``: the extractor's path today: the title's dictionary hits
  (``Lexicon.scan``) grouped into title spans by ``FieldsMixin._title_spans_uncached``
  (agency = longest agency word of the span, with the deputy/vice head-of-government
  exception), then ``rank_level = Lexicon.rank_level_of(span text) or span rank or
  "unknown"``, organisations ``international_org`` (rank ``other`` once a rank fired),
  as ``fields._counterpart`` codes a counterpart;

and the microseconds per call of each (``titles`` uncached: its per-title cache is
bypassed).  --show lists the titles where each path disagrees with the gold.

In the pipeline (--pipeline): the extractor is run twice on the documents of the dev gold
(and of each --real gold file whose document paths exist): as it is, and "wired", with
classify_title patched in for this process only (the suggested wiring, see
``wire_in``: each title span's agency/rank and ``Lexicon.rank_level_of`` come from
classify_title; the extractor's context rules, organisations and mixed delegations, are
kept).  Counterparts are paired with the gold's by document and party; the accuracy of
agency_type / rank_level over the pairs is printed for both.

    PYTHONPATH=src python benchmarks/title_classifier.py --pipeline --real /work/realcheck/real_gold.jsonl
"""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEV_FILES = ["en_dev.jsonl", "en_dev2.jsonl", "en_dev3.jsonl", "en_dev4.jsonl", "zh_dev.jsonl", "zh_dev2.jsonl"]


def gold_titles(paths: list[Path]) -> list[dict]:
    """One row per counterpart with a title: file, line, title, organization flag, gold codes."""
    rows = []
    for p in paths:
        if "heldout" in p.name:
            raise SystemExit(f"{p}: held-out gold is not used for development measurements")
        with p.open(encoding="utf-8") as fh:
            for ln, line in enumerate(fh, 1):
                if not line.strip():
                    continue
                for ev in json.loads(line).get("events", []):
                    for cp in ev.get("counterparts", []):
                        if cp.get("title"):
                            rows.append({"file": p.name, "line": ln, "title": cp["title"],
                                         "organization": bool(cp.get("organization")),
                                         "agency_type": cp.get("agency_type"), "rank_level": cp.get("rank_level")})
    return rows


class CurrentPath:
    """The extractor's title coding as of this benchmark (see the module docstring)."""

    def __init__(self) -> None:
        from isd.extract.api import lexicon
        from isd.extract.patterns import Sentence, _clean_title
        from isd.extract.rules import _Context
        from isd.extract.textio import make_scan_text

        self.lex = lexicon(None)  # the packaged codebook's lexicon, as extract_text builds it
        self._ctx, self._sent, self._scan, self._clean = _Context, Sentence, make_scan_text, _clean_title

    def __call__(self, title: str, organization: bool) -> tuple[str, str]:
        scan = self._scan(title, self.lex.converter)
        sent = self._sent(0, len(title), self.lex.scan(scan))
        ctx = self._ctx(title, scan, {}, 0, {}, self.lex, len(title))
        ctx.hits, ctx.sents = sent.hits, [sent]  # the document is the title alone
        spans = ctx._title_spans_uncached(sent)
        agency = "international_org" if organization else None
        rank = "unknown"
        if spans:
            # the extractor prefers a person's title (a span with a rank word), then one with an agency
            a, b, ag, rk = min(spans, key=lambda t: (t[3] is None, t[2] is None, t[0]))
            if not organization and ag:
                agency = ag
            rank = self.lex.rank_level_of(self._clean(title[a:b])) or rk or "unknown"
            if organization and rank != "unknown":
                rank = "other"
        return agency or "other", rank


def score(rows: list[dict], fn) -> tuple[float, float, list[tuple[dict, tuple[str, str]]]]:
    ok_a = ok_r = 0
    wrong = []
    for r in rows:
        got = fn(r["title"], r["organization"])
        ok_a += got[0] == r["agency_type"]
        ok_r += got[1] == r["rank_level"]
        if got != (r["agency_type"], r["rank_level"]):
            wrong.append((r, got))
    n = max(len(rows), 1)
    return ok_a / n, ok_r / n, wrong


def us_per_call(rows: list[dict], fn, repeat: int) -> float:
    t0 = time.perf_counter()
    for _ in range(repeat):
        for r in rows:
            fn(r["title"], r["organization"])
    return (time.perf_counter() - t0) / (repeat * max(len(rows), 1)) * 1e6


def _party(cp: dict) -> str:
    return str(cp.get("country_iso3") or cp.get("organization") or "").upper()


def pipeline_pairs(gold_docs: list[dict], pred_docs: list[dict]) -> list[tuple[dict, dict]]:
    """(gold counterpart, predicted counterpart) pairs: same document path, same party, in order."""
    by_path = {d["document"].get("path"): d for d in pred_docs}
    pairs = []
    for g in gold_docs:
        p = by_path.get(g["document"].get("path"))
        if p is None:
            continue
        pred: dict[str, list[dict]] = {}
        for ev in p.get("events", []):
            for cp in ev.get("counterparts", []):
                pred.setdefault(_party(cp), []).append(cp)
        for ev in g.get("events", []):
            for cp in ev.get("counterparts", []):
                lst = pred.get(_party(cp))
                if lst:
                    pairs.append((cp, lst.pop(0)))
    return pairs


def run_extractor(gold_paths: list[Path]) -> tuple[list[dict], list[dict]]:
    """(gold documents, predicted documents) for the gold files' documents that exist."""
    from isd.extract.api import extract_document

    gold_docs, pred_docs = [], []
    for gp in gold_paths:
        for line in gp.read_text("utf-8").splitlines():
            if not line.strip():
                continue
            g = json.loads(line)
            doc = ROOT / g["document"]["path"]
            if "heldout" in str(doc) or not doc.exists():
                continue
            gold_docs.append(g)
            for res in extract_document(doc):
                pred_docs.append({"document": {"path": g["document"]["path"]}, "events": res["events"]})
    return gold_docs, pred_docs


@contextlib.contextmanager
def wire_in():
    """The suggested wiring, patched in for the duration of the block (this process only):
    ``FieldsMixin._title_spans_uncached`` recodes each span's (agency, rank) with
    classify_title on the span's text, and ``Lexicon.rank_level_of`` returns classify_title's
    rank (None for unknown, so the extractor's own fallbacks still apply)."""
    from isd.extract.fields import FieldsMixin
    from isd.extract.lexicon import Lexicon
    from isd.extract.patterns import _clean_title
    from isd.extract.titles import classify_title

    orig_spans, orig_rank = FieldsMixin._title_spans_uncached, Lexicon.rank_level_of

    def spans(self, s):
        out = []
        for a, b, agency, rank in orig_spans(self, s):
            k = classify_title(_clean_title(self.text[a:b]))
            out.append((a, b, k.agency_type if k.agency_rule != "default" else agency,
                        k.rank_level if k.rank_level != "unknown" else rank))
        return out

    def rank_level_of(self, title):
        k = classify_title(title)
        return None if k.rank_level == "unknown" else k.rank_level

    FieldsMixin._title_spans_uncached, Lexicon.rank_level_of = spans, rank_level_of
    try:
        yield
    finally:
        FieldsMixin._title_spans_uncached, Lexicon.rank_level_of = orig_spans, orig_rank


def pipeline_report(name: str, gold_paths: list[Path], show: bool) -> None:
    gold_docs, cur_docs = run_extractor(gold_paths)
    with wire_in():
        _, new_docs = run_extractor(gold_paths)
    cur_pairs, new_pairs = pipeline_pairs(gold_docs, cur_docs), pipeline_pairs(gold_docs, new_docs)
    for label, pairs in (("current", cur_pairs), ("wired", new_pairs)):
        n = max(len(pairs), 1)
        acc_a = sum(g.get("agency_type") == p.get("agency_type") for g, p in pairs) / n
        acc_r = sum(g.get("rank_level") == p.get("rank_level") for g, p in pairs) / n
        print(f"{name:<22}{len(pairs):>5}  {label:<8}{acc_a:>12.3f}{acc_r:>12.3f}")
    if show:
        for (g, c), (_, w) in zip(cur_pairs, new_pairs):
            cur, new = (c.get("agency_type"), c.get("rank_level")), (w.get("agency_type"), w.get("rank_level"))
            if cur != new:
                print(f"    {_party(g)} {w.get('title')!r}: gold {g.get('agency_type')}/{g.get('rank_level')}, "
                      f"current {cur[0]}/{cur[1]}, wired {new[0]}/{new[1]}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--gold-dir", type=Path, default=ROOT / "tests" / "gold", help="folder of the dev gold files")
    ap.add_argument("--real", type=Path, action="append", default=[],
                    help="another gold file to measure (e.g. /work/realcheck/real_gold.jsonl); repeatable")
    ap.add_argument("--repeat", type=int, default=20, help="timing repetitions over the titles (default 20)")
    ap.add_argument("--show", action="store_true", help="list each path's disagreements with the gold")
    ap.add_argument("--pipeline", action="store_true",
                    help="also run the extractor as it is and with classify_title wired in (patched in-process)")
    args = ap.parse_args(argv)

    from isd.extract.titles import title_classifier

    clf = title_classifier()
    titles_fn = lambda t, org: clf._classify(t, org)[:2]
    current = CurrentPath()
    sets = [("dev gold", gold_titles([args.gold_dir / f for f in DEV_FILES]))]
    sets += [(p.name, gold_titles([p])) for p in args.real]
    print(f"{'set':<22}{'n':>5}  {'path':<8}{'agency_type':>12}{'rank_level':>12}{'µs/call':>10}")
    for name, rows in sets:
        for label, fn in (("titles", titles_fn), ("current", current)):
            acc_a, acc_r, wrong = score(rows, fn)
            us = us_per_call(rows, fn, args.repeat if label == "titles" else max(1, args.repeat // 5))
            print(f"{name:<22}{len(rows):>5}  {label:<8}{acc_a:>12.3f}{acc_r:>12.3f}{us:>10.1f}")
            if label == "titles":
                cached = us_per_call(rows, lambda t, org: clf.classify(t, org), args.repeat)
                print(f"{'':<22}{'':>5}  {'(cached)':<8}{'':>12}{'':>12}{cached:>10.2f}")
            if args.show:
                for r, got in wrong:
                    print(f"    {r['file']}:{r['line']} {r['title']!r}: gold {r['agency_type']}/{r['rank_level']}, got {got[0]}/{got[1]}")
    if args.pipeline:
        print("\nin the pipeline (pairs of gold and extracted counterparts, same document and party):")
        print(f"{'set':<22}{'n':>5}  {'path':<8}{'agency_type':>12}{'rank_level':>12}")
        pipeline_report("dev gold", [args.gold_dir / f for f in DEV_FILES], args.show)
        for p in args.real:
            pipeline_report(p.name, [p], args.show)
    return 0


if __name__ == "__main__":
    sys.exit(main())

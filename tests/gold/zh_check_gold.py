"""Validate the Chinese gold set (tests/gold/zh_*.jsonl, docs/*/zh_*.txt, zh_sources.yaml).

Run from the repository root:
    PYTHONPATH=src /work/venv/bin/python tests/gold/zh_check_gold.py

Runs every check in zh_gold_test.py (codes per CODEBOOK section 3-5, paths and file order, isd.model.Event
validation, Wang Xiaohong's rank on the date, Chinese names and agreement titles present in the text, the
GBK-encoded and Traditional-Chinese documents) and prints the problems. Exits non-zero if any check fails.
"""
from __future__ import annotations

import importlib.util
import sys
import traceback
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> int:
    spec = importlib.util.spec_from_file_location("zh_gold_test", HERE / "zh_gold_test.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    checks = [getattr(mod, name) for name in dir(mod) if name.startswith("test_")]
    failed = 0
    for check in checks:
        try:
            check()
        except Exception as exc:  # AssertionError or a model ValidationError: report and go on
            failed += 1
            print(f"FAIL {check.__name__}: {exc}")
            traceback.print_exc(limit=1)
    rows = mod._all_rows()
    n_events = sum(len(r[2]["events"]) for r in rows)
    n_neg = sum(not r[2]["events"] for r in rows)
    print(f"{len(rows)} documents, {n_events} events, {n_neg} negatives; {len(checks) - failed}/{len(checks)} checks passed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

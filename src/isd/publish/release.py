"""Versioned, citable releases (``isd release``).

A release is a folder ``isd-<version>/`` holding the reviewed records in every format
(data package, CSV, XLSX, Parquet, Stata, JSON Lines), the codebook version it follows,
a changelog against the previous release, ``CITATION.cff`` and a ``MANIFEST.sha256``
of every file.  Only reviewed records go in unless ``include_candidates`` is set.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import shutil
from pathlib import Path
from typing import Any

from isd import __version__
from isd.context import Context
from isd.model import REVIEWED_STATUSES
from isd.publish.exporter import KINDS, collect_records, write_records

VERSION_RE = re.compile(r"^\d+\.\d+\.\d+$")


class ReleaseError(Exception):
    pass


def _digest(records: dict[str, list[Any]]) -> dict[str, dict[str, str]]:
    """kind → id → content hash, to tell added, removed and changed records apart."""
    out: dict[str, dict[str, str]] = {}
    for kind, recs in records.items():
        out[kind] = {}
        for r in recs:
            data = r.model_dump(mode="json")
            data.pop("version", None)
            out[kind][r.id] = hashlib.sha256(json.dumps(data, sort_keys=True, ensure_ascii=False).encode()).hexdigest()[:16]
    return out


def load_previous(previous: Path | None) -> tuple[str | None, dict[str, dict[str, str]]]:
    if previous is None:
        return None, {}
    index = previous / "release.json"
    if not index.exists():
        raise ReleaseError(f"{previous} is not an isd release (no release.json); give the folder of the previous release")
    meta = json.loads(index.read_text(encoding="utf-8"))
    return meta.get("version"), meta.get("records", {})


def changelog(version: str, prev_version: str | None, old: dict, new: dict) -> str:
    lines = [f"# Changes in isd dataset {version}", ""]
    lines.append(f"Compared with {prev_version}." if prev_version else "First release.")
    lines.append("")
    for kind in KINDS:
        o, n = old.get(kind, {}), new.get(kind, {})
        added = sorted(set(n) - set(o))
        removed = sorted(set(o) - set(n))
        changed = sorted(k for k in set(n) & set(o) if n[k] != o[k])
        if not (added or removed or changed):
            continue
        lines.append(f"## {kind}: {len(n)} records (+{len(added)} added, −{len(removed)} removed, {len(changed)} changed)")
        for label, ids in (("added", added), ("removed", removed), ("changed", changed)):
            if ids:
                shown = ", ".join(ids[:40]) + (f" … and {len(ids) - 40} more" if len(ids) > 40 else "")
                lines.append(f"- {label}: {shown}")
        lines.append("")
    return "\n".join(lines) + "\n"


def citation_cff(version: str, date: dt.date, authors: list[str]) -> str:
    people = "\n".join(f"  - name: \"{a}\"" for a in authors) or "  - name: \"isd contributors\""
    return (
        "cff-version: 1.2.0\n"
        "message: \"If you use this dataset, please cite it as below.\"\n"
        "type: dataset\n"
        "title: \"isd: China's internal security diplomacy dataset\"\n"
        f"version: \"{version}\"\n"
        f"date-released: \"{date.isoformat()}\"\n"
        "license: CC-BY-4.0\n"
        f"authors:\n{people}\n"
        "keywords:\n  - China\n  - Ministry of Public Security\n  - security cooperation\n  - police diplomacy\n"
    )


def build_release(ctx: Context, version: str, out_dir: Path, *, previous: Path | None = None,
                  include_candidates: bool = False, authors: list[str] | None = None,
                  date: dt.date | None = None) -> Path:
    if not VERSION_RE.match(version):
        raise ReleaseError(f"version {version!r} is not of the form MAJOR.MINOR.PATCH (e.g. 1.0.0)")
    date = date or dt.date.today()
    statuses = None if include_candidates else sorted(REVIEWED_STATUSES)
    records = collect_records(ctx.store, statuses)
    if not any(records[k] for k in KINDS if k != "source"):
        raise ReleaseError("no reviewed records to release; review candidates first (isd serve / isd review) "
                           "or pass --include-candidates")
    prev_version, old = load_previous(previous)
    target = out_dir / f"isd-{version}"
    tmp = out_dir / f".isd-{version}.tmp"
    if tmp.exists():
        shutil.rmtree(tmp)
    tmp.mkdir(parents=True)
    cb_version = ctx.codebook.version
    meta = {"version": version, "title": f"isd dataset {version}"}
    write_records(records, "datapackage", tmp / "datapackage", codebook_version=cb_version, package_meta=meta)
    for fmt, name in (("csv", "csv"), ("parquet", "parquet"), ("dta", "stata"), ("xlsx", "isd.xlsx"), ("jsonl", "isd.jsonl")):
        write_records(records, fmt, tmp / name, codebook_version=cb_version)
    new = _digest(records)
    (tmp / "CHANGELOG.md").write_text(changelog(version, prev_version, old, new), encoding="utf-8")
    (tmp / "CITATION.cff").write_text(citation_cff(version, date, authors or []), encoding="utf-8")
    counts = {k: len(v) for k, v in records.items()}
    (tmp / "release.json").write_text(json.dumps({
        "version": version, "date": date.isoformat(), "isd_version": __version__, "codebook_version": cb_version,
        "review_statuses": statuses or "all", "counts": counts, "previous": prev_version, "records": new,
    }, indent=1, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8")
    manifest = []
    for p in sorted(tmp.rglob("*")):
        if p.is_file():
            manifest.append(f"{hashlib.sha256(p.read_bytes()).hexdigest()}  {p.relative_to(tmp).as_posix()}")
    (tmp / "MANIFEST.sha256").write_text("\n".join(manifest) + "\n", encoding="utf-8")
    if target.exists():
        shutil.rmtree(target)
    tmp.rename(target)
    return target

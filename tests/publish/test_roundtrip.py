"""Export → import into an empty store → export gives identical files, for every format."""

import filecmp
import subprocess
import sys
from pathlib import Path

import pytest

from isd.codebook import load_codebook
from isd.publish.exporter import export
from isd.publish.formats import FORMATS
from isd.publish.importer import import_path
from isd.store import Store


def _same(a: Path, b: Path) -> bool:
    if a.is_file():
        return a.read_bytes() == b.read_bytes()
    cmp = filecmp.dircmp(a, b)
    pending = [cmp]
    while pending:
        c = pending.pop()
        if c.left_only or c.right_only or c.diff_files or c.funny_files:
            return False
        # dircmp compares shallowly by stat; compare contents
        for f in c.common_files:
            if (Path(c.left) / f).read_bytes() != (Path(c.right) / f).read_bytes():
                return False
        pending.extend(c.subdirs.values())
    return True


def _dump(store):
    return {k: [r.model_dump() for r in store.list(k)] for k in store.record_kinds()}


@pytest.mark.parametrize("fmt", FORMATS)
def test_roundtrip_identical(fmt, store, tmp_path, sample_records):
    cb = load_codebook()
    store.put_many(sample_records, user="t")
    suffix = {"xlsx": ".xlsx", "jsonl": ".jsonl"}.get(fmt, "")
    first = tmp_path / f"first{suffix}"
    export(store, fmt, first, codebook_version=cb.version)

    fresh = Store(f"sqlite:///{tmp_path / 'fresh.sqlite'}")
    fresh.migrate()
    report = import_path(fresh, first, cb, user="t")
    assert report.counts["created"] == len(sample_records)
    assert _dump(fresh) == _dump(store)

    second = tmp_path / f"second{suffix}"
    export(fresh, fmt, second, codebook_version=cb.version)
    assert _same(first, second), f"{fmt}: export → import → export changed the files"

    again = import_path(fresh, first, cb, user="t")  # re-import changes nothing
    assert again.counts == {"created": 0, "updated": 0, "unchanged": len(sample_records)}
    fresh.close()


def test_datapackage_validates_with_frictionless(sqlite_store, tmp_path, sample_records):
    sqlite_store.put_many(sample_records)
    out = export(sqlite_store, "datapackage", tmp_path / "pkg", codebook_version="test")
    exe = Path(sys.executable).with_name("frictionless")
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-m", "frictionless"]
    res = subprocess.run([*cmd, "validate", str(out / "datapackage.json")], capture_output=True, text=True)
    assert res.returncode == 0, res.stdout + res.stderr


def test_reviewed_only_export_keeps_only_reviewed(sqlite_store, tmp_path, sample_records):
    sqlite_store.put_many(sample_records)
    out = export(sqlite_store, "jsonl", tmp_path / "r.jsonl", review_status=["coded", "double_coded", "adjudicated"])
    lines = out.read_text(encoding="utf-8").splitlines()
    assert not any('"id": "ag2"' in l or '"id": "tr1"' in l for l in lines)  # candidates left out
    assert any('"id": "ev1"' in l for l in lines)


def test_release_contents_changelog_and_manifest(ctx, tmp_path, sample_records):
    import hashlib
    import json

    from isd.publish.release import ReleaseError, build_release

    ctx.store.put_many(sample_records)
    first = build_release(ctx, "0.1.0", tmp_path / "rel")
    meta = json.loads((first / "release.json").read_text())
    assert meta["counts"]["agreement"] == 1  # the candidate agreement ag2 is not released
    assert meta["codebook_version"] == ctx.codebook.version
    for part in ("datapackage/datapackage.json", "csv/events.csv", "parquet/events.parquet", "stata/events.dta",
                 "isd.xlsx", "isd.jsonl", "CHANGELOG.md", "CITATION.cff"):
        assert (first / part).exists(), part
    for line in (first / "MANIFEST.sha256").read_text().splitlines():
        digest, name = line.split("  ", 1)
        assert hashlib.sha256((first / name).read_bytes()).hexdigest() == digest

    ev = ctx.store.get("event", "ev1")
    ctx.store.put(ev.model_copy(update={"topics": ["counterdrug"]}))
    ag2 = ctx.store.get("agreement", "ag2")
    ctx.store.put(ag2.model_copy(update={"review_status": "coded"}))
    second = build_release(ctx, "0.2.0", tmp_path / "rel", previous=first)
    log = (second / "CHANGELOG.md").read_text()
    assert "Compared with 0.1.0" in log
    assert "added: ag2" in log and "changed: ev1" in log

    with pytest.raises(ReleaseError):
        build_release(ctx, "v1", tmp_path / "rel")

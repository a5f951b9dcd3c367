"""Public entry points: ``extract_text`` (pure) and ``extract_document`` (files, bytes)."""

from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import Any, Iterator

from isd.extract.lexicon import Lexicon, lexicon_for
from isd.extract.rules import extract
from isd.extract.textio import Document, DocumentError, parse_headers, parse_iso_date, read_documents, sha256

_CJK = re.compile(r"[\u3400-\u9fff]")


def resolve_codebook(codebook: Any | None) -> Any | None:
    """The codebook to use: the one given, else the packaged one (loaded once per process)."""
    if codebook is not None:
        return codebook
    from isd.codebook import default_codebook

    return default_codebook()


def lexicon(codebook: Any | None = None) -> Lexicon:
    if codebook is None:
        return _default_lexicon()
    return lexicon_for(codebook)


@functools.lru_cache(maxsize=1)
def _default_lexicon() -> Lexicon:
    """The packaged codebook's lexicon (kept on that codebook object); if the packaged
    codebook cannot be loaded, the extractor's own lists only, with a warning."""
    from isd.codebook import CodebookError

    try:
        return lexicon_for(resolve_codebook(None))
    except CodebookError as exc:
        import warnings

        warnings.warn(f"codebook not loadable ({exc}); extracting with the extractor's own word lists", stacklevel=2)
        return Lexicon(None)


def extract_text(text: str, *, meta: dict | None = None, codebook: Any | None = None) -> list[dict]:
    """The events a readout reports (CODEBOOK §3 fields + evidence spans into ``text``).

    ``meta`` may carry ``published`` (ISO date), ``url``, ``language``; header lines at the
    top of the text (DATELINE, PUBLISHED, …) take precedence.  Never raises on odd text.
    """
    if not isinstance(text, str) or not text.strip():
        return []
    return extract(text, meta, lexicon(codebook))


def language_of(text: str, headers: dict[str, str] | None = None) -> str:
    if headers and headers.get("LANG"):
        return headers["LANG"].strip().lower()[:8]
    sample = text[:5000]
    cjk = len(_CJK.findall(sample))
    letters = sum(1 for c in sample if c.isascii() and c.isalpha())
    if cjk == 0 and letters == 0:
        return "und"
    return "zh" if cjk * 2 >= letters * 0.5 else "en"


def document_record(doc: Document) -> dict[str, Any]:
    headers, _ = parse_headers(doc.text[:20000])
    published = parse_iso_date(headers.get("PUBLISHED")) or parse_iso_date(doc.meta.get("published"))
    return {
        "path": doc.meta.get("path"),
        "url": headers.get("URL") or doc.meta.get("url"),
        "language": doc.meta.get("language") or language_of(doc.text, headers),
        "published": published.isoformat() if published else None,
        "sha256": doc.meta.get("sha256") or sha256(doc.text.encode("utf-8", "surrogatepass")),
    }


def extract_document(source: str | Path | bytes, *, name: str | None = None, codebook: Any | None = None,
                     meta: dict | None = None) -> list[dict[str, Any]]:
    """Read a file or bytes (text, HTML, PDF, WARC) → one result per document inside:
    ``{"document": {...}, "events": [...]}``.  Raises :class:`DocumentError` naming the input."""
    lex = lexicon(codebook)
    out = []
    for doc in read_documents(source, name=name):
        if meta:
            doc.meta.update({k: v for k, v in meta.items() if v is not None})
        rec = document_record(doc)
        events = extract(doc.text, {"published": rec["published"], "url": rec["url"]}, lex) if doc.text.strip() else []
        out.append({"document": rec, "events": events, "text": doc.text})
    return out


def extract_documents(paths: list[str | Path], *, codebook: Any | None = None) -> Iterator[tuple[str, list[dict] | None, str | None]]:
    """Each file under the paths → (name, results or None, error message or None); a bad file
    does not stop the batch."""
    from isd.extract.textio import iter_paths

    for p in iter_paths(paths):
        try:
            yield str(p), extract_document(p, codebook=codebook), None
        except DocumentError as exc:
            yield str(p), None, str(exc)
        except Exception as exc:  # an extractor bug must not end the batch; report it by name
            yield str(p), None, f"{p}: extraction failed ({exc.__class__.__name__}: {exc})"

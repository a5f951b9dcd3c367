"""Rule-based extraction of internal-security-diplomacy events from readouts (CODEBOOK §3).

    from isd.extract import extract_text
    events = extract_text(text, meta={"published": "2024-09-09"})

:func:`extract_text` is pure (text and plain dict in, list of dicts out) so it can run
in Spark workers; the compiled dictionaries are cached on the codebook object.
"""

from __future__ import annotations

from isd.extract.rules import VERSION as __version__

__all__ = ["__version__", "extract_text", "extract_document", "extract_documents"]


def __getattr__(name: str):  # lazy: keep ``import isd.extract`` cheap
    if name in ("extract_text", "extract_document", "extract_documents"):
        from isd.extract import api

        return getattr(api, name)
    raise AttributeError(name)

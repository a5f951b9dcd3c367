"""Reading documents for extraction: bytes → text, header lines, scan text.

Everything the extractor reports points into the ORIGINAL decoded text of a document.
For matching we build a *scan text* of exactly the same length: Traditional Chinese
converted to Simplified (OpenCC t2s) and letters lower-cased, character for character.
Whenever a whole-text conversion changes the length (a rare phrase conversion, or a
character whose lower case is two characters), we fall back to converting one
character at a time and keep the original character where that would change the
length, so offsets in the scan text are offsets in the original text.
"""

from __future__ import annotations

import datetime as dt
import gzip
import hashlib
import io
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

HEADER_KEYS = ("DATELINE", "PUBLISHED", "URL", "PUBLISHER", "LANG", "TITLE")
_HEADER_RE = re.compile(r"^[ \t\ufeff]*([A-Za-z]+)[ \t]*:[ \t]*(.*?)[ \t\r]*$")
MAX_SCAN_CHARS = 300_000  # readouts are a few thousand characters; longer inputs are scanned up to here
_CJK_RE = re.compile(r"[\u3400-\u9fff]")
TEXT_SUFFIXES = {".txt", ".text", ".md", ""}
HTML_SUFFIXES = {".html", ".htm", ".xhtml", ".shtml"}
WARC_SUFFIXES = (".warc", ".warc.gz", ".arc.gz")


class DocumentError(Exception):
    """A document that cannot be read; the message names it and says why."""


@dataclass
class Document:
    text: str
    meta: dict[str, Any] = field(default_factory=dict)


# --- decoding ------------------------------------------------------------------------


def looks_binary(data: bytes) -> bool:
    head = data[:8192]
    if not head:
        return False
    if head.count(b"\x00") > len(head) // 100:  # UTF-16 text is also refused: say so
        return True
    ctrl = sum(1 for b in head if b < 9 or 13 < b < 32)
    return ctrl > len(head) // 10


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Decode document bytes: UTF-8 (with or without BOM), else GB18030 / Big5 / others."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    candidates = []
    for enc in ("gb18030", "big5"):
        try:
            txt = data.decode(enc)
        except UnicodeDecodeError:
            continue
        candidates.append((enc, txt))
    if len(candidates) == 1:
        return candidates[0][1], candidates[0][0]
    if candidates:
        # both decode: prefer the one whose text has more common CJK characters
        best = max(candidates, key=lambda c: _cjk_score(c[1]))
        return best[1], best[0]
    from charset_normalizer import from_bytes

    match = from_bytes(data[:200_000]).best()
    if match is not None and match.encoding:
        return data.decode(match.encoding, errors="replace"), match.encoding
    return data.decode("utf-8", errors="replace"), "utf-8-replace"


_COMMON = set("的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处队南给色光门即保治北造百规热领七海口东导器压志世金增争济阶油思术极交受联什认六共权收证改清己美再采转更单风切打白教速花带安场身车例真务具万每目至达走积示议声报斗完类八离华名确才科张信马节话米整空元况今集温传土许步群广石记需段研界拉林律叫且究观越织装影算低持音众书布复容儿须际商非验连断深难近矿千周委素技备半办青省列习响约支般史感劳便团往酸历市克何除消构府称太准精值号率族维划选标写存候毛亲快效斯院查江型眼王按格养易置派层片始却专状育厂京识适属圆包火住调满县局照参红细引听该铁价严龙飞")


def _cjk_score(text: str) -> int:
    sample = text[:20000]
    return sum(1 for ch in sample if ch in _COMMON) - sum(1 for ch in sample if "\ue000" <= ch <= "\uf8ff")


# --- headers ---------------------------------------------------------------------------


def parse_headers(text: str) -> tuple[dict[str, str], int]:
    """Header lines ``KEY: value`` at the top → ({key: value}, offset where the body starts).

    Keys are DATELINE, PUBLISHED, URL, PUBLISHER, LANG (and TITLE); blank lines before the
    first header are skipped.  The body starts at the first line that is not a header.
    """
    headers: dict[str, str] = {}
    pos = 0
    n = len(text)
    seen_any = False
    while pos < n:
        nl = text.find("\n", pos)
        end = n if nl < 0 else nl
        line = text[pos:end]
        if not line.strip() and not seen_any:
            pos = end + 1
            continue
        m = _HEADER_RE.match(line) if len(line) < 2000 else None
        if not m or m.group(1).upper() not in HEADER_KEYS:
            break
        key = m.group(1).upper()
        headers.setdefault(key, m.group(2))
        seen_any = True
        pos = end + 1
    if not seen_any:
        return {}, 0
    return headers, min(pos, n)


# --- scan text -------------------------------------------------------------------------


def make_scan_text(text: str, converter: Any | None) -> str:
    """Same-length matching text: t2s-converted (when there is CJK) and lower-cased."""
    s = text
    if converter is not None and _CJK_RE.search(s):
        conv = converter.convert(s)
        if len(conv) != len(s):
            conv = "".join(_one(converter, ch) for ch in s)
        s = conv
    low = s.lower()
    if len(low) != len(s):
        low = "".join(c.lower() if len(c.lower()) == 1 else c for c in s)
    return low


def _one(converter: Any, ch: str) -> str:
    if ch < "\u3400":
        return ch
    out = converter.convert(ch)
    return out if len(out) == 1 else ch


def t2s_converter() -> Any | None:
    try:
        import opencc

        return opencc.OpenCC("t2s")
    except Exception:  # pragma: no cover - opencc is a dependency
        return None


# --- reading files -----------------------------------------------------------------------


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def document_from_text(text: str, *, path: str | None = None, raw: bytes | None = None) -> Document:
    raw_bytes = raw if raw is not None else text.encode("utf-8", errors="surrogatepass")
    return Document(text=text, meta={"path": path, "sha256": sha256(raw_bytes)})


def _html_document(data: bytes, path: str | None, url: str | None = None) -> Document:
    import trafilatura

    html, _enc = decode_bytes(data)
    extracted = trafilatura.bare_extraction(html, url=url, with_metadata=True, include_comments=False,
                                            favor_precision=False)
    text = ""
    meta: dict[str, Any] = {"path": path, "sha256": sha256(data)}
    if extracted is not None:
        get = extracted.get if isinstance(extracted, dict) else (lambda k, _e=extracted: getattr(_e, k, None))
        body = get("text") or ""
        title = get("title")
        text = (title + "\n\n" + body) if title else body
        if get("date"):
            meta["published"] = str(get("date"))[:10]
        if title:
            meta["title"] = title
        if get("url") and not url:
            meta["url"] = get("url")
    if url:
        meta["url"] = url
    return Document(text=text, meta=meta)


def _pdf_document(data: bytes, path: str | None) -> Document:
    from pypdf import PdfReader

    try:
        reader = PdfReader(io.BytesIO(data))
        parts = []
        total = 0
        for page in reader.pages:
            t = page.extract_text() or ""
            parts.append(t)
            total += len(t)
            if total > MAX_SCAN_CHARS * 4:
                break
    except Exception as exc:
        raise DocumentError(f"{path or 'PDF'}: cannot read PDF ({exc.__class__.__name__}: {exc})") from None
    return Document(text="\n".join(parts), meta={"path": path, "sha256": sha256(data)})


def _warc_documents(data: bytes, path: str | None) -> Iterator[Document]:
    from warcio.archiveiterator import ArchiveIterator

    try:
        for rec in ArchiveIterator(io.BytesIO(data)):
            if rec.rec_type not in ("response", "resource"):
                continue
            url = rec.rec_headers.get_header("WARC-Target-URI")
            ctype = ""
            if rec.http_headers is not None:
                if rec.rec_type == "response" and not (rec.http_headers.get_statuscode() or "").startswith("2"):
                    continue
                ctype = rec.http_headers.get_header("Content-Type") or ""
            else:
                ctype = rec.rec_headers.get_header("Content-Type") or ""
            body = rec.content_stream().read()
            name = f"{path}#{url}" if path else url
            if "pdf" in ctype:
                doc = _pdf_document(body, name)
            elif "html" in ctype or body.lstrip()[:15].lower().startswith((b"<!doctype", b"<html")):
                doc = _html_document(body, name, url=url)
            else:
                txt, _ = decode_bytes(body)
                doc = document_from_text(txt, path=name, raw=body)
            doc.meta["url"] = url
            date = rec.rec_headers.get_header("WARC-Date")
            doc.meta.setdefault("retrieved", date)
            yield doc
    except DocumentError:
        raise
    except Exception as exc:
        raise DocumentError(f"{path or 'WARC'}: cannot read WARC ({exc.__class__.__name__}: {exc})") from None


def read_documents(source: str | Path | bytes, *, name: str | None = None) -> list[Document]:
    """Read one file (or bytes) into documents: text, HTML, PDF, WARC (a WARC gives one per record)."""
    if isinstance(source, (bytes, bytearray)):
        data = bytes(source)
        path = name
        suffix = _suffix(name or "")
    else:
        p = Path(source)
        path = str(source)
        try:
            data = p.read_bytes()
        except OSError as exc:
            raise DocumentError(f"{path}: cannot read ({exc.strerror or exc})") from None
        suffix = _suffix(p.name)
    lower_name = (name or path or "").lower()
    if lower_name.endswith(WARC_SUFFIXES) or data[:4] == b"WARC" or (data[:2] == b"\x1f\x8b" and _gz_is_warc(data)):
        return list(_warc_documents(data, path))
    if data[:2] == b"\x1f\x8b":
        try:
            data = gzip.decompress(data)
        except Exception:
            raise DocumentError(f"{path or 'input'}: corrupt gzip file") from None
        suffix = _suffix((path or "").removesuffix(".gz"))
    if data[:5] == b"%PDF-" or suffix == ".pdf":
        return [_pdf_document(data, path)]
    head = data[:2048].lstrip().lower()
    if suffix in HTML_SUFFIXES or head.startswith((b"<!doctype html", b"<html")):
        return [_html_document(data, path)]
    if looks_binary(data):
        raise DocumentError(f"{path or 'input'}: binary file, not a text/HTML/PDF/WARC document")
    text, enc = decode_bytes(data)
    doc = document_from_text(text, path=path, raw=data)
    doc.meta["encoding"] = enc
    return [doc]


def _gz_is_warc(data: bytes) -> bool:
    try:
        d = gzip.GzipFile(fileobj=io.BytesIO(data[:65536]))
        return d.read(4) == b"WARC"
    except Exception:
        return False


def _suffix(name: str) -> str:
    n = name.lower()
    if n.endswith(".warc.gz"):
        return ".warc.gz"
    return Path(n).suffix


def iter_paths(paths: list[str | Path]) -> Iterator[Path]:
    """Files named, and the files inside folders named (recursively, sorted, skipping hidden ones)."""
    for p in paths:
        p = Path(p)
        if p.is_dir():
            for f in sorted(p.rglob("*")):
                if f.is_file() and not any(part.startswith(".") for part in f.relative_to(p).parts):
                    yield f
        else:
            yield p


def parse_iso_date(value: Any) -> dt.date | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    m = re.search(r"(\d{4})-(\d{1,2})-(\d{1,2})", str(value))
    if not m:
        return None
    try:
        return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None

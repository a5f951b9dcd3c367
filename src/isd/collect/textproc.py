"""From archived bytes to clean text: encoding, main text (trafilatura), PDF (pypdf),
plain text (``KEY: value`` header lines kept and read), language (py3langid), title,
publication date (source hints first, then the page's metadata)."""

from __future__ import annotations

import datetime as dt
import io
import re
from dataclasses import dataclass
from functools import lru_cache

from isd.collect.sources import DateHints

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.IGNORECASE)
_HEADER_RE = re.compile(r"^[ \t\ufeff]*([A-Za-z]+)[ \t]*:[ \t]*(.*?)[ \t\r]*$")
HEADER_KEYS = ("DATELINE", "PUBLISHED", "URL", "PUBLISHER", "LANG", "TITLE")
_CJK = re.compile(r"[\u3400-\u9fff]")
_ZH_DATE = re.compile(r"(?P<y>(?:19|20)\d{2})\s*年\s*(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*日")
_ISO_DATE = re.compile(r"(?P<y>(?:19|20)\d{2})[-/.](?P<m>\d{1,2})[-/.](?P<d>\d{1,2})")
LANGUAGES = ["zh", "en", "fr", "es", "ru", "ar", "pt", "de", "vi", "th", "km", "lo", "id", "ms", "ja", "ko", "tr", "fa", "ur",
             "sw", "am", "it", "nl", "pl", "uk", "kk", "ky", "uz", "tg", "mn", "ne", "si", "ta", "hi", "bn", "tl"]
# encodings that are subsets of a wider one: decode with the wider (GB2312/GBK pages often hold GB18030 characters)
_WIDER = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "gb_2312-80": "gb18030", "big5": "big5hkscs",
          "iso-8859-1": "cp1252", "latin-1": "cp1252", "ascii": "utf-8", "us-ascii": "utf-8"}


_BINARY_TYPES = {"application/octet-stream", "application/zip", "application/gzip", "application/x-gzip",
                 "application/msword", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}


def _looks_binary(data: bytes) -> bool:
    head = data[:8192]
    return bool(head) and head.count(b"\x00") > len(head) // 100


@dataclass
class Extracted:
    text: str
    title: str | None
    published: dt.date | None
    language: str | None
    encoding: str | None
    content_type: str
    headers: dict[str, str]


class ExtractionError(Exception):
    pass


def content_kind(content_type: str | None, data: bytes, name: str = "") -> str:
    ct = (content_type or "").split(";")[0].strip().lower()
    head = data[:1024].lstrip().lower()
    if ct == "application/pdf" or data.startswith(b"%PDF-") or name.lower().endswith(".pdf"):
        return "pdf"
    if ct in ("text/html", "application/xhtml+xml") or head.startswith((b"<!doctype html", b"<html")) or b"<html" in head or \
            name.lower().endswith((".html", ".htm", ".shtml", ".xhtml")):
        return "html"
    if ct in ("application/rss+xml", "application/atom+xml") or (head.startswith(b"<?xml") and (b"<rss" in data[:2048] or b"<feed" in data[:2048])):
        return "feed"
    return "text"


def _norm_encoding(enc: str) -> str:
    enc = enc.strip().strip("'\"").lower()
    return _WIDER.get(enc, enc)


def decode(data: bytes, content_type: str | None = None) -> tuple[str, str]:
    """Bytes → (text, encoding): BOM, HTTP charset, <meta charset>, UTF-8, GB18030, then charset-normalizer."""
    import codecs

    if data.startswith(codecs.BOM_UTF8):
        return data[3:].decode("utf-8", errors="replace"), "utf-8"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace"), "utf-16"
    declared = []
    m = re.search(r"charset\s*=\s*([A-Za-z0-9_\-]+)", content_type or "", re.IGNORECASE)
    if m:
        declared.append(m.group(1))
    m2 = _META_CHARSET.search(data[:4096])
    if m2:
        declared.append(m2.group(1).decode("ascii", "ignore"))
    for enc in declared:
        enc = _norm_encoding(enc)
        try:
            return data.decode(enc), enc
        except (LookupError, UnicodeDecodeError):
            continue
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        txt = data.decode("gb18030")
        if len(_CJK.findall(txt[:5000])) > 20:
            return txt, "gb18030"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data[:200_000]).best()
    if best is not None and best.encoding:
        return data.decode(best.encoding, errors="replace"), best.encoding
    return data.decode("utf-8", errors="replace"), "utf-8-replace"


@lru_cache(maxsize=1)
def _identifier():
    from py3langid.langid import (
        _load_identifier,  # a private instance: set_languages must not touch the global one
    )

    return _load_identifier(norm_probs=True, langs=LANGUAGES)


def detect_language(text: str) -> str | None:
    sample = text[:3000]
    if not sample.strip():
        return None
    cjk = len(_CJK.findall(sample))
    letters = sum(1 for ch in sample if ch.isalpha())
    if letters and cjk / letters > 0.3:
        return "zh"
    lang, _prob = _identifier().classify(sample)
    return lang


def _mkdate(y: str, m: str, d: str) -> dt.date | None:
    try:
        return dt.date(int(y), int(m), int(d))
    except ValueError:
        return None


def date_from_url(url: str, hints: DateHints | None) -> dt.date | None:
    if hints is None or not hints.url_pattern or not url:
        return None
    m = re.search(hints.url_pattern, url)
    return _mkdate(m.group("y"), m.group("m"), m.group("d")) if m else None


def parse_date(value: str) -> dt.date | None:
    value = (value or "").strip()
    for rx in (_ISO_DATE, _ZH_DATE):
        m = rx.search(value)
        if m:
            return _mkdate(m.group("y"), m.group("m"), m.group("d"))
    m = re.fullmatch(r"((?:19|20)\d{2})(\d{2})(\d{2})", value)
    if m:
        return _mkdate(*m.groups())
    return None


def _meta_date(html: str, names: list[str]) -> dt.date | None:
    for name in names:
        rx = re.compile(rf"""<meta[^>]+(?:name|property)\s*=\s*["']{re.escape(name)}["'][^>]*>""", re.IGNORECASE)
        for tag in rx.findall(html[:20000]):
            c = re.search(r"""content\s*=\s*["']([^"']+)["']""", tag, re.IGNORECASE)
            if c:
                d = parse_date(c.group(1))
                if d:
                    return d
    return None


def parse_text_headers(text: str) -> dict[str, str]:
    headers: dict[str, str] = {}
    for line in text.splitlines():
        if not line.strip():
            if headers:
                break
            continue
        m = _HEADER_RE.match(line) if len(line) < 2000 else None
        if not m or m.group(1).upper() not in HEADER_KEYS:
            break
        headers.setdefault(m.group(1).upper(), m.group(2))
    return headers


def extract(data: bytes, *, url: str = "", content_type: str | None = None, name: str = "",
            hints: DateHints | None = None) -> Extracted:
    """Main text and metadata of a document's bytes (HTML, PDF or plain text)."""
    kind = content_kind(content_type, data, name or url)
    ct = (content_type or "").split(";")[0].strip().lower()
    if kind == "text" and (ct.startswith(("image/", "audio/", "video/", "font/")) or ct in _BINARY_TYPES or _looks_binary(data)):
        raise ExtractionError(f"unsupported content type {ct or 'unknown (binary)'}: archived, no text extracted")
    if kind == "pdf":
        return _extract_pdf(data, url=url, hints=hints)
    text, encoding = decode(data, content_type)
    if kind == "html":
        return _extract_html(text, encoding, url=url, hints=hints)
    headers = parse_text_headers(text)
    published = parse_date(headers.get("PUBLISHED", "")) or date_from_url(url or headers.get("URL", ""), hints)
    body_start = text.split("\n\n", 1)[1] if headers and "\n\n" in text else text
    title = headers.get("TITLE") or next((ln.strip() for ln in body_start.splitlines() if ln.strip()), None)
    lang = headers.get("LANG") or detect_language(body_start)
    return Extracted(text=text, title=(title or "")[:500] or None, published=published, language=lang,
                     encoding=encoding, content_type="text/plain", headers=headers)


def _extract_html(html: str, encoding: str, *, url: str, hints: DateHints | None) -> Extracted:
    import trafilatura

    doc = None
    try:
        doc = trafilatura.bare_extraction(html, url=url or None, with_metadata=True, include_comments=False,
                                          include_tables=True, favor_recall=True)
    except Exception:  # trafilatura can choke on pathological markup; fall back below
        doc = None
    text = (getattr(doc, "text", None) or "").strip()
    title = getattr(doc, "title", None)
    if not text:
        # malformed or tiny pages: strip tags with lxml (recovering parser)
        text, title2 = _fallback_text(html)
        title = title or title2
    if not title:
        m = re.search(r"<title[^>]*>(.*?)</title>", html, re.IGNORECASE | re.DOTALL)
        title = re.sub(r"\s+", " ", m.group(1)).strip() if m else None
    published = (date_from_url(url, hints) or _meta_date(html, (hints or DateHints()).meta)
                 or parse_date(getattr(doc, "date", None) or ""))
    if published is None and hints is not None and hints.text_pattern:
        m = re.search(hints.text_pattern, text)
        if m:
            published = _mkdate(m.group("y"), m.group("m"), m.group("d"))
    lang = detect_language(text) or None
    return Extracted(text=text, title=title, published=published, language=lang, encoding=encoding,
                     content_type="text/html", headers={})


def _fallback_text(html: str) -> tuple[str, str | None]:
    import lxml.html

    try:
        root = lxml.html.fromstring(html)
    except Exception:
        return re.sub(r"<[^>]+>", " ", html).strip(), None
    for bad in root.xpath("//script|//style|//nav|//header|//footer"):
        bad.drop_tree()
    title = root.findtext(".//title")
    text = "\n".join(t.strip() for t in root.itertext() if t.strip())
    return text, (title.strip() if title else None)


def _extract_pdf(data: bytes, *, url: str, hints: DateHints | None) -> Extracted:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        pages = [(p.extract_text() or "").strip() for p in reader.pages]
        meta = reader.metadata
    except (PdfReadError, ValueError, KeyError) as exc:
        raise ExtractionError(f"unreadable PDF: {exc}") from None
    text = "\n\n".join(p for p in pages if p)
    title = (meta.title if meta and meta.title else None) or next((ln.strip() for ln in text.splitlines() if ln.strip()), None)
    published = date_from_url(url, hints)
    if published is None and meta is not None and meta.creation_date is not None:
        published = meta.creation_date.date()
    return Extracted(text=text, title=title, published=published, language=detect_language(text), encoding=None,
                     content_type="application/pdf", headers={})

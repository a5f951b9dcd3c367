"""HTML helpers: evidence highlighting over untrusted source text, and small SVG charts.

Everything that comes from a source (document text, titles, names) is escaped here
with :func:`markupsafe.escape` before any markup of ours is put around it; the result
is :class:`~markupsafe.Markup` so Jinja2 does not escape it twice.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Iterable, Sequence

from markupsafe import Markup, escape


@dataclass
class Span:
    start: int
    end: int
    label: str


def locate(text: str, start: int | None, end: int | None, quote: str | None) -> tuple[int, int] | None:
    """The span in ``text``: the recorded offsets when they hold the quoted words (or no
    words were quoted), else the first occurrence of the quoted words, else None."""
    n = len(text)
    if start is not None and end is not None and 0 <= start <= end <= n:
        if not quote or text[start:end] == quote:
            return start, end
    if quote:
        i = text.find(quote)
        if i >= 0:
            return i, i + len(quote)
    return None


def highlight(text: str, spans: Iterable[Span]) -> Markup:
    """``text`` escaped, with each span wrapped in ``<mark>`` (overlaps handled)."""
    spans = [s for s in spans if 0 <= s.start < s.end <= len(text)]
    cuts = sorted({0, len(text), *[s.start for s in spans], *[s.end for s in spans]})
    out: list[str] = []
    for a, b in zip(cuts, cuts[1:]):
        piece = escape(text[a:b])
        labels = sorted({s.label for s in spans if s.start <= a and b <= s.end})
        if labels:
            out.append(f'<mark title="{escape(", ".join(labels))}">{piece}</mark>')
        else:
            out.append(str(piece))
    return Markup("".join(out))


def snippet(text: str, start: int, end: int, label: str, width: int = 80) -> Markup:
    """The words of a span with some context around them, the span marked."""
    a, b = max(0, start - width), min(len(text), end + width)
    inner = highlight(text[a:b], [Span(start - a, end - a, label)])
    return Markup(("…" if a > 0 else "") + str(inner) + ("…" if b < len(text) else ""))


def field_matches(evidence_field: str, name: str) -> bool:
    """Does an evidence entry's field (``counterparts[0].country_iso3``, ``topics.x``, ``*``)
    belong to the variable ``name``?"""
    f = evidence_field
    return (f == name or f.startswith(name + ".") or f.startswith(name + "[")
            or name.startswith(f + ".") or f == "*")


def safe_url(url: str | None) -> str | None:
    """Only http(s) links are rendered as links (no javascript:, data: …)."""
    if url and url.strip().lower().startswith(("http://", "https://")):
        return url.strip()
    return None


# --- SVG charts -----------------------------------------------------------------------

def bar_chart(labels: Sequence[Any], values: Sequence[float], title: str = "", width: int = 520,
              bar_height: int = 18) -> Markup:
    """A horizontal bar chart as inline SVG (labels escaped)."""
    pairs = [(str(l), float(v)) for l, v in zip(labels, values) if v is not None and not _nan(v)][:25]
    if not pairs:
        return Markup('<p class="muted">no data</p>')
    vmax = max(v for _, v in pairs) or 1.0
    left, right = 170, 50
    h = bar_height * len(pairs) + 30
    parts = [f'<svg class="chart" role="img" viewBox="0 0 {width} {h}" width="{width}" height="{h}" '
             f'xmlns="http://www.w3.org/2000/svg"><title>{escape(title)}</title>']
    for i, (label, v) in enumerate(pairs):
        y = 10 + i * bar_height
        w = max(1.0, (width - left - right) * v / vmax)
        short = label if len(label) <= 26 else label[:25] + "…"
        parts.append(f'<text x="{left - 6}" y="{y + bar_height * 0.7:.1f}" text-anchor="end" class="lbl">{escape(short)}</text>')
        parts.append(f'<rect x="{left}" y="{y + 2}" width="{w:.1f}" height="{bar_height - 4}" class="bar"/>')
        parts.append(f'<text x="{left + w + 4:.1f}" y="{y + bar_height * 0.7:.1f}" class="val">{_fmt(v)}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))


def _nan(v: Any) -> bool:
    try:
        return math.isnan(float(v))
    except (TypeError, ValueError):
        return True


def _fmt(v: float) -> str:
    return str(int(v)) if float(v).is_integer() else f"{v:.2f}"


def chart_for(df: Any, title: str) -> Markup | None:
    """A bar chart of a DataFrame: first text column (or first two joined) × first number column."""
    import pandas as pd

    if df is None or len(df) == 0:
        return None
    cols = [c for c in df.columns if c != "record_ids"]
    nums = [c for c in cols if pd.api.types.is_numeric_dtype(df[c]) and not pd.api.types.is_bool_dtype(df[c])]
    texts = [c for c in cols if c not in nums]
    if not nums:
        return None
    if texts:
        labels = df[texts[0]].astype(str)
        if len(texts) > 1 and df[texts[0]].duplicated().any():
            labels = labels + " · " + df[texts[1]].astype(str)
    else:
        labels = df[nums[0]].astype(str)
        nums = nums[1:]
        if not nums:
            return None
    return bar_chart(list(labels), list(df[nums[0]]), f"{title}: {nums[0]}")

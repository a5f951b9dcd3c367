"""Collection: crawl sources, feeds and files into a WARC archive that never loses a page.

- :mod:`isd.collect.sources` — source definitions (``sources/<name>/source.yml`` + optional ``collector.py``)
- :mod:`isd.collect.fetch` — the polite HTTP fetcher (robots.txt, rate limits, retries, size limit)
- :mod:`isd.collect.crawler` — crawl one source (listings, feeds, pagination, articles)
- :mod:`isd.collect.ingest` — single URLs, local files, WARC import
- :mod:`isd.collect.pipeline` — archive first (WARC, fsync), then index (``documents``, ``fetch_log``); crash repair
- :mod:`isd.collect.archive` — WARC writing and reading; :mod:`isd.collect.verify` — verify and export
- :mod:`isd.collect.textproc` — encoding, main text, language, dates; :mod:`isd.collect.dedup` — near-copies
- :mod:`isd.collect.watch` — scheduled runs and the digest; :mod:`isd.collect.sample` — the offline demo pages

Nothing is imported here: ``isd --help`` stays fast.
"""

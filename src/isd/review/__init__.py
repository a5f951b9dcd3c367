"""Review: the human side of coding (CODEBOOK §8).

- :mod:`isd.review.workflow` — candidate queue; accept / correct / reject values and
  records; merge duplicates and undo a merge; add a record by hand.
- :mod:`isd.review.double` — double-coding rounds, blind codings, adjudication.
- :mod:`isd.review.reliability` — Krippendorff's alpha per variable.
- :mod:`isd.review.users` — accounts and roles (viewer < coder < reviewer < admin).
- :mod:`isd.review.variables` — the coded variables of each record kind.

All are plain functions of a :class:`~isd.store.Store`, used by the web app
(:mod:`isd.web`) and by ``isd review`` / ``isd user``.
"""

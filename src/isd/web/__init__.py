"""The web app for a coding team: browse, map and review with evidence.

``isd serve`` runs it (uvicorn); :func:`isd.web.app.create_app` builds it for tests.
Pages are server-rendered (Jinja2, autoescaped) with our own CSS/JS under /static;
JSON API under /api (OpenAPI at /openapi.json).  The review logic is :mod:`isd.review`.
"""

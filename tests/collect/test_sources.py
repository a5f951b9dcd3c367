"""Source definitions: shipped ones are valid; bad ones name the file and the field."""

from __future__ import annotations

import re

import pytest
from typer.testing import CliRunner

from isd.collect.sources import load_all, load_source, source_names
from isd.errors import InputError

REQUIRED = {"mps_news", "mps_intl", "xinhua_en", "xinhua_zh", "people_en", "mfa_zh", "mfa_en", "embassy_solomon_islands",
            "embassy_cambodia", "vietnam_gov_zh", "solomons_gov", "sample"}

# real article URLs (from the project's reference records) each shipped source must recognise
KNOWN_ARTICLES = {
    "mps_news": "https://www.mps.gov.cn/n2253534/n2253535/c4125238/content.html",
    "mps_intl": "https://www.mps.gov.cn/n2254314/n2254315/n2254317/n4894885/n4894887/c9447766/content.html",
    "xinhua_en": "https://english.news.cn/20250626/092d585564ed44758cff51d1170eff15/c.html",
    "xinhua_zh": "http://www.news.cn/politics/leaders/2022-04/21/c_1128580296.htm",
    "people_en": "http://en.people.cn/n3/2024/1129/c90000-20248101.html",
    "mfa_zh": "https://www.mfa.gov.cn/wjbxw_new/202302/t20230221_11028322.shtml",
    "mfa_en": "https://www.mfa.gov.cn/eng/wjbzhd/202505/t20250528_11635736.html",
}


def test_all_shipped_sources_valid():
    loaded, problems = load_all()
    assert not problems
    assert REQUIRED <= {s.name for s in loaded}
    assert set(source_names()) == {s.name for s in loaded}


@pytest.mark.parametrize("name,url", sorted(KNOWN_ARTICLES.items()))
def test_patterns_match_real_urls(name, url):
    d = load_source(name).definition
    assert d.is_article(url), f"{name} does not recognise {url}"
    assert d.host_allowed(url.split("/")[2])
    if d.dates.url_pattern:
        assert re.search(d.dates.url_pattern, url)


def test_listing_pages_are_not_articles():
    d = load_source("mps_news").definition
    assert not d.is_article(d.start_urls[0])


def test_bad_definition_names_file_and_field(tmp_path):
    f = tmp_path / "bad" / "source.yml"
    f.parent.mkdir()
    f.write_text("name: bad\ntitle: x\npublisher: y\nlanguage: en\nstart_urls: [ftp://x]\n"
                 "article_patterns: ['(unclosed']\nallowed_hosts: [x]\nrate_limit: -1\nbogus: 1\n")
    with pytest.raises(InputError) as e:
        load_source(str(f))
    msg = str(e.value)
    assert str(f) in msg
    for field in ("start_urls", "article_patterns", "rate_limit", "bogus"):
        assert f"field {field}" in msg, msg


def test_date_pattern_needs_groups(tmp_path):
    f = tmp_path / "s.yml"
    f.write_text("name: s1\ntitle: x\npublisher: y\nlanguage: en\nfeeds: [https://x/feed]\narticle_patterns: [x]\n"
                 "allowed_hosts: [x]\ndates: {url_pattern: '/(\\d{4})/'}\n")
    with pytest.raises(InputError, match="dates.url_pattern"):
        load_source(str(f))


def test_sample_has_collector_hook():
    s = load_source("sample")
    assert s.collector is not None and hasattr(s.collector, "session")


def test_cli_sources(tmp_path):
    from isd.cli import app, build_app

    build_app()
    r = CliRunner().invoke(app, ["--home", str(tmp_path), "sources", "check"])
    assert r.exit_code == 0 and "ok       mps_news" in r.output
    r = CliRunner().invoke(app, ["--home", str(tmp_path), "sources", "show", "xinhua_en"])
    assert r.exit_code == 0 and "english.news.cn" in r.output
    r = CliRunner().invoke(app, ["--home", str(tmp_path), "sources", "show", "nope"])
    assert r.exit_code == 1
    bad = tmp_path / "b.yml"
    bad.write_text("name: b\n")
    r = CliRunner().invoke(app, ["--home", str(tmp_path), "sources", "check", str(bad)])
    assert r.exit_code == 1 and "field title" in r.output

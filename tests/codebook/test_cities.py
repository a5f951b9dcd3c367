"""The city gazetteer (cities.yaml): loaded, checked against countries.yaml, used by the extractor."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from isd.codebook import CodebookError, default_data_dir, load_codebook


@pytest.fixture
def data(tmp_path: Path) -> Path:
    d = tmp_path / "codebook"
    shutil.copytree(default_data_dir(), d)
    return d


def test_capitals_and_meeting_cities_are_loaded(cb):
    by_name = {(c.name_en, c.country_iso3) for c in cb.cities}
    for city in [("Beijing", "CHN"), ("Lianyungang", "CHN"), ("Accra", "GHA"), ("Yakutsk", "RUS"), ("Monze", "ZMB"),
                 ("Dhaka", "BGD"), ("Islamabad", "PAK"), ("Ho Chi Minh City", "VNM")]:
        assert city in by_name
    countries = {c.iso3 for c in cb.countries}
    assert all(c.country_iso3 in countries for c in cb.cities)
    lower = {n.lower() for c in cb.cities for n in c.names_en()}
    assert "male" not in lower and "victoria" not in lower  # ordinary words would fire everywhere


def test_unknown_country_is_an_error_naming_the_entry(data):
    path = data / "cities.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("{name_en: \"Accra\", name_zh: 阿克拉, country_iso3: GHA}",
                                 "{name_en: \"Accra\", name_zh: 阿克拉, country_iso3: GHX}"), encoding="utf-8")
    with pytest.raises(CodebookError) as info:
        load_codebook(data)
    msg = str(info.value)
    assert "cities.yaml" in msg and "Accra" in msg and "country_iso3" in msg


def test_a_name_given_twice_in_one_country_is_an_error(data):
    path = data / "cities.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("{name_en: \"Lahore\", name_zh: 拉合尔, country_iso3: PAK}",
                                 "{name_en: \"Lahore\", name_zh: 拉合尔, aliases_en: [\"Karachi\"], country_iso3: PAK}"),
                    encoding="utf-8")
    with pytest.raises(CodebookError, match="also a name of city"):
        load_codebook(data)


def test_an_older_codebook_without_cities_still_loads(data):
    (data / "cities.yaml").unlink()
    assert load_codebook(data).cities == []


def test_extractor_reads_cities_and_officials_through_the_codebook(cb):
    from isd.extract.lexicon import lexicon_for

    lex = lexicon_for(cb)
    from isd.extract.textio import make_scan_text

    hits = lex.scan(make_scan_text("talks in Monze and in 雅库茨克", lex.converter))
    assert [(h.kind, h.value) for h in hits if h.kind == "city"] == [("city", ("Monze", "ZMB")), ("city", ("Yakutsk", "RUS"))]
    # officials migrated from the extractor's list carry sourced tenures in the codebook
    lin = next(o for o in cb.officials if o.id == "lin_rui")
    assert all(p.source_url.startswith("http") for p in lin.posts)
    assert lex.official_rank("lin_rui", __import__("datetime").date(2020, 5, 1))[0] == "vice_minister"

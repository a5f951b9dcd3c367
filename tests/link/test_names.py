from __future__ import annotations

from isd.link.features import feature_row, title_agency
from isd.link.names import latin_key, person_key


def test_latin_key_bridges_scripts():
    assert latin_key("王小洪") == latin_key("Wang Xiaohong") == "wangxiaohong"
    assert latin_key("Jürgen Stock") == latin_key("Jurgen Stock")
    assert latin_key("") is None and latin_key(None) is None


def test_person_key_drops_titles_and_initials():
    assert person_key("Secretary Alejandro N. Mayorkas") == person_key("Alejandro Mayorkas")
    assert person_key("Hon. Anthony Veke") == "anthonyveke"


def test_officials_resolve_to_codebook_ids_in_both_scripts(names, codebook):
    wang = codebook.find_official("王小洪").id
    assert names.official("王小洪") == names.official("Wang Xiaohong") == wang
    assert names.official("Chinese Minister of Public Security Wang Xiaohong") == wang
    # an unknown person stays comparable by name, never silently becomes someone else
    assert names.official("Zhang Unknownperson") == "name:zhangunknownperson"


def test_parties_resolve_across_scripts(names):
    assert names.party("俄罗斯") == names.party("Russia") == names.party("RUS") == "RUS"
    assert names.party("Minister of Internal Affairs of the Russian Federation") == "RUS"
    assert names.party("Niger") == "NER" and names.party("Nigeria") == "NGA"
    assert names.party("国际刑警组织") == names.party("INTERPOL")


def test_cities_across_scripts(names):
    assert names.city("北京市") == names.city("Beijing") == "beijing"
    assert names.city("厦门") == names.city("Xiamen")
    assert names.city("连云港") == names.city("Lianyungang")


def test_title_agency():
    assert title_agency("Minister of Internal Affairs") == "interior_home_affairs"
    assert title_agency("内务部长") == "interior_home_affairs"
    assert title_agency("Secretary of Homeland Security") == title_agency("国土安全部长") == "public_security"
    assert title_agency("副总检察长") == title_agency("Deputy Prosecutor General") == "prosecutor"
    assert title_agency("nothing known") is None


def test_feature_row_bad_date_names_the_value(names):
    import pytest

    with pytest.raises(ValueError, match="2023-13-45"):
        feature_row({"unique_id": "x", "date": "2023-13-45"}, names)
    with pytest.raises(ValueError, match="unique_id"):
        feature_row({"date": "2023-01-01"}, names)

"""A broken codebook file fails loudly at load time, naming the file, the entry and the field."""

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


def _edit(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture text not found in {path.name}: {old!r}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def _fails(data: Path) -> CodebookError:
    with pytest.raises(CodebookError) as info:
        load_codebook(data)
    return info.value


def test_copy_loads(data):
    assert load_codebook(data).country("VNM").iso3 == "VNM"


def test_bad_region_code(data):
    _edit(data / "countries.yaml", "  - iso3: VNM\n    iso2: \"VN\"", "  - iso3: VNM\n    iso2: \"VN\"", 1)
    text = (data / "countries.yaml").read_text(encoding="utf-8")
    start = text.index("  - iso3: VNM")
    end = text.index("    region: southeast_asia", start)
    text = text[:end] + "    region: south_east_asia" + text[end + len("    region: southeast_asia"):]
    (data / "countries.yaml").write_text(text, encoding="utf-8")
    err = _fails(data)
    assert err.file == "countries.yaml"
    assert "VNM" in err.entry
    assert err.field == "region"
    assert "south_east_asia" in str(err) and err.line is not None


def test_missing_field(data):
    text = (data / "countries.yaml").read_text(encoding="utf-8")
    start = text.index("  - iso3: LAO")
    line_start = text.index("    name_zh:", start)
    line_end = text.index("\n", line_start) + 1
    (data / "countries.yaml").write_text(text[:line_start] + text[line_end:], encoding="utf-8")
    err = _fails(data)
    assert (err.file, err.field) == ("countries.yaml", "name_zh")
    assert "LAO" in err.entry
    assert "required" in str(err).lower()


def test_duplicate_iso3(data):
    _edit(data / "countries.yaml", "  - iso3: LAO", "  - iso3: KHM")
    err = _fails(data)
    assert err.file == "countries.yaml"
    assert err.field == "iso3"
    assert "KHM" in str(err) and "duplicate" in str(err)


def test_bad_date(data):
    _edit(data / "officials.yaml", "start: 2022-06-24, source_url", "start: 2022-13-45, source_url")
    err = _fails(data)
    assert err.file == "officials.yaml"
    assert "wang_xiaohong" in err.entry
    assert err.field.startswith("posts.") and err.field.endswith(".start")


def test_post_ending_before_start(data):
    _edit(data / "officials.yaml", "start: 2007-08-30, end: 2016-11-06", "start: 2007-08-30, end: 2006-11-06")
    err = _fails(data)
    assert "geng_huichang" in err.entry and "before start" in str(err)


def test_yaml_syntax_error(data):
    _edit(data / "topics.yaml", "  - code: counterdrug\n", "  - code: counterdrug\n    keywords_zh: [毒品, 禁毒\n")
    err = _fails(data)
    assert err.file == "topics.yaml"
    assert "YAML syntax error" in str(err)
    assert err.line is not None


def test_unknown_field_is_a_typo(data):
    _edit(data / "organizations.yaml", "    kind: international_org\n    url: https://www.interpol.int",
          "    kind: international_org\n    urll: https://www.interpol.int")
    err = _fails(data)
    assert (err.file, err.field) == ("organizations.yaml", "urll")
    assert "interpol" in err.entry and "unknown field" in str(err)


def test_unknown_member_country(data):
    _edit(data / "organizations.yaml", "members: [BHR, KWT, OMN, QAT, SAU, ARE]", "members: [BHR, KWT, OMN, QAT, SAU, XYZ]")
    err = _fails(data)
    assert (err.file, err.field) == ("organizations.yaml", "members") and "gcc" in err.entry and "XYZ" in str(err)


def test_bad_rank_in_post(data):
    _edit(data / "officials.yaml", "title_zh: 国家安全部部长, rank: minister,\n         start: 2007-08-30",
          "title_zh: 国家安全部部长, rank: ministre,\n         start: 2007-08-30")
    err = _fails(data)
    assert err.file == "officials.yaml" and "geng_huichang" in err.entry and err.field == "posts[0].rank"


def test_overlapping_duplicate_posts(data):
    _edit(data / "officials.yaml",
          "  - id: geng_huichang\n    name_en: Geng Huichang\n    name_zh: 耿惠昌\n    posts:\n",
          "  - id: geng_huichang\n    name_en: Geng Huichang\n    name_zh: 耿惠昌\n    posts:\n"
          "      - {agency: MSS, title_en: Minister of State Security, title_zh: 国家安全部部长, rank: minister,\n"
          "         start: 2010-01-01, source_url: \"https://example.org/x\"}\n")
    err = _fails(data)
    assert "geng_huichang" in err.entry and "overlaps" in str(err)


def test_alias_shared_by_two_countries(data):
    _edit(data / "countries.yaml", 'aliases_en: ["Lao PDR"', 'aliases_en: ["Burma", "Lao PDR"')
    err = _fails(data)
    assert err.file == "countries.yaml" and "Burma" in str(err) and "ambiguous" in str(err)


def test_rank_rule_shadowed(data):
    text = (data / "ranks.yaml").read_text(encoding="utf-8")
    # move "Minister" into the first (other) rule: "Deputy Minister" later can never fire
    text = text.replace("words_en: [Minister-Counsellor,", "words_en: [Minister, Minister-Counsellor,", 1)
    text = text.replace("Sultan,\n               Minister, Secretary of State", "Sultan,\n               Secretary of State", 1)
    (data / "ranks.yaml").write_text(text, encoding="utf-8")
    err = _fails(data)
    assert err.file == "ranks.yaml" and "can never match" in str(err)


def test_generic_topic_takes_no_keywords(data):
    _edit(data / "topics.yaml", "    description: no specific area named\n",
          "    description: no specific area named\n    keywords_en: [law enforcement cooperation]\n    keywords_zh: [执法合作]\n")
    err = _fails(data)
    assert err.file == "topics.yaml" and "generic" in err.entry


def test_duplicate_keyword_across_topics(data):
    _edit(data / "topics.yaml", "      - 缉毒\n", "      - 缉毒\n      - 洗钱\n")
    err = _fails(data)
    assert err.file == "topics.yaml" and "洗钱" in str(err) and "listed twice" in str(err)


def test_missing_file(data):
    (data / "mechanisms.yaml").unlink()
    err = _fails(data)
    assert err.file == "mechanisms.yaml" and "missing" in str(err)


def test_not_a_directory(tmp_path):
    with pytest.raises(CodebookError):
        load_codebook(tmp_path / "nope")


def test_session_in_wrong_year(data):
    _edit(data / "mechanisms.yaml", "year: 2023, start: 2023-09-19", "year: 2022, start: 2023-09-19")
    err = _fails(data)
    assert err.file == "mechanisms.yaml" and "gpscfl" in err.entry and "sessions" in err.field


def test_iso2_no_as_boolean(data):
    # the Norway problem: an unquoted NO is YAML false
    _edit(data / "countries.yaml", 'iso2: "NO"', "iso2: NO")
    err = _fails(data)
    assert "NOR" in err.entry and err.field == "iso2"


def test_code_list_error_has_line(data):
    _edit(data / "codebook.yaml", "- {code: video, label_en: Video call", "- {code: video call, label_en: Video call")
    err = _fails(data)
    assert err.file == "codebook.yaml" and err.field == "code" and err.line is not None
    text = (data / "codebook.yaml").read_text(encoding="utf-8").splitlines()
    assert "video call" in text[err.line - 1]


def test_code_list_missing(data):
    text = (data / "codebook.yaml").read_text(encoding="utf-8")
    text = text.replace("  mode:   # CODEBOOK §3", "  modes:   # CODEBOOK §3")
    (data / "codebook.yaml").write_text(text, encoding="utf-8")
    err = _fails(data)
    assert err.file == "codebook.yaml" and err.field == "code_lists.mode"

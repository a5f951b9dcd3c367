from __future__ import annotations

import io
from html import escape as html_escape

import pytest

EN = ("BEIJING, March 3 -- Chinese State Councilor and Minister of Public Security Wang Xiaohong met with "
      "the visiting interior minister of {country} on Monday. The two sides agreed to deepen cooperation against "
      "telecom fraud and drug trafficking.")
ZH = "新华社北京3月3日电 国务委员、公安部部长王小洪3日在京会见{country}内政部长。双方同意深化打击电信诈骗和毒品犯罪合作。"
COUNTRIES = [("Laos", "老挝"), ("Cambodia", "柬埔寨"), ("Kazakhstan", "哈萨克斯坦"), ("Serbia", "塞尔维亚")]


def documents(n: int) -> list[dict]:
    """Documents written for these tests (our own words, real-readout style)."""
    out = []
    for i in range(n):
        en, zh = COUNTRIES[i % len(COUNTRIES)]
        text = (EN.format(country=en) if i % 2 else ZH.format(country=zh)) * (1 + i % 3)
        if i % 97 == 13:
            text += " <<FAIL>>"
        if i % 50 == 7:
            text = "   "
        out.append({"id": f"doc{i:05d}", "text": text, "url": f"https://example.org/{i}", "language": "en" if i % 2 else "zh"})
    return out


@pytest.fixture
def docs_parquet(tmp_path):
    import pandas as pd

    p = tmp_path / "docs.parquet"
    pd.DataFrame(documents(600)).to_parquet(p, row_group_size=100)
    return p


@pytest.fixture
def warc_dir(tmp_path):
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    d = tmp_path / "warcs"
    d.mkdir()
    docs = documents(40)
    for k in range(2):
        with open(d / f"part{k}.warc.gz", "wb") as fh:
            w = WARCWriter(fh, gzip=True)
            for doc in docs[k::2]:
                html = f"<html><head><title>t</title></head><body><article><p>{html_escape(doc['text'])}</p></article></body></html>"
                headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
                rec = w.create_warc_record(doc["url"], "response", payload=io.BytesIO(html.encode("utf-8")),
                                           http_headers=headers)
                w.write_record(rec)
    return d


@pytest.fixture(scope="session")
def codebook():
    from isd.codebook import load_codebook

    return load_codebook()

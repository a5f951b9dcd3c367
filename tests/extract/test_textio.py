import gzip
import io

import pytest

from isd.extract.textio import (DocumentError, decode_bytes, make_scan_text, parse_headers, read_documents,
                                t2s_converter)


def test_headers_and_body_start():
    text = "DATELINE: Beijing, 2024-09-08\nPUBLISHED: 2024-09-09\nURL: http://x\n\nBody: not a header line\n"
    headers, start = parse_headers(text)
    assert headers == {"DATELINE": "Beijing, 2024-09-08", "PUBLISHED": "2024-09-09", "URL": "http://x"}
    assert text[start:].startswith("\nBody") or text[start:].startswith("Body")


def test_unknown_key_ends_headers():
    headers, start = parse_headers("Minister: Wang met Benn\nmore")
    assert headers == {} and start == 0


@pytest.mark.parametrize("enc", ["gb18030", "gbk", "big5"])
def test_decode_chinese_encodings(enc):
    text = "國務委員、公安部部長王小洪在法國里昂會見國際刑警組織主席" if enc == "big5" else "国务委员、公安部部长王小洪会见客人"
    got, used = decode_bytes(text.encode(enc))
    assert got == text


def test_scan_text_same_length_and_simplified():
    conv = t2s_converter()
    for text in ["國務委員、公安部部長王小洪在法國里昂會見", "İstanbul ǅ ﬁ Straße", "乾隆 著名 於 後 裡 瞭解"]:
        scan = make_scan_text(text, conv)
        assert len(scan) == len(text)
    assert make_scan_text("國務委員公安部部長", conv) == "国务委员公安部部长"


def test_binary_file_is_refused_by_name(tmp_path):
    p = tmp_path / "blob.txt"
    p.write_bytes(bytes(range(256)) * 40)
    with pytest.raises(DocumentError, match="blob.txt"):
        read_documents(p)


def test_bad_pdf_named(tmp_path):
    p = tmp_path / "broken.pdf"
    p.write_bytes(b"%PDF-1.4 garbage")
    with pytest.raises(DocumentError, match="broken.pdf"):
        read_documents(p)


def test_html_document(tmp_path):
    p = tmp_path / "page.html"
    body = "<p>" + "Chinese State Councilor and Minister of Public Security Wang Xiaohong met with Kazakhstan's Minister of Internal Affairs Yerzhan Sadenov in Beijing on Tuesday. " * 3 + "</p>"
    p.write_text(f"<html><head><title>Wang meets Sadenov</title></head><body><article>{body}</article></body></html>")
    docs = read_documents(p)
    assert len(docs) == 1 and "Sadenov" in docs[0].text


def test_warc_records(tmp_path):
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    path = tmp_path / "a.warc.gz"
    with open(path, "wb") as fh:
        w = WARCWriter(fh, gzip=True)
        for i, body in enumerate([b"PUBLISHED: 2024-01-10\n\nWang Xiaohong held talks via video link with U.S. Secretary of Homeland Security Alejandro Mayorkas on Wednesday.",
                                  b"Nothing here."]):
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/plain; charset=utf-8")], protocol="HTTP/1.0")
            w.write_record(w.create_warc_record(f"http://example.org/{i}", "response", payload=io.BytesIO(body),
                                                http_headers=headers))
    docs = read_documents(path)
    assert [d.meta["url"] for d in docs] == ["http://example.org/0", "http://example.org/1"]
    assert "Mayorkas" in docs[0].text


def test_gzip_text(tmp_path):
    p = tmp_path / "x.txt.gz"
    p.write_bytes(gzip.compress("公安部部长王小洪".encode()))
    assert read_documents(p)[0].text == "公安部部长王小洪"

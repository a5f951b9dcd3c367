"""The fixture site (a real HTTP server on loopback) used by the collection tests.

A real HTTP fixture site on 127.0.0.1 for the collection tests.

Pages are written here (our own words, facts from public readouts).  The site has:
listing pages with pagination, UTF-8 and GBK articles, a gzip response, a redirect loop,
a good redirect, 404 / 500 / a slow page (timeout), a 503-then-200 page with Retry-After,
an ETag page, a robots.txt disallow, a 100 MB response generated on the fly, a PDF made
here, malformed HTML, and the same story on three "sites" with different boilerplate.
"""

from __future__ import annotations

import gzip
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler
from pathlib import Path

STORY = (
    "Chinese State Councilor and Minister of Public Security Wang Xiaohong met Cambodian Deputy Prime Minister and "
    "Minister of Interior Sar Sokha in Beijing on September 6, 2024, where the two co-chaired a meeting summing up the "
    "China-Cambodia Year of Law Enforcement Cooperation. Wang said the two countries should keep up joint operations "
    "against telecom fraud, online gambling and human trafficking, and deepen training cooperation. Sar Sokha thanked "
    "China for its support to the Cambodian police and said Cambodia would work with China to protect the security of "
    "both peoples. The two sides signed documents on further law enforcement cooperation."
)

ARTICLES_EN = {
    1: ("Wang Xiaohong meets Interpol President in Lyon", "2024-11-29",
        "Minister of Public Security Wang Xiaohong held talks with Interpol President Ahmed Naser Al-Raisi in Lyon on "
        "November 28, 2024, and signed a cooperation document with Secretary General Valdecy Urquiza."),
    2: ("Zhao Kezhi and Sar Kheng review cooperation year", "2021-09-29",
        "State Councilor Zhao Kezhi and Cambodian Deputy Prime Minister Sar Kheng met by video on September 28, 2021 "
        "to advance the Year of Law Enforcement Cooperation against telecom fraud and online gambling."),
    3: ("China and Pacific islands hold police dialogue", "2022-11-22",
        "The first China-Pacific Island Countries ministerial dialogue on law enforcement capacity and police "
        "cooperation was held by video on November 22, 2022, co-chaired by Wang Xiaohong and Anthony Veke."),
    4: ("Chen Wenqing visits Dushanbe", "2024-06-20",
        "Chen Wenqing, head of the Central Political and Legal Affairs Commission, held talks in Dushanbe with "
        "Tajik security officials on counter-terrorism and border security cooperation."),
    5: ("Malaysia-China joint working group meets", "2024-05-14",
        "Malaysian and Chinese police officials met in Beijing for a joint working group on transnational crime, "
        "including online scams and the return of fugitives."),
}

GBK_ARTICLE = (
    "首次中国—部分南太岛国执法能力与警务合作部级对话举行",
    "2022年11月22日，首次中国—部分南太岛国执法能力与警务合作部级对话以视频方式举行。公安部部长王小洪与所罗门群岛"
    "警察、国家安全与惩戒部部长维科共同主持。斐济、瓦努阿图、基里巴斯、汤加、巴布亚新几内亚警察部门负责人出席。",
)
ZH_UTF8 = (
    "王小洪会见国际刑警组织主席埃尔拉斯",
    "2024年11月28日，国务委员、公安部部长王小洪在法国里昂会见国际刑警组织主席埃尔拉斯，双方同意深化打击电信网络诈骗、"
    "跨境赌博等犯罪的务实合作。王小洪还同国际刑警组织秘书长乌尔基萨签署了合作文件。",
)

BOILER = {
    "a": ("<div class='masthead'>Site A News — Home | World | China | Opinion</div>", "<footer>Copyright Site A. All rights reserved. Contact | Privacy</footer>"),
    "b": ("<header><nav>B-Wire :: Latest :: Asia :: Markets :: Sport</nav></header><div class='ad'>Advertisement: subscribe to B-Wire Premium today</div>",
          "<div class='related'>More from B-Wire: rain expected this weekend; stocks close higher</div>"),
    "c": ("<div id='top'>C Daily 每日新闻 — 登录 注册</div>", "<p class='editor'>Editor: C Daily desk (via agency)</p><footer>© C Daily</footer>"),
}


def page(title: str, body: str, *, date: str | None = None, charset: str = "utf-8", head_extra: str = "") -> str:
    meta = f'<meta name="publishdate" content="{date}">' if date else ""
    return (f'<!DOCTYPE html><html><head><meta charset="{charset}"><title>{title}</title>{meta}{head_extra}</head>'
            f"<body><nav><a href='/list/1.html'>Home</a></nav><article><h1>{title}</h1>{body}</article>"
            "<footer>Fixture page written for isd tests.</footer></body></html>")


def make_pdf(lines: list[str]) -> bytes:
    """A small valid PDF with text (Helvetica), built by hand."""
    text_ops = "BT /F1 12 Tf 72 720 Td " + " ".join(
        f"({ln.replace('(', '[').replace(')', ']')}) Tj 0 -16 Td" for ln in lines) + " ET"
    objs = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
        f"<< /Length {len(text_ops)} >>\nstream\n{text_ops}\nendstream",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = b"%PDF-1.4\n"
    offsets = []
    for i, o in enumerate(objs, 1):
        offsets.append(len(out))
        out += f"{i} 0 obj\n{o}\nendobj\n".encode("latin-1")
    xref = len(out)
    out += f"xref\n0 {len(objs) + 1}\n0000000000 65535 f \n".encode()
    for off in offsets:
        out += f"{off:010d} 00000 n \n".encode()
    out += f"trailer\n<< /Size {len(objs) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return out


PDF_LINES = ["Memorandum of Understanding on Police Cooperation", "Signed in Beijing, 6 September 2024",
             "Ministry of Public Security of China and Ministry of Interior of Cambodia"]


class Site:
    """State shared with the handler: request log and counters."""

    def __init__(self):
        self.requests: list[tuple[str, dict]] = []
        self.hits: Counter = Counter()
        self.lock = threading.Lock()
        self.big_sent = 0
        self.webhook_bodies: list[bytes] = []
        self.slow_seconds = 3.0
        self.article_delay = 0.0
        self.extra_pages: dict[str, str] = {}


def listing(n: int) -> str:
    links = {
        1: ["/a/1.html", "/a/2.html", "/gbk/1.html", "/zh/1.html", "/gz/1.html", "/private/secret.html"],
        2: ["/a/3.html", "/loop/a", "/redirect/ok", "/missing.html", "/error.html", "/slow.html", "/big/stream"],
        3: ["/doc/mou.pdf", "/malformed.html", "/site-a/story.html", "/site-b/story.html", "/site-c/story.html", "/a/4.html"],
    }[n]
    items = "".join(f"<li><a href='{u}'>item {u}</a></li>" for u in links)
    nxt = f"<a href='/list/{n + 1}.html'>Next</a>" if n < 3 else ""
    return f"<html><head><title>List {n}</title></head><body><ul>{items}</ul><p>{nxt}</p></body></html>"


def make_handler(site: Site):
    class H(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.0"

        def log_message(self, *a):
            pass

        def _send(self, code: int, body: bytes, ctype: str = "text/html; charset=utf-8", headers: dict | None = None):
            self.send_response(code)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            for k, v in (headers or {}).items():
                self.send_header(k, v)
            self.end_headers()
            try:
                self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):
                pass

        def do_POST(self):
            n = int(self.headers.get("Content-Length") or 0)
            site.webhook_bodies.append(self.rfile.read(n))
            self._send(204, b"")

        def do_GET(self):
            p = self.path
            with site.lock:
                site.requests.append((p, dict(self.headers)))
                site.hits[p] += 1
                hit = site.hits[p]
            if p in site.extra_pages:
                return self._send(200, site.extra_pages[p].encode("utf-8"))
            if p == "/robots.txt":
                return self._send(200, b"User-agent: *\nDisallow: /private/\n", "text/plain")
            if p.startswith("/list/"):
                n = int(p.split("/")[2].split(".")[0])
                return self._send(200, listing(n).encode()) if n <= 3 else self._send(404, b"no")
            if p.startswith("/a/"):
                if site.article_delay:
                    time.sleep(site.article_delay)
                i = int(p.split("/")[2].split(".")[0])
                if i in ARTICLES_EN:
                    t, d, body = ARTICLES_EN[i]
                    return self._send(200, page(t, f"<p>{body}</p>", date=d).encode("utf-8"))
                if i >= 100:  # many generated articles for the kill test / benchmark
                    body = f"<p>Readout number {i}. " + STORY.replace("September 6", f"day {i}") + f" Serial {i * 7919}.</p>"
                    return self._send(200, page(f"Generated readout {i}", body, date="2024-09-07").encode("utf-8"))
                return self._send(404, b"not found")
            if p == "/gbk/1.html":
                t, body = GBK_ARTICLE
                html = page(t, f"<p>{body}</p>", date="2022-11-22", charset="gbk")
                return self._send(200, html.encode("gbk"), "text/html; charset=GBK")
            if p == "/zh/1.html":
                t, body = ZH_UTF8
                return self._send(200, page(t, f"<p>{body}</p>", date="2024-11-29").encode("utf-8"))
            if p == "/gz/1.html":
                html = page("Gzip-encoded readout", "<p>Vice Minister of Public Security Xu Datong received a delegation of "
                            "the Uzbek Ministry of Internal Affairs in Beijing; both sides discussed counter-narcotics training. "
                            "This response was served gzip-compressed.</p>", date="2024-09-08").encode("utf-8")
                return self._send(200, gzip.compress(html), headers={"Content-Encoding": "gzip"})
            if p == "/private/secret.html":
                return self._send(200, page("secret", "<p>must not be fetched</p>").encode())
            if p in ("/loop/a", "/loop/b"):
                other = "/loop/b" if p == "/loop/a" else "/loop/a"
                return self._send(302, b"", headers={"Location": other})
            if p == "/redirect/ok":
                return self._send(301, b"", headers={"Location": "/a/5.html"})
            if p == "/missing.html":
                return self._send(404, b"<h1>Not found</h1>")
            if p == "/error.html":
                return self._send(500, b"<h1>Internal error</h1>")
            if p == "/flaky.html":
                if hit == 1:
                    return self._send(503, b"busy", headers={"Retry-After": "1"})
                return self._send(200, page("Flaky page", "<p>Second time lucky: the server was busy first.</p>").encode())
            if p == "/slow.html":
                time.sleep(site.slow_seconds)
                return self._send(200, page("slow", "<p>too late</p>").encode())
            if p == "/feed.xml":
                items = "".join(f"<item><title>{t}</title><link>{site.base}/a/{i}.html</link><pubDate>{d}</pubDate></item>"
                                for i, t, d in ((1, "Lyon talks", "Fri, 29 Nov 2024 08:00:00 +0800"),
                                                (2, "Video meeting", "Wed, 29 Sep 2021 08:00:00 +0800")))
                rss = f"<?xml version='1.0'?><rss version='2.0'><channel><title>t</title>{items}</channel></rss>"
                return self._send(200, rss.encode(), "application/rss+xml")
            if p == "/atom.xml":
                atom = ("<?xml version='1.0' encoding='utf-8'?><feed xmlns='http://www.w3.org/2005/Atom'><title>t</title>"
                        f"<entry><title>Dialogue</title><link rel='alternate' href='{site.base}/a/3.html'/>"
                        "<updated>2022-11-22T10:00:00Z</updated></entry></feed>")
                return self._send(200, atom.encode(), "application/atom+xml")
            if p.startswith("/tlist/"):  # pages 0..2 by URL template; page 3 does not exist
                n = int(p.split("/")[2].split(".")[0])
                if n > 2:
                    return self._send(404, b"no such page")
                return self._send(200, f"<html><body><a href='/a/{n + 1}.html'>item</a></body></html>".encode())
            if p == "/elist.html":  # a listing with an entity tag
                if self.headers.get("If-None-Match") == '"L1"':
                    site.hits["304"] += 1
                    self.send_response(304)
                    self.send_header("ETag", '"L1"')
                    self.end_headers()
                    return None
                body = "<html><body>" + "".join(f"<a href='/a/{i}.html'>{i}</a>" for i in (1, 2, 3)) + "</body></html>"
                return self._send(200, body.encode(), headers={"ETag": '"L1"'})
            if p == "/etag.html":
                if self.headers.get("If-None-Match") == '"v1"':
                    self.send_response(304)
                    self.send_header("ETag", '"v1"')
                    self.end_headers()
                    return None
                return self._send(200, page("ETag page", "<p>A page with an entity tag.</p>").encode(), headers={"ETag": '"v1"'})
            if p.startswith("/big/"):
                # 100 MB generated on the fly; no Content-Length for /big/stream (close-delimited)
                self.send_response(200)
                self.send_header("Content-Type", "text/html")
                if p == "/big/declared":
                    self.send_header("Content-Length", str(100 * 1024 * 1024))
                self.end_headers()
                chunk = b"<p>" + b"x" * (1024 * 1024 - 8) + b"</p>\n"
                try:
                    for _ in range(100):
                        self.wfile.write(chunk)
                        with site.lock:
                            site.big_sent += len(chunk)
                except (BrokenPipeError, ConnectionResetError, OSError):
                    pass
                return None
            if p == "/doc/mou.pdf":
                return self._send(200, make_pdf(PDF_LINES), "application/pdf")
            if p == "/malformed.html":
                html = ("<html><head><title>Malformed readout<body><div><p>Wang Xiaohong met the Lao Minister of Public "
                        "Security Vilay Lakhamfong in Beijing<p>They agreed to fight cross-border crime <b><i>together"
                        "</div></span><table><tr><td>unclosed cell <p>The two ministries signed a work plan. &nbsp &copy")
                return self._send(200, html.encode())
            if p.startswith("/site-"):
                key = p.split("/")[1].split("-")[1]
                top, bottom = BOILER[key]
                html = (f"<html><head><meta charset='utf-8'><title>Story on site {key}</title></head><body>{top}"
                        f"<div class='content'><h1>China, Cambodia sum up law enforcement cooperation year</h1><p>{STORY}</p></div>"
                        f"{bottom}</body></html>")
                return self._send(200, html.encode("utf-8"))
            return self._send(404, b"not found")

    return H


def write_source(tmp_path: Path, base: str, *, name: str = "fixture", start: str = "/list/1.html", extra: str = "",
                 timeout: float = 1.0, max_bytes: int = 5_000_000, max_pages: int = 10) -> Path:
    folder = tmp_path / "sources" / name
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "source.yml").write_text(f"""name: {name}
title: Fixture site
publisher: isd tests
language: en
start_urls: ['{base}{start}']
article_patterns: ['^http://127\\.0\\.0\\.1:\\d+/(?!list/)']
allowed_hosts: [127.0.0.1]
rate_limit: 200
concurrency: 4
timeout: {timeout}
max_bytes: {max_bytes}
pagination:
  next_text: [Next]
  max_pages: {max_pages}
{extra}""", encoding="utf-8")
    return folder / "source.yml"


FAST = {"retries": 1, "backoff": 0.05}

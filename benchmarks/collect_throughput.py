"""Collection throughput against a loopback HTTP server.

Serves N generated readout pages (English and Chinese, ~4-6 KB each) from 127.0.0.1,
crawls them with the real crawler (robots.txt, rate limiter, WARC + fsync, trafilatura,
MinHash, SQLite), and prints pages per second and archive bytes per document.

    PYTHONPATH=src python benchmarks/collect_throughput.py [--pages 300] [--concurrency 8]
"""

from __future__ import annotations

import argparse
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

EN = ("Minister of Public Security Wang Xiaohong held talks in Beijing with a visiting interior minister on readout {i}. "
      "The two sides agreed to step up joint operations against telecom fraud, online gambling and drug trafficking, "
      "to exchange liaison officers and to run training courses for police officers. ")
ZH = "第{i}号通稿：公安部部长王小洪在北京会见来访的内政部长，双方同意加强打击电信网络诈骗、跨境赌博和毒品犯罪合作，开展执法培训交流。"


PLACES = ["Beijing", "Phnom Penh", "Vientiane", "Honiara", "Suva", "Dushanbe", "Astana", "Hanoi", "Bangkok", "Islamabad"]
TOPICS = ["telecom fraud", "online gambling", "drug trafficking", "human trafficking", "counter-terrorism", "fugitive return",
          "border security", "cybercrime", "police training", "equipment assistance"]


def page(i: int) -> bytes:
    import random

    r = random.Random(i)
    if i % 2:
        sents = [f"Officials from {r.choice(PLACES)} discussed {r.choice(TOPICS)} with counterparts on day {r.randint(1, 999)} "
                 f"and agreed on step {r.randint(1, 99)} of plan {r.randint(100, 999)}." for _ in range(12)]
    else:
        sents = [f"{r.choice(['公安部', '国家移民管理局', '外交部', '驻外使馆'])}与{r.choice(['柬埔寨', '老挝', '越南', '泰国', '所罗门群岛', '斐济'])}"
                 f"就{r.choice(['电信诈骗', '跨境赌博', '禁毒', '反恐', '执法培训', '追逃追赃'])}合作第{r.randint(1, 999)}项措施交换意见。" for _ in range(14)]
    body = " ".join(sents)
    return (f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>Readout {i}</title>"
            f"<meta name='publishdate' content='2024-09-{1 + i % 28:02d}'></head><body>"
            f"<nav>Home | News | World | Contact</nav><article><h1>Readout {i}</h1><p>{body}</p><p>Serial {i * 7919}.</p>"
            f"</article><footer>Benchmark page</footer></body></html>").encode()


def serve(n: int):
    listing = ("<html><body>" + "".join(f"<a href='/a/{i}.html'>{i}</a>" for i in range(n)) + "</body></html>").encode()

    class H(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *a):
            pass

        def do_GET(self):
            if self.path == "/robots.txt":
                body = b"User-agent: *\nAllow: /\n"
            elif self.path == "/list.html":
                body = listing
            elif self.path.startswith("/a/"):
                body = page(int(self.path.split("/")[2].split(".")[0]))
            else:
                self.send_response(404)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    srv = ThreadingHTTPServer(("127.0.0.1", 0), H)
    srv.daemon_threads = True
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    return srv


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pages", type=int, default=300)
    ap.add_argument("--concurrency", type=int, default=8)
    args = ap.parse_args()

    from isd.collect.crawler import SourceCrawl
    from isd.collect.sources import load_source
    from isd.context import Context, Settings

    srv = serve(args.pages)
    base = f"http://127.0.0.1:{srv.server_address[1]}"
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        src = tmp / "bench" / "source.yml"
        src.parent.mkdir()
        src.write_text(f"name: bench\ntitle: bench\npublisher: bench\nlanguage: en\nstart_urls: ['{base}/list.html']\n"
                       f"article_patterns: ['/a/\\d+\\.html$']\nallowed_hosts: [127.0.0.1]\nrate_limit: 1000\n"
                       f"concurrency: {args.concurrency}\n")
        ctx = Context(Settings(home=tmp / "home"), quiet=True)
        _ = ctx.store  # migrate before timing
        import datasketch  # noqa: F401  (imports are a one-off ~3 s; time the steady state)
        import trafilatura  # noqa: F401
        t0 = time.perf_counter()
        s = SourceCrawl(ctx, load_source(str(src)), progress=False).run()
        secs = time.perf_counter() - t0
        warc_bytes = sum(p.stat().st_size for p in (tmp / "home" / "archive").glob("*.warc.gz"))
        payload = sum(len(page(i)) for i in range(args.pages))
        t1 = time.perf_counter()
        s2 = SourceCrawl(ctx, load_source(str(src)), progress=False).run()
        rerun = time.perf_counter() - t1
        from isd.collect.verify import verify_archive

        t2 = time.perf_counter()
        rep = verify_archive(ctx)
        vsecs = time.perf_counter() - t2
        ctx.close()
    # the network side alone: the same pages through the fetcher (robots, rate limiter, streaming), no archive
    from concurrent.futures import ThreadPoolExecutor

    from isd.collect.fetch import Fetcher, HostPolicy

    with Fetcher(default_policy=HostPolicy(1000, args.concurrency)) as f, ThreadPoolExecutor(args.concurrency) as pool:
        t3 = time.perf_counter()
        ok = sum(r.ok for r in pool.map(f.fetch, [f"{base}/a/{i}.html" for i in range(args.pages)]))
        fsecs = time.perf_counter() - t3
    srv.shutdown()
    print(f"pages: {args.pages}, new documents: {s.new}, near copies: {s.near_copy}, failed: {s.failed}")
    print(f"crawl: {secs:.2f} s  ->  {s.new / secs:.1f} pages/s (concurrency {args.concurrency}, WARC fsync per record)")
    print(f"archive: {warc_bytes:,} bytes for {s.new} documents  ->  {warc_bytes / max(1, s.new):,.0f} bytes/document "
          f"(payload {payload / args.pages:,.0f} bytes/page before gzip)")
    print(f"fetch only (no archive, no extraction): {ok / fsecs:.1f} pages/s")
    print(f"rerun (nothing new, listing re-read): {rerun:.2f} s, new {s2.new}")
    print(f"verify: {rep['records']} records in {vsecs:.2f} s, ok={rep['ok']}")


if __name__ == "__main__":
    main()

"""A small web site on 127.0.0.1 for the audit tests: sitemaps, a feed, a WordPress API, and traps.

Every path and what it serves is in ``Site._routes``, and a test adds its own with ``Site.add``; ``hits``
counts requests per path so tests can prove a refused URL was never requested.
"""

from __future__ import annotations

import gzip
import http.server
import json
import threading
import time
from collections import Counter
from pathlib import Path
from typing import Callable
from urllib.parse import unquote

import brotli

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "site"
BOMB_SIZE = 20_000_000  # decoded; the audit's cap in the tests is far lower
GOOGLEBOT_MARK = "Googlebot"
#: What a test's own route answers: a body, or (status, extra headers, body).
Answer = bytes | str | tuple[int, dict[str, str], bytes | str]


def _urlset(base: str, paths: list[str]) -> bytes:
    entries = "".join(f"<url><loc>{base}{p}</loc></url>" for p in paths)
    return f'<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{entries}</urlset>'.encode()


def _index(base: str, paths: list[str]) -> bytes:
    entries = "".join(f"<sitemap><loc>{base}{p}</loc></sitemap>" for p in paths)
    return f'<?xml version="1.0" encoding="UTF-8"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{entries}</sitemapindex>'.encode()


class Site:
    """``with Site() as site: site.base`` is ``http://127.0.0.1:PORT``."""

    def __init__(self) -> None:
        self.hits: Counter[str] = Counter()
        self._added: dict[str, Callable[[str], tuple[int, dict[str, str], bytes]]] = {}
        self.agents: list[tuple[str, str]] = []
        site = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: object) -> None:
                pass

            def do_GET(self) -> None:
                site.hits[self.path.split("?", 1)[0]] += 1
                site.agents.append((self.path, self.headers.get("user-agent", "")))
                site._serve(self)

        self._server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self.port = self._server.server_address[1]
        self.base = f"http://127.0.0.1:{self.port}"
        self._gzip_bomb = gzip.compress(b"\0" * BOMB_SIZE, compresslevel=6)
        self._brotli_bomb = brotli.compress(b"\0" * BOMB_SIZE, quality=5)

    def __enter__(self) -> "Site":
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()

    def add(self, path: str, body: bytes | str | Callable[[str], Answer],
            content_type: str = "text/html; charset=utf-8", status: int = 200,
            headers: dict[str, str] | None = None) -> str:
        """Serve ``body`` at ``path`` (before the built-in routes) and return its address. A callable body is
        called with the request's user agent on each request, and answers a body or (status, headers, body)."""
        def render(agent: str) -> tuple[int, dict[str, str], bytes]:
            answer = body(agent) if callable(body) else body
            code, extra, value = answer if isinstance(answer, tuple) else (status, {}, answer)
            return (code, {"content-type": content_type, **(headers or {}), **extra},
                    value.encode("utf-8") if isinstance(value, str) else value)

        self._added[path] = render
        return self.base + path

    def page(self, name: str) -> bytes:
        return (FIXTURES / name).read_bytes()

    def _routes(self, path: str, query: str, agent: str, referer: str) -> tuple[int, dict[str, str], bytes]:
        if path in self._added:
            return self._added[path](agent)
        base = self.base
        html = {"content-type": "text/html; charset=utf-8"}
        xml = {"content-type": "application/xml"}
        pages = {"/clean-1.html": "clean.html", "/clean-2.html": "clean.html", "/post-2.html": "clean.html",
                 "/injected-1.html": "injected.html", "/injected-2.html": "injected.html"}
        if path in pages:
            return 200, html, self.page(pages[path])
        if path == "/robots.txt":
            return 200, {"content-type": "text/plain"}, f"User-agent: *\nDisallow: /private\nSitemap: {base}/sitemap_index.xml\n".encode()
        if path == "/":
            return 200, html, self.page("clean.html")
        if path == "/sitemap_index.xml":  # lists itself too: a cycle
            return 200, xml, _index(base, ["/sitemap-a.xml", "/sitemap-b.xml.gz", "/sitemap_index.xml"])
        if path == "/sitemap-a.xml":
            return 200, xml, _urlset(base, ["/clean-1.html", "/injected-1.html", "/cloaked.html", "/private/secret.html"])
        if path == "/sitemap-b.xml.gz":
            return 200, {"content-type": "application/gzip"}, gzip.compress(
                _urlset(base, ["/clean-2.html", "/injected-2.html", "/search-redirect.html"]))
        if path == "/sitemap.xml":
            return 404, html, b"not here"
        if path == "/broken-sitemap.xml":  # cut off in the middle of an entry
            return 200, xml, _urlset(base, ["/injected-1.html", "/clean-1.html"])[:-40]
        if path == "/not-gzip-sitemap.xml.gz":
            return 200, {"content-type": "application/gzip"}, b"this is no gzip stream"
        if path == "/dupes-sitemap.xml":  # one page under three spellings of its address
            return 200, xml, _urlset(base, ["/clean-1.html", "/x/../clean-1.html", "/clean%2D1.html"])
        if path == "/ampersand-sitemap.xml":  # a bare & in an address, as many generators write
            return 200, xml, _urlset(base, ["/clean-1.html?a=1&b=2"])
        if path == "/search-cloaked.html":  # the spam only for visitors who come from a search engine
            return 200, html, self.page("injected.html" if "google." in referer else "clean.html")
        if path == "/cloaked.html":
            return 200, html, self.page("cloaked-crawler.html" if GOOGLEBOT_MARK in agent else "clean.html")
        if path == "/cloaked-hidden.html":  # crawlers get a hidden block of links
            return 200, html, self.page("injected.html" if GOOGLEBOT_MARK in agent else "clean.html")
        if path == "/search-redirect.html":
            if "google." in referer:
                return 302, {"location": "https://casino.example/landing"}, b""
            return 200, html, self.page("clean.html")
        if path == "/feed.xml":
            return 200, {"content-type": "application/rss+xml"}, self._feed()
        if path == "/wp-json/wp/v2/posts":
            number = int(dict(p.split("=") for p in query.split("&") if "=" in p).get("page", "1"))
            if number > 2:
                return 400, {"content-type": "application/json"}, b'{"code":"rest_post_invalid_page_number"}'
            items = [{"id": number, "link": f"{base}/clean-{number}.html",
                      "content": {"rendered": "<p>Cheap cialis, no prescription needed</p>" if number == 2 else "<p>Hello.</p>"}}]
            return 200, {"content-type": "application/json", "x-wp-totalpages": "2"}, json.dumps(items).encode()
        if path == "/wp-json/wp/v2/pages":
            items = [{"id": 7, "link": f"{base}/post-2.html", "content": {"rendered": "<p>About us.</p>"}}]
            return 200, {"content-type": "application/json", "x-wp-totalpages": "1"}, json.dumps(items).encode()
        if path == "/flaky.html":  # busy on the first request, fine on the next
            if self.hits[path] == 1:
                return 503, {"retry-after": "0"}, b"busy"
            return 200, html, self.page("clean.html")
        if path == "/busy-for-an-hour.html":
            return 429, {"retry-after": "3600"}, b"busy"
        if path == "/loop-a":
            return 302, {"location": "/loop-b"}, b""
        if path == "/loop-b":
            return 302, {"location": "/loop-a"}, b""
        if path == "/gzip-bomb.html":
            return 200, {**html, "content-encoding": "gzip"}, self._gzip_bomb
        if path == "/brotli-bomb.html":
            return 200, {**html, "content-encoding": "br"}, self._brotli_bomb
        if path.startswith("/to-private/"):
            return 302, {"location": unquote(path[len("/to-private/"):])}, b""
        return 404, html, b"not found"

    def _feed(self) -> bytes:
        base = self.base
        return f"""<?xml version="1.0"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>Garden</title>
<item><title>One</title><link>{base}/clean-1.html</link><description>Tomatoes and mulch.</description></item>
<item><title>Two</title><link>{base}/post-2.html</link>
<content:encoded><![CDATA[<p>Notes. <a href="https://pills.example/shop">Buy viagra online with fast shipping</a></p>]]></content:encoded></item>
</channel></rss>""".encode()

    def _serve(self, handler: http.server.BaseHTTPRequestHandler) -> None:
        path, _, query = handler.path.partition("?")
        if path == "/slow.html":  # one byte at a time, never finishing within the audit's deadline
            handler.send_response(200)
            handler.send_header("content-type", "text/html")
            handler.send_header("content-length", "100000")
            handler.end_headers()
            try:
                for _ in range(200):
                    handler.wfile.write(b"<")
                    handler.wfile.flush()
                    time.sleep(0.05)
            except OSError:
                pass
            handler.close_connection = True
            return
        status, headers, body = self._routes(path, query, handler.headers.get("user-agent", ""),
                                             handler.headers.get("referer", ""))
        handler.send_response(status)
        for name, value in headers.items():
            handler.send_header(name, value)
        handler.send_header("content-length", str(len(body)))
        handler.end_headers()
        handler.wfile.write(body)

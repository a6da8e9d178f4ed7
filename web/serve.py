#!/usr/bin/env python3
"""Serve the chat widget and its demo pages (web/dist) for local use and tests.

    python web/serve.py --port 8080 --rasa-url http://localhost:5005

* Python standard library only; binds 127.0.0.1 unless --host says otherwise.
* Every response carries a Content-Security-Policy that allows the page's own
  origin and the Rasa server only (connect-src has its ws:/wss: form too).
* The Rasa URL is written into the demo pages' script tag
  (data-server-url="..."), so the same dist/ works with any server.

Build dist/ first: cd web && npm ci && npm run build
"""

import argparse
import html
import http.server
import io
import os
import socket
import re
import sys
from functools import partial
from urllib.parse import urlsplit

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_ROOT = os.path.join(HERE, "dist")
SERVER_URL_ATTR = re.compile(rb'data-server-url="[^"]*"')


def rasa_origins(rasa_url):
    """'http://localhost:5005/' -> ('http://localhost:5005', 'ws://localhost:5005')."""
    parts = urlsplit(rasa_url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(f"--rasa-url must be an http(s) URL, got {rasa_url!r}")
    if parts.username or parts.password:
        raise ValueError("--rasa-url must not contain a user name or password")
    host = parts.hostname
    if ":" in host:  # IPv6 literal
        if not re.fullmatch(r"[0-9a-f:.]+", host):
            raise ValueError(f"--rasa-url has an invalid host: {rasa_url!r}")
        host = f"[{host}]"
    elif not re.fullmatch(r"[a-z0-9.-]+", host):
        raise ValueError(f"--rasa-url has an invalid host: {rasa_url!r}")
    origin = f"{parts.scheme}://{host}" + (f":{parts.port}" if parts.port else "")
    ws = ("wss" if parts.scheme == "https" else "ws") + origin[len(parts.scheme):]
    return origin, ws


def content_security_policy(rasa_url):
    origin, ws = rasa_origins(rasa_url)
    return "; ".join(
        [
            "default-src 'self'",
            "script-src 'self'",
            "style-src 'self'",
            "img-src 'self'",
            "font-src 'self'",
            f"connect-src 'self' {origin} {ws}",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
            "frame-ancestors 'self'",
        ]
    )


class Handler(http.server.SimpleHTTPRequestHandler):
    """Static files from the dist folder, with security headers."""

    server_version = "chat-widget"

    def version_string(self):
        # No version banner: the default names the Python version.
        return self.server_version

    extensions_map = {
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".js": "text/javascript",
        ".mjs": "text/javascript",
        ".css": "text/css",
        ".map": "application/json",
        ".svg": "image/svg+xml",
        ".txt": "text/plain; charset=utf-8",
        ".html": "text/html; charset=utf-8",
    }

    def __init__(self, *args, csp, rasa_url, quiet, **kwargs):
        self.csp = csp
        self.rasa_url = rasa_url
        self.quiet = quiet
        super().__init__(*args, **kwargs)

    def end_headers(self):
        self.send_header("Content-Security-Policy", self.csp)
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Referrer-Policy", "no-referrer")
        self.send_header("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        self.send_header("Cache-Control", "no-cache")
        super().end_headers()

    def send_head(self):
        path = self.translate_path(self.path)
        if os.path.isdir(path):
            if not self.path.split("?", 1)[0].endswith("/"):
                return super().send_head()  # redirects /fr to /fr/
            path = os.path.join(path, "index.html")
        if path.endswith(".html") and os.path.isfile(path):
            return self.send_page(path)
        return super().send_head()

    def send_page(self, path):
        """Sends an HTML page with the Rasa URL filled in."""
        with open(path, "rb") as page:
            body = page.read()
        attr = f'data-server-url="{html.escape(self.rasa_url, quote=True)}"'.encode()
        body = SERVER_URL_ATTR.sub(lambda _: attr, body)
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)

    def list_directory(self, path):
        self.send_error(404, "Not found")
        return None

    def log_message(self, format, *args):
        if not self.quiet:
            super().log_message(format, *args)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--port", type=int, default=8080, help="port to listen on (default 8080)")
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    parser.add_argument(
        "--rasa-url",
        default=os.environ.get("RASA_URL", "http://localhost:5005"),
        help="Rasa server the widget connects to (default http://localhost:5005, or $RASA_URL)",
    )
    parser.add_argument("--root", default=DEFAULT_ROOT, help="folder to serve (default web/dist)")
    parser.add_argument("--quiet", action="store_true", help="do not log each request")
    args = parser.parse_args(argv)

    try:
        # The widget needs the origin only; a path would be read as a
        # socket.io namespace (use the script tag's data-socket-path instead).
        rasa_url, _ = rasa_origins(args.rasa_url)
        csp = content_security_policy(rasa_url)
    except ValueError as error:
        parser.error(str(error))
    root = os.path.abspath(args.root)
    if not os.path.isfile(os.path.join(root, "widget", "chat-widget.js")):
        sys.exit(f"{root} has no built widget. Build it first:\n  cd web && npm ci && npm run build")

    handler = partial(Handler, directory=root, csp=csp, rasa_url=rasa_url, quiet=args.quiet)
    class Server(http.server.ThreadingHTTPServer):
        address_family = socket.AF_INET6 if ":" in args.host else socket.AF_INET
        allow_reuse_address = True
        daemon_threads = True

    server = Server((args.host, args.port), handler)
    shown_host = f"[{args.host}]" if ":" in args.host else args.host
    print(
        f"Serving {root} on http://{shown_host}:{server.server_address[1]}/ "
        f"(French: /fr/), widget talking to {rasa_url}",
        flush=True,
    )
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


if __name__ == "__main__":
    main()

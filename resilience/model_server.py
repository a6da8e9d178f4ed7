"""The model file, served to Rasa's own model-server pull (`models:` in the
endpoints file), so a running assistant picks up a retrained model.

    python -m resilience models     # on 127.0.0.1:MODEL_SERVER_PORT

GET /model answers the current MODEL file with a strong ETag (its size,
modification time and inode) and 304 when Rasa's If-None-Match already names
it. Rasa asks every MODEL_PULL_SECONDS and loads the file only when the ETag
changed; the conversations stay in the tracker store, so none is dropped.

Standard library only: it starts in a moment, before Rasa asks for the model,
and serves every replica of the cluster from the one file. Loopback only: it
binds 127.0.0.1 and refuses any other client.
"""

import http.server
import ipaddress
import logging
import os
import shutil
from pathlib import Path
from typing import BinaryIO, Optional, Tuple

logger = logging.getLogger(__name__)

PATH = "/model"
_CHUNK = 1 << 20


class ModelFile:
    """The model file and its ETag."""

    def __init__(self, path: Path):
        self.path = Path(path)

    def open(self) -> Optional[Tuple[BinaryIO, str, int]]:
        """The open file, its ETag and its size; None when there is no model.
        The ETag and the bytes come from the same open file, so a model
        replaced in between (os.replace) is never served under the old tag."""
        try:
            handle = open(self.path, "rb")
        except FileNotFoundError:
            return None
        stat = os.fstat(handle.fileno())
        return handle, etag(stat), stat.st_size


def etag(stat: os.stat_result) -> str:
    """A strong ETag from the file's size, modification time and inode: any
    new model file (os.replace, a copy) gets a new one, without reading
    27 MB on every pull of every replica."""
    return f'"{stat.st_size:x}-{stat.st_mtime_ns:x}-{stat.st_ino:x}"'


def matches(if_none_match: Optional[str], etag: str) -> bool:
    """Whether an If-None-Match header names this ETag ("*", a list, W/ forms)."""
    if not if_none_match:
        return False
    tags = [tag.strip() for tag in if_none_match.split(",")]
    return "*" in tags or etag in tags or f"W/{etag}" in tags


def _loopback(address: str) -> bool:
    try:
        return ipaddress.ip_address(address.split("%")[0]).is_loopback
    except ValueError:
        return False


class _Handler(http.server.BaseHTTPRequestHandler):
    model: ModelFile  # set on the subclass made by make_server
    protocol_version = "HTTP/1.1"
    server_version = "model-server"
    sys_version = ""

    def do_GET(self) -> None:
        self._answer(body=True)

    def do_HEAD(self) -> None:
        self._answer(body=False)

    def _answer(self, body: bool) -> None:
        if not _loopback(self.client_address[0]):
            return self._status(403)
        if self.path.split("?")[0] != PATH:
            return self._status(404)
        opened = self.model.open()
        if opened is None:  # not trained yet: Rasa keeps what it has and asks again
            return self._status(404)
        handle, etag, size = opened
        with handle:
            if matches(self.headers.get("If-None-Match"), etag):
                self.send_response(304)
                self.send_header("ETag", etag)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            self.send_response(200)
            self.send_header("ETag", etag)
            self.send_header("Content-Type", "application/gzip")
            self.send_header("Content-Length", str(size))
            self.send_header("filename", self.model.path.name)  # Rasa names the download after it
            self.end_headers()
            if body:
                shutil.copyfileobj(handle, self.wfile, _CHUNK)

    def _status(self, code: int) -> None:
        self.send_response(code)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, format: str, *args) -> None:  # noqa: A002  # the base class's name
        logger.debug("%s " + format, self.client_address[0], *args)


def make_server(model: Path, port: int, host: str = "127.0.0.1") -> http.server.ThreadingHTTPServer:
    if not _loopback(host):
        raise ValueError(f"the model server listens on loopback only, not {host!r}")
    handler = type("Handler", (_Handler,), {"model": ModelFile(model)})
    return http.server.ThreadingHTTPServer((host, port), handler)


def serve(model: Path, port: int) -> None:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    server = make_server(model, port)
    logger.info("model server: %s on http://127.0.0.1:%d%s", model, port, PATH)
    try:
        server.serve_forever()
    finally:
        server.server_close()

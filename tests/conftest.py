import shutil
import socket
import subprocess
import time
from pathlib import Path

import pytest
import redis
from stack import MODEL, running_stack


@pytest.fixture(scope="session")
def stack(tmp_path_factory):
    """The real action server and Rasa server, shared by the end-to-end tests."""
    if not MODEL.exists():
        pytest.fail(f"{MODEL} is missing: run 'make train' (make test does it for you)")
    with running_stack(tmp_path_factory.mktemp("stack")) as running:
        yield running


@pytest.fixture
def redis_url(tmp_path):
    """A Redis server of the test's own, on a free port: what replicas share."""
    server = shutil.which("redis-server") or "/usr/bin/redis-server"
    if not Path(server).exists():
        pytest.fail("redis-server is not installed: make test installs it (as root), or apt-get install redis-server")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    process = subprocess.Popen([server, "--port", str(port), "--bind", "127.0.0.1", "--save", "",
                                "--appendonly", "no", "--dir", str(tmp_path)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        url = f"redis://127.0.0.1:{port}/0"
        deadline = time.time() + 10
        while True:
            try:
                redis.Redis.from_url(url).ping()
                break
            except redis.ConnectionError:
                assert time.time() < deadline
                time.sleep(0.1)
        yield url
    finally:
        process.terminate()
        process.wait(10)

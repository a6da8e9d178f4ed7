"""Starting and stopping the servers the widget tests use."""

import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
WEB = ROOT / "web"
HERE = Path(__file__).resolve().parent


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_http(url, process, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{process.args} exited with {process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"{url} did not answer within {timeout}s")


def stop(process):
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


class Served:
    def __init__(self, base_url, rasa_url, process):
        self.base_url = base_url
        self.rasa_url = rasa_url
        self.process = process


def start_site(rasa_url):
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, str(WEB / "serve.py"), "--port", str(port), "--rasa-url", rasa_url, "--quiet"],
        stdout=subprocess.DEVNULL,
    )
    base_url = f"http://127.0.0.1:{port}"
    wait_for_http(base_url + "/", process, timeout=20)
    return Served(base_url, rasa_url, process)

"""Fixtures for the chat widget's browser tests.

Needs Debian's chromium + chromium-driver, web/node_modules (npm ci) and
selenium in the venv: scripts/setup_browser.sh installs what is missing.

Servers started here (each on a free port, stopped at the end):
    site          web/serve.py in front of the real assistant (the `stack` fixture)
    fake_site     web/serve.py in front of webchat_fake_rasa.py, a scripted assistant
    offline_site  web/serve.py pointing at a port where nothing listens
"""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from webchat_servers import HERE, ROOT, WEB, free_port, start_site, stop, wait_for_http

# Written by every test run, so kept out of the tracked docs/screenshots/:
# copy one there by hand to update the documentation's picture.
SCREENSHOTS = ROOT / "results" / "screenshots"
SETUP = "scripts/setup_browser.sh"


def pytest_configure(config):
    config.addinivalue_line("markers", "web: chat widget tests in headless Chromium (see scripts/setup_browser.sh)")


def pytest_collection_modifyitems(items):
    for item in items:
        if HERE in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.web)


@pytest.fixture(scope="session")
def web_tools_ready():
    """Node.js and web/node_modules (npm ci), for building the widget."""
    if not shutil.which("node"):
        pytest.fail(f"node is not installed: run {SETUP}")
    if not all((WEB / "node_modules" / name).is_dir() for name in ("esbuild", "axe-core", "yaml")):
        pytest.fail(f"web/node_modules is missing or incomplete: run {SETUP}")


@pytest.fixture(scope="session")
def browser_ready(web_tools_ready):
    """Chromium, ChromeDriver and selenium; fails early, with the fix, when missing."""
    from browser import missing_tools
    missing = missing_tools()
    if missing:
        pytest.fail(f"{missing}: run {SETUP}")


@pytest.fixture(scope="session")
def built_widget(web_tools_ready):
    """Builds web/dist from the current sources, so no test runs a stale bundle."""
    subprocess.run([shutil.which("node"), "build.mjs"], cwd=WEB, check=True, stdout=subprocess.DEVNULL)
    return WEB / "dist"


@pytest.fixture(scope="session")
def site(stack, built_widget):
    """The demo pages, served by web/serve.py, talking to the real assistant."""
    served = start_site(stack.rasa_url)
    yield served
    stop(served.process)


@pytest.fixture(scope="session")
def fake_feedback_db(tmp_path_factory):
    """Where the scripted assistant stores "Was this helpful?" clicks."""
    return tmp_path_factory.mktemp("feedback") / "feedback.db"


@pytest.fixture(scope="session")
def fake_rasa(fake_feedback_db):
    """Scripted assistant behind Rasa's own socket.io channel code."""
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, str(HERE / "webchat_fake_rasa.py"), "--port", str(port)],
        # It issues ids with privacy.conversations, and stores feedback with assistant.feedback.
        env=dict(os.environ, PYTHONPATH=str(ROOT), FEEDBACK_DB=str(fake_feedback_db)),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_for_http(url + "/", process, timeout=90)
    except RuntimeError:
        stop(process)
        raise
    yield url
    stop(process)


@pytest.fixture(scope="session")
def fake_site(fake_rasa, built_widget):
    served = start_site(fake_rasa)
    yield served
    stop(served.process)


@pytest.fixture(scope="session")
def offline_site(built_widget):
    """The widget pointed at a port where no assistant listens."""
    served = start_site(f"http://127.0.0.1:{free_port()}")
    yield served
    stop(served.process)


@pytest.fixture
def driver(browser_ready):
    from browser import chromium

    with chromium() as browser:
        yield browser


@pytest.fixture
def phone_driver(browser_ready):
    from browser import chromium

    with chromium(width=320, height=640, mobile=True) as browser:
        yield browser


@pytest.fixture(scope="session")
def screenshots_dir():
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS

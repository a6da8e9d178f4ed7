"""Fixtures for the staff studio's tests.

    studio_repo   a throwaway git repository holding a copy of the catalogs
                  (and what the content check reads), so the studio's commits
                  never land in the real checkout
    studio        `python -m studio` on a free loopback port, editing that
                  repository, with two staff accounts
    driver        headless Chromium (scripts/setup_browser.sh installs it)
"""

import os
import shutil
import subprocess
import sys
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

import pytest
from stack import ROOT, free_port, wait_until_up
from studio_client import PASSWORD

SETUP = "scripts/setup_browser.sh"
# What the studio reads and writes: the catalogs, and for a new question the
# domain, training data, rules and test stories (config.yml for rasa data validate).
COPIED = ("locales", "domain.yml", "config.yml", "data", "tests/stories")


@dataclass
class Studio:
    url: str
    repo: Path
    env: dict
    editor: str = "Alex Martin"
    other: str = "Sam Tremblay"
    password: str = PASSWORD


def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True, text=True).stdout


def answer_form(pair, **changes: str) -> dict:
    """The edit form of an answer (studio.editing.AnswerPair) as a browser sends it, with `changes`."""
    form = {}
    for lang in ("en", "fr"):
        form[f"text_{lang}"] = pair.text(lang)
        form[f"sources_{lang}"] = "\n".join(pair.sources(lang))
        form[f"reviewed_{lang}"] = pair.reviewed(lang)
        for position, button in enumerate(pair.buttons(lang), start=1):
            form[f"button_{lang}_{position}"] = button["title"]
    form.update(changes)
    return form


@pytest.fixture(scope="module")
def studio_repo(tmp_path_factory) -> Path:
    repo = tmp_path_factory.mktemp("studio-repo")
    for name in COPIED:
        source = ROOT / name
        (repo / name).parent.mkdir(parents=True, exist_ok=True)
        if source.is_dir():
            shutil.copytree(source, repo / name)
        else:
            shutil.copy2(source, repo / name)
    git(repo, "init", "--quiet", "--initial-branch=main")
    git(repo, "add", ".")
    git(repo, "-c", "user.name=Setup", "-c", "user.email=setup@example.invalid",
        "commit", "--quiet", "-m", "The catalogs as published")
    return repo


@contextmanager
def running_studio(repo: Path, workdir: Path, accounts=(("Alex Martin", "editor"), ("Sam Tremblay", "translator")),
                   **settings: str) -> Iterator[Studio]:
    """`python -m studio` on a free port, editing `repo`, with these accounts."""
    port = free_port()
    env = dict(os.environ, STUDIO_REPO=str(repo), STUDIO_PORT=str(port),
               STUDIO_ACCOUNTS=str(workdir / "accounts.json"), STUDIO_SECRET_KEY="k" * 40,
               STUDIO_MAX_FAILURES="5", STUDIO_LOCKOUT_MINUTES="15", RASA_TELEMETRY_ENABLED="false", **settings)
    made = Studio(f"http://127.0.0.1:{port}", repo, env)
    for name, role in accounts:
        subprocess.run([sys.executable, "-m", "studio.accounts", "add", name, "--role", role,
                        "--password-stdin"], input=PASSWORD + "\n", text=True, check=True, cwd=ROOT, env=env,
                       capture_output=True)
    log = workdir / "studio.log"
    with open(log, "w") as out:
        process = subprocess.Popen([sys.executable, "-m", "studio"], cwd=ROOT, env=env,
                                   stdout=out, stderr=subprocess.STDOUT)
    try:
        wait_until_up(f"{made.url}/health", process, 60, log)
        yield made
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()


@pytest.fixture(scope="module")
def studio(studio_repo, tmp_path_factory):
    with running_studio(studio_repo, tmp_path_factory.mktemp("studio")) as running:
        yield running


@pytest.fixture(scope="session")
def browser_ready():
    from browser import missing_tools
    missing = missing_tools(axe=True)
    if missing:
        pytest.fail(f"{missing}: run {SETUP}")


@pytest.fixture
def driver(browser_ready):
    from browser import chromium

    with chromium() as browser:
        yield browser

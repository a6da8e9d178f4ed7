"""The widget's sources, build and static server, without a browser."""

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from webchat_servers import ROOT, WEB, free_port, start_site, stop

from assistant.catalog import LOCALES_DIR, read_catalog
from staff import content_check

SRC = WEB / "src"
EXACT_VERSION = re.compile(r"^\d+\.\d+\.\d+$")


def catalog_texts():
    """The widget's texts as the catalogs hold them: {lang: {name: text}}."""
    return {lang: {key[len(content_check.WIDGET_PREFIX):]: text
                   for key, text in read_catalog(LOCALES_DIR, lang)["messages"].items()
                   if key.startswith(content_check.WIDGET_PREFIX)}
            for lang in ("en", "fr")}


def test_every_text_the_widget_shows_is_in_the_catalogs_in_english_and_french():
    strings = catalog_texts()
    assert set(strings["en"]) == set(strings["fr"])
    for lang, table in strings.items():
        for key, value in table.items():
            assert isinstance(value, str) and value.strip(), f"{lang}.{key} is empty"
    same = {k for k in strings["en"] if strings["en"][k] == strings["fr"][k]}
    assert same <= {"log_label", "phone_number", "image"}, same
    assert strings["en"]["phone_number"] == "1-800-282-1376"
    # Every text the code uses exists, and the check says so when one does not.
    used = {key[len(content_check.WIDGET_PREFIX):] for key in content_check.widget_texts(ROOT)}
    assert {"send", "placeholder", "no_answer", "language_switched"} <= used
    assert used <= set(strings["en"]), used - set(strings["en"])
    assert not list(SRC.glob("*.json")), "the widget's texts belong in locales/, not in web/src"


def test_the_bundle_carries_the_catalog_texts(built_widget):
    bundle = (built_widget / "widget" / "chat-widget.js").read_text(encoding="utf-8")
    for table in catalog_texts().values():
        for text in (table["placeholder"], table["unreachable_title"], table["privacy_notice"]):
            assert json.dumps(text, ensure_ascii=False)[1:-1] in bundle, text


def test_a_text_missing_from_one_language_stops_the_build(web_tools_ready, tmp_path):
    locales = tmp_path / "locales"
    shutil.copytree(LOCALES_DIR, locales)
    widget = locales / "fr" / "widget.yml"
    widget.write_text(widget.read_text(encoding="utf-8").replace("  widget_retry:", "  autre_retry:"),
                      encoding="utf-8")
    result = subprocess.run(["node", "build.mjs", "--outdir", str(tmp_path / "dist")], cwd=WEB,
                            env={**os.environ, "LOCALES_DIR": str(locales)}, capture_output=True, text=True)
    assert result.returncode != 0 and "locales/fr/ lacks widget_retry" in result.stderr


def test_widget_source_never_parses_html():
    for path in SRC.glob("*.js"):
        code = re.sub(r"/\*.*?\*/|//[^\n]*", "", path.read_text(encoding="utf-8"), flags=re.S)
        for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "new Function",
                     "DOMParser", "createContextualFragment", "srcdoc"):
            assert sink not in code, f"{path.name} uses {sink}"


def test_npm_dependencies_are_pinned_and_locked():
    package = json.loads((WEB / "package.json").read_text())
    lock = json.loads((WEB / "package-lock.json").read_text())
    declared = {**package.get("dependencies", {}), **package.get("devDependencies", {})}
    assert {"socket.io-client", "esbuild", "axe-core"} <= set(declared)
    for name, version in declared.items():
        assert EXACT_VERSION.match(version), f"{name}@{version} is not an exact version"
        assert lock["packages"][f"node_modules/{name}"]["version"] == version
    for path, entry in lock["packages"].items():
        if path:
            assert entry.get("integrity", "").startswith("sha512-"), f"{path} has no integrity hash"


def tree_digest(folder: Path):
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_build_is_reproducible(built_widget):
    """Two builds of the same sources give byte-identical files."""
    first = tree_digest(built_widget)
    subprocess.run(["node", "build.mjs"], cwd=WEB, check=True, stdout=subprocess.DEVNULL)
    assert tree_digest(built_widget) == first
    assert {"index.html", "fr/index.html", "widget/chat-widget.js", "widget/chat-widget.css",
            "widget/THIRD-PARTY-LICENSES.txt"} <= set(first)
    # Nothing in the output depends on where the checkout is.
    for rel in first:
        assert str(ROOT).encode() not in (built_widget / rel).read_bytes(), f"{rel} contains an absolute path"


def test_pages_load_nothing_from_other_sites(built_widget):
    for page in list(built_widget.rglob("*.html")) + list(built_widget.rglob("*.css")):
        text = page.read_text(encoding="utf-8")
        text = re.sub(r'data-server-url="[^"]*"', "", text)
        assert not re.search(r"(?:src|href)\s*=\s*[\"']?(?:https?:)?//", text), page
        assert not re.search(r"url\(\s*[\"']?(?:https?:)?//", text), page
        assert "@import" not in text, page
    for lang, page in (("en", "index.html"), ("fr", "fr/index.html")):
        html = (built_widget / page).read_text(encoding="utf-8")
        assert f'<html lang="{lang}">' in html
        assert html.count('<script ') == 1 and 'src="/widget/chat-widget.js"' in html


def fetch(url):
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.headers, response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as error:
        return error.code, error.headers, ""


def test_serve_py_sends_a_strict_policy_and_the_rasa_url(built_widget):
    served = start_site("http://127.0.0.1:5999/")
    try:
        status, headers, body = fetch(served.base_url + "/")
        assert status == 200
        assert headers["Content-Security-Policy"] == (
            "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; font-src 'self'; "
            "connect-src 'self' http://127.0.0.1:5999 ws://127.0.0.1:5999; object-src 'none'; "
            "base-uri 'self'; form-action 'self'; frame-ancestors 'self'"
        )
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["Server"] == "chat-widget"  # no Python version announced
        assert 'data-server-url="http://127.0.0.1:5999"' in body

        status, headers, body = fetch(served.base_url + "/fr/")
        assert status == 200 and '<html lang="fr">' in body
        assert 'data-server-url="http://127.0.0.1:5999"' in body
        assert "Content-Security-Policy" in headers

        status, headers, _ = fetch(served.base_url + "/widget/chat-widget.js")
        assert status == 200 and headers["Content-Type"].startswith("text/javascript")
        assert fetch(served.base_url + "/widget/")[0] == 404  # no directory listings
        assert fetch(served.base_url + "/../serve.py")[0] == 404
    finally:
        stop(served.process)


def test_serve_py_binds_loopback_and_rejects_odd_urls(built_widget):
    port = free_port()
    result = subprocess.run(
        [sys.executable, str(WEB / "serve.py"), "--port", str(port), "--rasa-url", 'http://x"><script>:1'],
        capture_output=True, text=True, timeout=20,
    )
    assert result.returncode == 2 and "invalid host" in result.stderr

    served = start_site("https://bot.example.org")
    try:
        csp = fetch(served.base_url + "/")[1]["Content-Security-Policy"]
        assert "connect-src 'self' https://bot.example.org wss://bot.example.org;" in csp
        port = int(served.base_url.rsplit(":", 1)[1])
        assert listening_addresses(port) == ["127.0.0.1"]
    finally:
        stop(served.process)


def listening_addresses(port):
    """Addresses a TCP port listens on, from /proc/net/tcp (Linux)."""
    proc = Path("/proc/net/tcp")
    if not proc.exists():
        pytest.skip("needs /proc/net/tcp")
    found = []
    for line in proc.read_text().splitlines()[1:]:
        fields = line.split()
        address, hex_port = fields[1].split(":")
        if int(hex_port, 16) == port and fields[3] == "0A":  # LISTEN
            found.append(".".join(str(int(address[i:i + 2], 16)) for i in (6, 4, 2, 0)))
    return found


def test_embedding_doc_covers_every_option():
    doc = (ROOT / "docs" / "EMBEDDING.md").read_text(encoding="utf-8")
    options = set(re.findall(r'attr\(script, "([a-z-]+)"\)', (SRC / "config.js").read_text()))
    assert options, "no options found in config.js"
    missing = [name for name in sorted(options) if f"data-{name}" not in doc]
    assert missing == [], f"docs/EMBEDDING.md does not describe {missing}"
    for needed in ("--cors", "Content-Security-Policy", "connect-src", "npm ci && npm run build"):
        assert needed in doc


@pytest.mark.parametrize("colour", ["#1d4f7c", "#ffcc00", "#ffffff", "#000000", "#7fb3d5", "#d62d20", "#0f0", "nope"])
def test_site_colours_always_keep_text_readable(web_tools_ready, colour):
    script = (
        "import {resolveColors, parseHex, contrast} from './src/colors.js';"
        f"const c = resolveColors({json.dumps(colour)}, null);"
        "const white = parseHex('#ffffff'), bubble = parseHex('#eef1f4');"
        "console.log(JSON.stringify({"
        "  text: contrast(parseHex(c.primary), parseHex(c.primaryText)),"
        "  onWhite: contrast(parseHex(c.primaryOnLight), white),"
        "  onBubble: contrast(parseHex(c.primaryOnLight), bubble)}));"
    )
    out = subprocess.run(["node", "--input-type=module", "-e", script], cwd=WEB, check=True,
                         capture_output=True, text=True).stdout
    ratios = json.loads(out)
    assert min(ratios.values()) >= 4.5, ratios

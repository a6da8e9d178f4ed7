"""`make check-links`: which links residents are given, and the report of those
that do not answer, against a local web server (no internet needed)."""

import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from assistant.catalog import LOCALES_DIR, file_of, key_files, read_catalog
from assistant.language import SUPPORTED
from staff import link_check

TIMEOUT = 1.0


class Site(BaseHTTPRequestHandler):
    """/ok answers; /no-head refuses HEAD but serves the page; /gone is 404;
    /broken fails; /slow answers after the timeout. Every request is noted."""

    asked = []

    def _answer(self) -> None:
        Site.asked.append((self.command, self.path))
        if self.path == "/slow":
            time.sleep(TIMEOUT * 2)
        status = {"/ok": 200, "/gone": 404, "/broken": 500, "/slow": 200}.get(self.path, 404)
        if self.path == "/no-head":
            status = 405 if self.command == "HEAD" else 200
        self.send_response(status)
        self.send_header("Content-Length", "0")
        self.end_headers()

    do_HEAD = do_GET = _answer

    def log_message(self, *args) -> None:
        pass


def closed_port() -> int:
    """A loopback port nothing listens on."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def site():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Site)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_head_first_then_get_when_the_site_refuses_head(site):
    Site.asked.clear()
    assert link_check.why_not_answering(f"{site}/ok", TIMEOUT) is None
    assert Site.asked == [("HEAD", "/ok")]
    assert link_check.why_not_answering(f"{site}/no-head", TIMEOUT) is None
    assert Site.asked[1:] == [("HEAD", "/no-head"), ("GET", "/no-head")]


def test_report_names_file_key_and_what_to_do_in_plain_words(site):
    en, fr = (link_check.Use(f"locales/{lang}/answers.yml", "consent_biometrics", "source")
              for lang in SUPPORTED)
    office = link_check.Use(link_check.OFFICES_FILE, "cai", "link")
    links = {f"{site}/ok": [en], f"{site}/gone": [en, fr], f"{site}/broken": [office],
             f"{site}/slow": [fr], f"http://127.0.0.1:{closed_port()}/closed": [en]}
    lines = link_check.report(link_check.check_links(links, TIMEOUT))
    assert len(lines) == 5, lines
    assert (f"locales/en/answers.yml: 'consent_biometrics': the source '{site}/gone' does not answer: "
            "the site answers '404 Not Found': the page is gone; find where it moved and use its "
            "new address") in lines
    assert any(line.startswith(f"locales/fr/answers.yml: 'consent_biometrics': the source '{site}/gone'")
               for line in lines)
    assert any(line.startswith(f"assistant/data/offices.yml: 'cai': the link '{site}/broken'")
               and "try again later" in line for line in lines)
    assert any(f"'{site}/slow'" in line and f"did not answer within {TIMEOUT:g} seconds" in line
               for line in lines)
    assert any("/closed'" in line and "refused the connection" in line for line in lines)
    assert not any(f"{site}/ok" in line for line in lines)
    assert not any("Traceback" in line for line in lines)


def test_every_source_of_both_catalogs_and_every_office_page_is_listed():
    links = link_check.catalog_links(LOCALES_DIR)
    files = key_files(LOCALES_DIR)
    for lang in SUPPORTED:
        for key, entry in read_catalog(LOCALES_DIR, lang)["answers"].items():
            for url in entry.get("sources") or []:
                where = file_of(files, lang, "answers", key)
                assert link_check.Use(where, key, "source") in links[url], url
    offices = link_check.office_links()
    assert offices and all(use.file == link_check.OFFICES_FILE for uses in offices.values() for use in uses)
    assert all(url.startswith("https://") for url in [*links, *offices])


def test_main_exit_status_and_summary(monkeypatch, capsys):
    use = link_check.Use("locales/en/answers.yml", "consent", "source")
    monkeypatch.setattr(link_check, "catalog_links", lambda _dir: {
        "https://www.priv.gc.ca/gone": [use], "https://www.priv.gc.ca/ok": [use]})
    monkeypatch.setattr(link_check, "office_links", lambda: {})
    monkeypatch.setattr(link_check, "why_not_answering",
                        lambda url, timeout: "the site answers '404 Not Found'" if "gone" in url else None)
    assert link_check.main([]) == 1
    assert "1 of 2 links do not answer" in capsys.readouterr().out
    # Nothing reachable at all: the connection, not every page, is the likely cause.
    monkeypatch.setattr(link_check, "why_not_answering", lambda url, timeout: "the site's name was not found")
    assert link_check.main([]) == 1
    assert "None of the 2 links could be reached: check this computer's internet connection" \
        in capsys.readouterr().out
    monkeypatch.setattr(link_check, "why_not_answering", lambda url, timeout: None)
    assert link_check.main([]) == 0
    assert "Links OK" in capsys.readouterr().out


def test_report_in_french_names_file_key_and_what_to_do(site):
    fr = link_check.Use("locales/fr/answers.yml", "consent_biometrics", "source")
    office = link_check.Use(link_check.OFFICES_FILE, "cai", "link")
    lines = link_check.report(link_check.check_links({f"{site}/gone": [fr], f"{site}/broken": [office],
                                                      f"{site}/slow": [fr]}, TIMEOUT), "fr")
    assert (f"locales/fr/answers.yml : « consent_biometrics » : la source « {site}/gone » ne répond pas : "
            "le site répond « 404 Not Found » : la page n'existe plus; trouvez où elle a été déplacée et "
            "utilisez sa nouvelle adresse") in lines
    assert any(line.startswith(f"assistant/data/offices.yml : « cai » : le lien « {site}/broken » ne répond pas")
               and "réessayez plus tard" in line for line in lines)
    assert any(f"« {site}/slow »" in line and f"n'a pas répondu dans les {TIMEOUT:g} secondes" in line
               for line in lines)


@pytest.mark.parametrize("options, system, line, summary", [
    (["--lang", "fr"], "C.UTF-8", "locales/fr/answers.yml : « consent » : la source « https://www.priv.gc.ca/gone » "
     "ne répond pas : le site a refusé la connexion", "1 des 2 liens ne répondent pas."),
    ([], "fr_CA.UTF-8", "locales/fr/answers.yml : « consent » : la source", "1 des 2 liens ne répondent pas."),
    ([], "C.UTF-8", "locales/fr/answers.yml: 'consent': the source 'https://www.priv.gc.ca/gone' does not answer: "
     "the site refused the connection", "1 of 2 links do not answer."),
])
def test_main_speaks_the_staff_members_language(monkeypatch, capsys, options, system, line, summary):
    use = link_check.Use("locales/fr/answers.yml", "consent", "source")
    monkeypatch.setenv("LANG", system)
    monkeypatch.setattr(link_check, "catalog_links", lambda _dir: {
        "https://www.priv.gc.ca/gone": [use], "https://www.priv.gc.ca/ok": [use]})
    monkeypatch.setattr(link_check, "office_links", lambda: {})
    monkeypatch.setattr(link_check, "why_not_answering", lambda url, timeout: link_check._network_problem(
        ConnectionRefusedError(), timeout) if "gone" in url else None)
    assert link_check.main(options) == 1
    out = capsys.readouterr().out
    assert line in out and summary in out

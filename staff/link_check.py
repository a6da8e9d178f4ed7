"""Whether every link residents are given still answers: the sources and
links of both catalogs (locales/) and the offices' pages
(assistant/data/offices.yml), in both languages.

Each address is asked for its headers (HEAD), then, if the site refuses
that or fails, for the page itself (GET), with a timeout. A link that still
does not answer is reported in plain words with the file and key that use
it, the way `make check` reports, in English or French (--lang, else the
system's language). This needs the internet, so it is its own command
(`make check-links`), never part of `make check` or `make test`.

Run: python -m staff.link_check [--timeout 10] [--locales locales] [--lang fr]
"""

import argparse
import http.client
import socket
import ssl
import sys
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Dict, Iterable, List, Optional, Tuple

from assistant.catalog import LOCALES_DIR, SECTIONS, file_of, key_files, read_catalog
from assistant.language import SUPPORTED
from assistant.offices import OFFICES
from staff.content_check import _LINK, _VALID_URL, Problem, _text_of
from staff.messages import Message, add_language_option, reader_language, say

OFFICES_FILE = "assistant/data/offices.yml"
DEFAULT_TIMEOUT = 10.0
# Sites answer a browser; some refuse a client that does not say what it is.
USER_AGENT = "Mozilla/5.0 (compatible; privacy-assistant-link-check)"
# Addresses asked at once: few, to be polite to the sites.
WORKERS = 8


@dataclass(frozen=True)
class Use:
    """Where a link is given to residents."""
    file: str
    key: str
    what: str  # "source" or "link"


def catalog_links(locales_dir: Path = LOCALES_DIR) -> Dict[str, List[Use]]:
    """Every well-formed https link of both catalogs -> where it is used.
    (Malformed links are `make check`'s business.)"""
    files = key_files(locales_dir)
    found: Dict[str, List[Use]] = {}
    for lang in SUPPORTED:
        catalog = read_catalog(locales_dir, lang)
        for section in SECTIONS:
            for key, entry in (catalog.get(section) or {}).items():
                where = file_of(files, lang, section, key)
                sources = entry.get("sources") or [] if isinstance(entry, dict) else []
                for url in sources:
                    _add(found, str(url), Use(where, key, "source"))
                for url in _LINK.findall(_text_of(section, entry)):
                    _add(found, url.rstrip(".,;"), Use(where, key, "link"))
    return found


def office_links(offices=None) -> Dict[str, List[Use]]:
    """Each office's website, complaint and review pages, in both languages."""
    found: Dict[str, List[Use]] = {}
    for office_id, office in (OFFICES if offices is None else offices).items():
        for lang in SUPPORTED:
            for url in (office.website(lang), office.complaint_page(lang), office.review_page(lang)):
                if url:
                    _add(found, str(url), Use(OFFICES_FILE, office_id, "link"))
    return found


def _add(found: Dict[str, List[Use]], url: str, use: Use) -> None:
    if _VALID_URL.match(url):
        uses = found.setdefault(url, [])
        if use not in uses:
            uses.append(use)


def why_not_answering(url: str, timeout: float = DEFAULT_TIMEOUT) -> Optional[str]:
    """None when the address answers; else why not, in plain words (a Message)."""
    problem = _ask(url, "HEAD", timeout)
    if problem is None:
        return None
    # Many sites refuse HEAD (405, 403, 501) or answer it wrongly: ask for the page.
    return _ask(url, "GET", timeout)


def _ask(url: str, method: str, timeout: float) -> Optional[Message]:
    request = urllib.request.Request(url, method=method, headers={"User-Agent": USER_AGENT})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as answer:
            if method == "GET":
                answer.read(1024)
            return None
    except urllib.error.HTTPError as error:
        advice = _status_advice(error.code)
        if advice:
            return Message("site_answers_advice", status=error.code, reason=error.reason, advice=advice)
        return Message("site_answers", status=error.code, reason=error.reason)
    except urllib.error.URLError as error:
        return _network_problem(error.reason, timeout)
    except (socket.timeout, TimeoutError):
        return Message("site_timeout", seconds=f"{timeout:g}")
    except (http.client.HTTPException, OSError, ValueError) as error:
        return Message("site_unreadable", error=error.__class__.__name__)


def _status_advice(status: int) -> Optional[Message]:
    if status in (404, 410):
        return Message("status_gone")
    if status in (401, 403):
        return Message("status_refused")
    if status >= 500:
        return Message("status_site_problem")
    return None


def _network_problem(reason: object, timeout: float) -> Message:
    if isinstance(reason, (socket.timeout, TimeoutError)):
        return Message("site_timeout", seconds=f"{timeout:g}")
    if isinstance(reason, socket.gaierror):
        return Message("site_name_unknown")
    if isinstance(reason, ssl.SSLError):
        return Message("site_certificate")
    if isinstance(reason, ConnectionRefusedError):
        return Message("site_refused")
    return Message("site_unreachable", reason=reason)


def check_links(links: Dict[str, List[Use]], timeout: float = DEFAULT_TIMEOUT,
                ask: Optional[Callable[[str, float], Optional[str]]] = None) -> List[Tuple[str, str, Use]]:
    """(url, why, use) for every use of every link that does not answer."""
    ask = ask or why_not_answering
    urls = sorted(links)
    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        answers = list(pool.map(lambda url: ask(url, timeout), urls))
    return [(url, why, use) for url, why in zip(urls, answers) if why for use in links[url]]


def report(problems: Iterable[Tuple[str, str, Use]], lang: str = "en") -> List[str]:
    """One line per use, as `make check` writes them: file, key, what to do, in `lang`."""
    def line(url: str, why: str, use: Use) -> str:
        said = Message("link_does_not_answer", what=Message(f"link_used_as_{use.what}"), url=url, why=why)
        return Problem(use.file, use.key, said).text(lang)
    return sorted(line(url, why, use) for url, why, use in problems)


def main(argv: Iterable[str] = ()) -> int:
    parser = argparse.ArgumentParser(prog="python -m staff.link_check",
                                     description="Checks that every link residents are given answers.")
    parser.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT,
                        help="seconds to wait for each site (default: %(default)s)")
    parser.add_argument("--locales", type=Path, default=LOCALES_DIR,
                        help="catalog folder (default: %(default)s)")
    add_language_option(parser)
    args = parser.parse_args(list(argv))
    lang = reader_language(args.lang)
    links = catalog_links(args.locales)
    for url, uses in office_links().items():
        for use in uses:
            _add(links, url, use)
    problems = check_links(links, args.timeout)
    for line in report(problems, lang):
        print(line)
    failing = {url for url, _why, _use in problems}
    if failing == set(links) and links:
        print("\n" + say(lang, "links_none_reachable", total=len(links)))
        return 1
    if failing:
        print("\n" + say(lang, "links_failing", failing=len(failing), total=len(links)))
        return 1
    print(say(lang, "links_ok", total=len(links)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

"""Privacy and security of the running assistant, end to end: real action and
Rasa servers, real REST and socket.io clients, then the tracker database,
every log and every file the run wrote, scanned for what was sent.

One stack serves the whole module (starting one takes a minute or two). It
runs with debug logging, so the logs hold as much as they ever could; with
an audit hook in both server processes that records every network call; and
with a tracker database that already holds an expired conversation when it
starts. The personal details are made up for each run, so a match can only
come from this run.

Model: PRIVACY_TEST_MODEL if set, else models/assistant.tar.gz (which must
know the privacy intents: `make train`).
"""

import http.client
import json
import os
import random
import re
import socket
import sqlite3
import string
import subprocess
import tempfile
import threading
import time
import uuid
from contextlib import ExitStack
from pathlib import Path
from typing import Dict, Iterable, List, Optional, Set
from urllib.parse import urlsplit

import pytest
import socketio
from on_disk import backup, database_bytes
from stack import MODEL, ROOT, running_stack

from privacy import redaction
from privacy.conversations import ConversationIds

TEST_MODEL = Path(os.environ.get("PRIVACY_TEST_MODEL") or MODEL)
NETAUDIT = Path(__file__).parent / "netaudit"
AUTH_TOKEN = uuid.uuid4().hex
PSEUDONYM_KEY = uuid.uuid4().hex
IDS = ConversationIds(PSEUDONYM_KEY.encode())
ALLOWED_ORIGIN = "http://localhost:8080"
NOTICE_URL = "https://privacy.example.ca/notice/{lang}"
PER_SENDER = 12
PER_ADDRESS = 25
DAY = 86_400

# ----- made-up personal details, new for every run ---------------------------

_rnd = random.SystemRandom()


def _digits(n: int) -> str:
    return "".join(_rnd.choice(string.digits) for _ in range(n))


def _with_luhn(partial: str) -> str:
    for check in string.digits:
        if redaction.luhn_valid(partial + check):
            return partial + check
    raise AssertionError(partial)


def _word() -> str:
    return "Q" + "".join(_rnd.choice("aeiouzrvxk") for _ in range(7))


def _postal_code() -> str:
    first, letters = "ABCEGHJKLMNPRSTVXY", "ABCEGHJKLMNPRSTVWXYZ"
    return (f"{_rnd.choice(first)}{_rnd.randint(0, 9)}{_rnd.choice(letters)} "
            f"{_rnd.randint(0, 9)}{_rnd.choice(letters)}{_rnd.randint(0, 9)}")


def _area() -> str:
    return str(_rnd.randint(200, 989))


def _letters(n: int) -> str:
    return "".join(_rnd.choice(string.ascii_uppercase) for _ in range(n))


def _health_card_qc() -> str:
    return f"{_letters(4)} {_digits(2)}{_rnd.randint(1, 12):02d} {_digits(4)}"


def _health_card_on() -> str:
    return f"{_digits(4)}-{_digits(3)}-{_digits(3)}-{_letters(2)}"


SIN, SIN_FR = _with_luhn("1" + _digits(7)), _with_luhn("2" + _digits(7))
SURNAME_EN, SURNAME_FR = _word(), _word()
CARD = _with_luhn("4" + _digits(14))
STREET_EN, STREET_FR, EMAIL_TOKEN = _word(), _word(), _word().lower()
POSTAL_EN, POSTAL_FR = _postal_code(), _postal_code()
DETAILS = {
    "email_en": f"ABC{EMAIL_TOKEN}@example.ORG",
    "email_fr": f"jean.{EMAIL_TOKEN}+test@courriel.gouv.qc.ca",
    "phone_paren": f"({_area()}) 555-{_digits(4)}",
    "phone_dots": f"{_area()}.{_digits(3)}.{_digits(4)}",
    "phone_plus": f"+1 {_area()} {_digits(3)} {_digits(4)}",
    "sin_spaces": f"{SIN[:3]} {SIN[3:6]} {SIN[6:]}",
    "sin_dashes": f"{SIN[:3]}-{SIN[3:6]}-{SIN[6:]}",
    "card": f"{CARD[:4]} {CARD[4:8]} {CARD[8:12]} {CARD[12:]}",
    "postal_en": POSTAL_EN,
    "postal_fr": POSTAL_FR.lower().replace(" ", ""),
    "address_en": f"{_rnd.randint(10, 9999)} {STREET_EN} Street",
    "address_fr": f"{_rnd.randint(10, 9999)}, rue {STREET_FR}",
    "name_en": f"Elodie {SURNAME_EN}",
    "name_fr": f"Mathieu {SURNAME_FR}",
    "sin_digit_by_digit": " ".join(SIN),
    "sin_digit_by_digit_fr": " ".join(SIN_FR),
    "email_fullwidth": f"{EMAIL_TOKEN}.x\uff20example.net",
    "email_fullwidth_en": f"{EMAIL_TOKEN}.y\uff20example.org",
    "health_qc": _health_card_qc(),
    "health_qc_en": _health_card_qc(),
    "health_on": _health_card_on(),
    "health_on_fr": _health_card_on(),
    "licence_on": f"{_letters(1)}{_digits(4)}-{_digits(5)}-{_digits(5)}",
    "licence_qc": f"{_letters(1)}{_digits(4)}-{_digits(6)}-{_digits(2)}",
    "passport_en": f"{_letters(2)}{_digits(6)}",
    "passport_fr": f"{_letters(2)}{_digits(6)}",
    "dob_en": f"March {_rnd.randint(10, 28)}, {_rnd.randint(1940, 1999)}",
    "dob_fr": f"{_rnd.randint(10, 28)}/0{_rnd.randint(1, 9)}/{_rnd.randint(1940, 1999)}",
    "ip_en": f"10.{_rnd.randint(100, 254)}.{_rnd.randint(100, 254)}.{_rnd.randint(100, 254)}",
    "ip_fr": f"172.{_rnd.randint(16, 31)}.{_rnd.randint(100, 254)}.{_rnd.randint(100, 254)}",
}


def needles() -> Set[str]:
    """Every trace of the details worth looking for: as sent, digits only, and
    the made-up words, which no placeholder contains."""
    found = set(DETAILS.values())
    for key, value in DETAILS.items():
        if key.startswith(("phone", "sin", "card", "health", "licence", "passport")):
            found.add(redaction.only_digits(value))
    found |= {STREET_EN, STREET_FR, EMAIL_TOKEN, POSTAL_EN, POSTAL_EN.replace(" ", ""),
              SURNAME_EN, SURNAME_FR, SIN, SIN_FR}
    return found


MESSAGES = {
    ("en", "question"): (f"In 2021 my gym read s. 44 to us. My email is {DETAILS['email_en']} and my "
                         f"phone is {DETAILS['phone_paren']}. Can a company use my face without my consent?"),
    ("en", "more"): (f"What are the steps to file a complaint against my gym? You can reach me at "
                     f"{DETAILS['phone_plus']}, my SIN is {DETAILS['sin_spaces']} and I live at "
                     f"{DETAILS['address_en']}, {DETAILS['postal_en']}."),
    ("fr", "question"): (f"Mon courriel est {DETAILS['email_fr']} et mon NAS {DETAILS['sin_dashes']}. "
                         "Une entreprise peut-elle utiliser mon visage sans mon consentement?"),
    ("fr", "more"): (f"Quelles sont les étapes pour déposer une plainte contre mon gym? Vous pouvez me "
                     f"joindre au {DETAILS['phone_dots']}, carte {DETAILS['card']}, adresse "
                     f"{DETAILS['address_fr']}, {DETAILS['postal_fr']}."),
}
MESSAGES.update({
    # Every kind of detail in both languages: a SIN typed digit by digit, a
    # full-width @, Ontario's and Quebec's health-card formats.
    ("en", "identity"): (f"My name is {DETAILS['name_en']}, born {DETAILS['dob_en']}. My SIN is "
                         f"{DETAILS['sin_digit_by_digit']}, health card {DETAILS['health_on']} (my old Quebec "
                         f"health card was {DETAILS['health_qc_en']}), driver's licence {DETAILS['licence_on']}, "
                         f"passport {DETAILS['passport_en']}, my IP address is {DETAILS['ip_en']}, email "
                         f"{DETAILS['email_fullwidth_en']}. Can my gym keep a scan of my face?"),
    ("fr", "identity"): (f"Je m'appelle {DETAILS['name_fr']}, date de naissance {DETAILS['dob_fr']}, "
                         f"mon NAS est {DETAILS['sin_digit_by_digit_fr']}, carte santé {DETAILS['health_qc']} "
                         f"(ma carte santé de l'Ontario était {DETAILS['health_on_fr']}), permis de conduire "
                         f"{DETAILS['licence_qc']}, passeport {DETAILS['passport_fr']}, adresse IP "
                         f"{DETAILS['ip_fr']}, courriel {DETAILS['email_fullwidth']}. Mon gym peut-il garder "
                         "un scan de mon visage?"),
})
EXPECTED = {("en", "identity"): "consent", ("fr", "identity"): "consentement",
            ("en", "question"): "consent", ("fr", "question"): "consentement",
            ("en", "more"): "complain", ("fr", "more"): "plainte"}
NOTICE = {"en": "I removed the personal details from your message",
          "fr": "j'ai retiré les renseignements personnels de votre message"}

# ----- talking to the servers -------------------------------------------------

_source_addresses = (f"127.0.0.{n}" for n in range(10, 250))


# Every raw conversation id the tests used: none may appear in a log or file.
RAW_IDS: Set[str] = set()


def new_sender(prefix: str = "privacy") -> str:
    """An id of the tests' own making: accepted over REST from the machine
    itself (127.0.0.1) only."""
    sender = f"{prefix}-{uuid.uuid4().hex[:12]}"
    RAW_IDS.add(sender)
    return sender


def issued_sender(stack, source: str = "127.0.0.1") -> str:
    """A conversation id the server issued, as a resident's client gets one."""
    status, _, body = post(f"{stack.rasa_url}/webhooks/rest/conversation", b"", source=source)
    assert status == 200
    sender = json.loads(body)["sender"]
    RAW_IDS.add(sender)
    return sender


def stored(sender: str) -> str:
    """The id the tracker store keeps a conversation under (its keyed hash)."""
    return IDS.stored_id(sender)


def post(url: str, body: bytes, headers: Optional[Dict[str, str]] = None,
         source: str = "127.0.0.1", method: str = "POST"):
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60,
                                            source_address=(source, 0))
    try:
        connection.request(method, parts.path + (f"?{parts.query}" if parts.query else ""), body=body,
                           headers={"Content-Type": "application/json", **(headers or {})})
        response = connection.getresponse()
        headers = {name.lower(): value for name, value in response.getheaders()}
        return response.status, headers, response.read()
    finally:
        connection.close()


def say(stack, sender: str, text, metadata=None, source: str = "127.0.0.1") -> List[dict]:
    body = {"sender": sender, "message": text}
    if metadata:
        body["metadata"] = metadata
    status, _, data = post(stack.rest_url, json.dumps(body).encode(), source=source)
    assert status == 200
    return json.loads(data)


def text_of(replies: Iterable[dict]) -> str:
    return "\n".join(reply.get("text") or "" for reply in replies)


class SocketChat:
    """The website widget's side of the socket.io channel."""

    def __init__(self, rasa_url: str, origin: str = ALLOWED_ORIGIN, session_id: Optional[str] = None):
        self.replies: List[dict] = []
        self.lock = threading.Lock()
        self.client = socketio.Client(reconnection=False)
        self.client.on("bot_uttered", self._received)
        self.erased: List[dict] = []
        self.client.on("conversation_erased", self.erased.append)
        # Long polling: the websocket client library adds an Origin of its own.
        self.client.connect(rasa_url, headers={"Origin": origin}, transports=["polling"],
                            wait_timeout=20)
        confirmed = threading.Event()
        self.requested = session_id
        self.session_id = None

        def on_confirm(data):
            self.session_id = data
            confirmed.set()

        self.client.on("session_confirm", on_confirm)
        self.client.emit("session_request", {"session_id": session_id})
        assert confirmed.wait(20)
        RAW_IDS.add(self.session_id)

    def _received(self, data):
        with self.lock:
            self.replies.append(data)

    def send(self, payload) -> None:
        self.client.emit("user_uttered", payload)

    def say(self, text, metadata=None, quiet: float = 1.5, timeout: float = 30) -> List[dict]:
        payload = {"message": text, "session_id": self.session_id}
        if metadata:
            payload["metadata"] = metadata
        return self.exchange(payload, quiet, timeout)

    def exchange(self, payload, quiet: float = 1.5, timeout: float = 30) -> List[dict]:
        with self.lock:
            start = len(self.replies)
        self.send(payload)
        deadline, last_count, last_change = time.time() + timeout, start, time.time()
        while time.time() < deadline:
            time.sleep(0.1)
            with self.lock:
                count = len(self.replies)
            if count != last_count:
                last_count, last_change = count, time.time()
            elif count > start and time.time() - last_change >= quiet:
                break
        with self.lock:
            return self.replies[start:]

    def close(self) -> None:
        # A long-polling client waits for its pending poll (up to 25 s) to end
        # before it disconnects; nothing here depends on that, so not the test.
        threading.Thread(target=self.client.disconnect, daemon=True).start()


# ----- watching the servers' network use ----------------------------------------

def _proc_sockets(pid: int) -> Dict[str, str]:
    """inode -> 'remote address' of the process's TCP/UDP sockets."""
    inodes = set()
    try:
        for fd in os.listdir(f"/proc/{pid}/fd"):
            target = os.readlink(f"/proc/{pid}/fd/{fd}")
            if target.startswith("socket:["):
                inodes.add(target[8:-1])
    except OSError:
        return {}
    remotes = {}
    for table in ("tcp", "tcp6", "udp", "udp6"):
        try:
            lines = Path(f"/proc/{pid}/net/{table}").read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            fields = line.split()
            if len(fields) > 9 and fields[9] in inodes:
                remotes[fields[9]] = f"{table}:{fields[2]}"
    return remotes


def _hex_address_is_local(entry: str) -> bool:
    """'tcp:0100007F:1F90' style remote address: loopback or unconnected."""
    table, address = entry.split(":", 1)
    host = address.rsplit(":", 1)[0]
    if set(host) <= {"0"}:
        return True  # listening or unconnected
    if table.endswith("6"):
        if host == "00000000000000000000000001000000":  # ::1
            return True
        if host.startswith("0000000000000000FFFF0000"):  # IPv4-mapped
            host = host[-8:]
        else:
            return False
    return int(host[-2:], 16) == 127  # stored little-endian: the last byte is the first octet


class SocketWatcher(threading.Thread):
    """Samples the servers' sockets while the tests talk to them."""

    def __init__(self, pids: List[int]):
        super().__init__(daemon=True)
        self.pids = pids
        self.seen: Set[str] = set()
        self.samples = 0
        self.stopped = threading.Event()

    def run(self) -> None:
        while not self.stopped.wait(0.05):
            for pid in self.pids:
                self.seen |= set(_proc_sockets(pid).values())
            self.samples += 1


def is_loopback(host) -> bool:
    if host in (None, "", "localhost", "ip6-localhost"):
        return True
    host = str(host)
    return host.startswith("127.") or host in ("::1", "0.0.0.0", "::") or host.endswith(".localhost")


# ----- the stack -------------------------------------------------------------------

def seed_expired_conversation(db: Path) -> None:
    """A tracker database holding one conversation from 31 days ago and one
    from yesterday, as the stack finds it when it starts."""
    import asyncio

    from rasa.core.tracker_store import SQLTrackerStore
    from rasa.shared.core.domain import Domain
    from rasa.shared.core.events import ActionExecuted, SessionStarted, UserUttered
    from rasa.shared.core.trackers import DialogueStateTracker

    store = SQLTrackerStore(Domain.empty(), dialect="sqlite", db=str(db))
    for sender, text, at in (("expired-resident", "EXPIREDMARKER", time.time() - 31 * DAY),
                             ("yesterday-resident", "YESTERDAYMARKER", time.time() - DAY)):
        tracker = DialogueStateTracker(sender, [])
        for event in (ActionExecuted("action_session_start", timestamp=at), SessionStarted(timestamp=at),
                      ActionExecuted("action_listen", timestamp=at), UserUttered(text, timestamp=at)):
            tracker.update(event)
        asyncio.run(store.save(tracker))
    store.engine.dispose()


class Run:
    def __init__(self, stack, exit_stack: ExitStack, started: float, watcher: SocketWatcher):
        self.stack = stack
        self.exit_stack = exit_stack
        self.started = started
        self.watcher = watcher
        self.stopped = False

    def stop(self) -> None:
        if not self.stopped:
            self.watcher.stopped.set()
            self.exit_stack.close()
            self.stopped = True

    def rows(self, sql: str, *params):
        with sqlite3.connect(self.stack.tracker_db) as connection:
            return connection.execute(sql, params).fetchall()


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    if not TEST_MODEL.exists():
        pytest.fail(f"{TEST_MODEL} is missing: run 'make train' (make test does it for you)")
    workdir = tmp_path_factory.mktemp("privacy-stack")
    seed_expired_conversation(workdir / "tracker.db")
    started = time.time()
    python_path = os.pathsep.join(filter(None, [str(NETAUDIT), os.environ.get("PYTHONPATH")]))
    exit_stack = ExitStack()
    stack = exit_stack.enter_context(running_stack(workdir, model=TEST_MODEL, extra_env={
        "LOG_LEVEL": "DEBUG",
        "PYTHONPATH": python_path,
        "NETWORK_AUDIT_LOG": str(workdir / "network-audit.jsonl"),
        "CORS_ORIGINS": ALLOWED_ORIGIN,
        "RASA_AUTH_TOKEN": AUTH_TOKEN,
        "PSEUDONYM_KEY": PSEUDONYM_KEY,
        "PRIVACY_NOTICE_URL": NOTICE_URL,
        "RETENTION_DAYS": "30",
        "MAX_MESSAGE_CHARS": "2000",
        "RATE_LIMIT_PER_SENDER": str(PER_SENDER),
        "RATE_LIMIT_PER_ADDRESS": str(PER_ADDRESS),
        "RATE_LIMIT_WINDOW_SECONDS": "60",
        "RATE_LIMIT_PER_CONNECTION": str(PER_SENDER),
        # The tests' 127.0.0.1 stands for a reverse proxy on the same machine.
        "TRUSTED_PROXIES": "127.0.0.1",
        # uvloop (which a Rasa dependency installs on import) opens connections
        # in C, out of the audit hook's sight; on asyncio's own loop every
        # connection goes through Python's socket module. The /proc watcher
        # sees the servers' sockets on either loop.
        "SANIC_USE_UVLOOP": "False",
        "DISABLE_UVLOOP": "1",
    }))
    watcher = SocketWatcher(stack.pids)
    watcher.start()
    current = Run(stack, exit_stack, started, watcher)
    yield current
    current.stop()


# ----- greeting, notice, security settings ----------------------------------------------

@pytest.mark.parametrize("greeting, lang, line", [
    ("Hello", "en", "This chat is kept for 30 days."),
    ("Bonjour", "fr", "Cette conversation est conservée 30 jours."),
])
def test_greeting_says_how_long_the_chat_is_kept_and_links_the_notice(run, greeting, lang, line):
    text = text_of(say(run.stack, new_sender(), greeting))
    assert line in text
    assert NOTICE_URL.replace("{lang}", lang) in text


@pytest.mark.parametrize("lang, title, period", [
    ("en", "Privacy notice", "30 days"), ("fr", "Avis de confidentialité", "30 jours")])
def test_the_privacy_notice_is_served_in_each_language(run, lang, title, period):
    status, headers, body = post(f"{run.stack.rasa_url}/webhooks/privacy/notice/{lang}", b"",
                                 method="GET")
    page = body.decode()
    assert status == 200 and headers["content-type"].startswith("text/html")
    assert f"<title>{title}</title>" in page and period in page
    assert ("supprimez ma conversation" if lang == "fr" else "delete my conversation") in page


def test_the_expired_conversation_was_deleted_when_the_stack_started(run):
    senders = {row[0] for row in run.rows("SELECT DISTINCT sender_id FROM events")}
    assert "expired-resident" not in senders and "yesterday-resident" in senders
    assert b"EXPIREDMARKER" not in database_bytes(run.stack.tracker_db)


def test_the_http_api_needs_the_token(run):
    status, _, _ = post(f"{run.stack.rasa_url}/status", b"", method="GET")
    assert status == 401
    status, _, _ = post(f"{run.stack.rasa_url}/conversations/someone/tracker", b"", method="GET")
    assert status == 401
    status, _, body = post(f"{run.stack.rasa_url}/status?token={AUTH_TOKEN}", b"", method="GET")
    assert status == 200 and b"model_file" in body


def test_cors_allows_only_the_configured_origin(run):
    for origin, allowed in ((ALLOWED_ORIGIN, True), ("https://evil.example", False)):
        status, headers, _ = post(run.stack.rest_url, b"", method="OPTIONS", headers={
            "Origin": origin, "Access-Control-Request-Method": "POST"})
        granted = headers.get("access-control-allow-origin")
        assert (granted == origin) if allowed else granted is None, origin
    body = json.dumps({"sender": new_sender(), "message": "hi"}).encode()
    replies = json.loads(post(run.stack.rest_url, body, headers={"Origin": "https://evil.example"})[2])
    assert "not allowed" in text_of(replies)


def socket_connection_outcome(rasa_url: str, origin: str) -> str:
    """'connected' or 'refused', as the server answered the socket.io connect.
    (The client only raises its refusal after a slow disconnect, so its
    events are read instead.)"""
    client = socketio.Client(reconnection=False)
    outcome: List[str] = []
    answered = threading.Event()
    client.on("connect", lambda: (outcome.append("connected"), answered.set()))
    client.on("connect_error", lambda *_: (outcome.append("refused"), answered.set()))

    def connect() -> None:
        try:
            client.connect(rasa_url, headers={"Origin": origin}, transports=["polling"], wait_timeout=20)
        except socketio.exceptions.ConnectionError:
            pass

    threading.Thread(target=connect, daemon=True).start()
    assert answered.wait(20)
    threading.Thread(target=client.disconnect, daemon=True).start()
    return outcome[0]


def test_socketio_refuses_other_origins(run):
    assert socket_connection_outcome(run.stack.rasa_url, "https://evil.example") == "refused"
    assert socket_connection_outcome(run.stack.rasa_url, ALLOWED_ORIGIN) == "connected"


# ----- personal details, on both channels, in both languages -----------------------

@pytest.mark.parametrize("lang", ["en", "fr"])
def test_rest_answers_messages_with_personal_details_and_says_so_once(run, lang):
    sender = new_sender("rest")
    first = text_of(say(run.stack, sender, MESSAGES[(lang, "question")]))
    assert EXPECTED[(lang, "question")] in first.lower()
    assert NOTICE[lang] in first
    second = text_of(say(run.stack, sender, MESSAGES[(lang, "more")]))
    assert EXPECTED[(lang, "more")] in second.lower()
    assert NOTICE[lang] not in second


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_socketio_answers_messages_with_personal_details_and_says_so_once(run, lang):
    chat = SocketChat(run.stack.rasa_url)
    try:
        first = text_of(chat.say(MESSAGES[(lang, "question")], metadata={"language": lang}))
        assert EXPECTED[(lang, "question")] in first.lower()
        assert NOTICE[lang] in first
        second = text_of(chat.say(MESSAGES[(lang, "more")], metadata={"language": lang}))
        assert EXPECTED[(lang, "more")] in second.lower()
        assert NOTICE[lang] not in second
    finally:
        chat.close()


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_every_kind_of_detail_is_removed_on_both_channels(run, lang):
    sender = new_sender("kinds")
    text = text_of(say(run.stack, sender, MESSAGES[(lang, "identity")]))
    assert EXPECTED[(lang, "identity")] in text.lower() and NOTICE[lang] in text
    [stored_text] = user_texts(run, stored(sender))
    expected = {"en": {"[name]", "[date_of_birth]", "[sin]", "[health_card]", "[drivers_licence]",
                       "[passport]", "[ip_address]"},
                "fr": {"[name]", "[date_of_birth]", "[health_card]", "[drivers_licence]", "[passport]",
                       "[ip_address]", "[email]"}}[lang]
    assert {p for p in expected if p in stored_text} == expected, stored_text
    chat = SocketChat(run.stack.rasa_url)
    try:
        assert EXPECTED[(lang, "identity")] in text_of(
            chat.say(MESSAGES[(lang, "identity")], metadata={"language": lang})).lower()
    finally:
        chat.close()
    [socket_text] = [t for t in user_texts(run, stored(chat.session_id)) if "[name]" in t]
    assert socket_text == stored_text


def test_redacted_text_is_what_the_tracker_keeps_and_bot_messages_stay_whole(run):
    sender = new_sender("kept")
    say(run.stack, sender, MESSAGES[("en", "more")])
    say(run.stack, sender, "Which office do I contact? I live in Calgary")
    user_texts = [json.loads(data)["text"] for (data,) in run.rows(
        "SELECT data FROM events WHERE sender_id = ? AND type_name = 'user'", stored(sender))]
    assert user_texts[0] == ("What are the steps to file a complaint against my gym? You can reach me "
                             "at [phone], my SIN is [sin] and I live at [address], [postal_code].")
    bot_texts = " ".join(json.loads(data)["text"] for (data,) in run.rows(
        "SELECT data FROM events WHERE sender_id = ? AND type_name = 'bot'", stored(sender)))
    assert "1-888-878-4044" in bot_texts and "403-297-2728" in bot_texts  # the office's numbers


def test_a_sender_id_made_of_personal_details_is_not_stored(run):
    sender = DETAILS["email_en"]
    replies = say(run.stack, sender, "hello")
    assert replies and replies[0]["recipient_id"] == sender
    assert run.rows("SELECT COUNT(*) FROM events WHERE sender_id = ?", sender) == [(0,)]


# ----- "delete my conversation" ---------------------------------------------------

@pytest.mark.parametrize("lang, request_text, yes, question, done", [
    ("en", "delete my conversation", "yes", "Do you want me to delete this conversation?",
     "this conversation has been deleted"),
    ("fr", "supprimez ma conversation", "oui", "Voulez-vous que je supprime cette conversation?",
     "cette conversation a été supprimée"),
])
def test_erasing_a_conversation_leaves_nothing_of_it(run, lang, request_text, yes, question, done):
    greeting = {"en": "hello", "fr": "bonjour"}
    sender = new_sender("erase")
    marker = f"Q{uuid.uuid4().hex[:10]}"
    opening = ("Can my employer make me use a fingerprint scanner called " if lang == "en"
               else "Mon employeur peut-il m'obliger à utiliser le lecteur d'empreintes ")
    say(run.stack, sender, opening + marker + "?")
    assert run.rows("SELECT COUNT(*) FROM events WHERE sender_id = ?", stored(sender))[0][0] > 0
    asked = say(run.stack, sender, request_text)
    assert question in text_of(asked)
    assert [b["payload"] for b in asked[0]["buttons"]] == ["/affirm", "/deny"]
    assert done in text_of(say(run.stack, sender, yes))
    assert run.rows("SELECT COUNT(*) FROM events WHERE sender_id = ?", stored(sender)) == [(0,)]
    raw = database_bytes(run.stack.tracker_db)
    assert stored(sender).encode() not in raw and marker.encode() not in raw
    # Writing again starts a new conversation.
    assert ("Hello!" if lang == "en" else "Bonjour!") in text_of(say(run.stack, sender, greeting[lang]))
    assert run.rows("SELECT COUNT(*) FROM events WHERE sender_id = ? AND type_name = 'user'",
                    stored(sender)) == [(1,)]


@pytest.mark.parametrize("lang, request_text, no, kept", [
    ("en", "can you erase this chat?", "no, keep it", "I did not delete anything"),
    ("fr", "effacez notre conversation svp", "non, gardez-la", "je n'ai rien supprimé"),
])
def test_saying_no_keeps_the_conversation(run, lang, request_text, no, kept):
    sender = new_sender("keep")
    say(run.stack, sender, request_text)
    assert kept in text_of(say(run.stack, sender, no))
    assert run.rows("SELECT COUNT(*) FROM events WHERE sender_id = ? AND type_name = 'user'",
                    stored(sender)) == [(2,)]


def test_erasure_over_socketio_gives_the_client_a_new_conversation(run):
    chat = SocketChat(run.stack.rasa_url)
    other_tab = SocketChat(run.stack.rasa_url, session_id=chat.session_id)
    old_id = chat.session_id
    try:
        chat.say("Bonjour", metadata={"language": "fr"})
        assert "Voulez-vous" in text_of(chat.say("supprimez ma conversation"))
        assert "supprimée" in text_of(chat.say("/affirm"))
        assert run.rows("SELECT COUNT(*) FROM events WHERE sender_id = ?", stored(old_id)) == [(0,)]
        # Both tabs of that conversation are told, with the same new id, and
        # the old id no longer leads back to it.
        [erased] = chat.erased
        assert other_tab.erased == [erased]
        new_id = erased["session_id"]
        assert new_id != old_id and IDS.is_issued(new_id)
        RAW_IDS.add(new_id)
        chat.say("Bonjour")
        assert run.rows("SELECT COUNT(*) FROM events WHERE sender_id = ?", stored(old_id)) == [(0,)]
        assert len(user_texts(run, stored(new_id))) == 1
    finally:
        chat.close()
        other_tab.close()


# ----- input limits and rate limits -----------------------------------------------------

@pytest.mark.parametrize("body, metadata, expected", [
    ("Voici le texte complet du contrat de mon employeur. " * 45, None, "trop long"),
    ("Here is the full text of my employer's contract. " * 45, None, "too long"),
    ("", {"language": "en"}, "looks empty"),
    ("   \n  ", {"language": "fr"}, "semble vide"),
    ("hello\x00\x01\x02", {"language": "en"}, "plain text"),
    (12345, {"language": "fr"}, "que du texte"),
], ids=["long-fr", "long-en", "empty-en", "blank-fr", "control-en", "number-fr"])
def test_unprocessable_messages_get_a_clear_reply(run, body, metadata, expected):
    source = next(_source_addresses)
    sender = issued_sender(run.stack, source)
    replies = say(run.stack, sender, body, metadata=metadata, source=source)
    assert len(replies) == 1 and expected in replies[0]["text"]
    assert run.rows("SELECT COUNT(*) FROM events WHERE sender_id = ?", stored(sender)) == [(0,)]


@pytest.mark.parametrize("payload", [b"\xff\xfe\x00binary\x89PNG", b"not json at all", b"[1, 2, 3]",
                                     b"[" * 100_000 + b"]" * 100_000],
                         ids=["binary", "text", "array", "nested-too-deep"])
def test_unreadable_request_bodies_get_a_reply_not_an_error_page(run, payload):
    status, headers, body = post(run.stack.rest_url, payload, source=next(_source_addresses))
    assert status == 200 and headers["content-type"].startswith("application/json")
    replies = json.loads(body)
    assert "I can only read plain text" in text_of(replies) and "que du texte" in text_of(replies)


def test_unreadable_socketio_events_get_a_reply(run):
    chat = SocketChat(run.stack.rasa_url)
    try:
        assert "que du texte" in text_of(chat.exchange("just a string, not an object"))
        assert "plain text" in text_of(chat.exchange(
            {"message": b"\x89PNG\x00", "session_id": chat.session_id, "metadata": {"language": "en"}}))
        assert "plain text" in text_of(chat.exchange(
            {"message": {"nested": 1}, "session_id": chat.session_id}))
        assert "looks empty" in text_of(chat.say("   ", metadata={"language": "en"}))
    finally:
        chat.close()


def test_rate_limit_per_sender(run):
    source = next(_source_addresses)
    sender = issued_sender(run.stack, source)
    for _ in range(PER_SENDER):
        assert "faster than I can answer" not in text_of(say(run.stack, sender, "thanks", source=source))
    assert "faster than I can answer" in text_of(say(run.stack, sender, "thanks a lot", source=source))


def test_rate_limit_per_client_address(run):
    source = next(_source_addresses)
    for _ in range(PER_ADDRESS):
        replies = say(run.stack, issued_sender(run.stack, source), "merci", metadata={"language": "fr"},
                      source=source)
        assert "plus vite" not in text_of(replies)
    replies = say(run.stack, issued_sender(run.stack, source), "merci", metadata={"language": "fr"},
                  source=source)
    assert "plus vite que je ne peux répondre" in text_of(replies)
    # Another address is not affected.
    other = next(_source_addresses)
    assert "plus vite" not in text_of(say(run.stack, issued_sender(run.stack, other), "merci",
                                          source=other))


# ----- conversation ids: secrets the server issues ---------------------------------------

def user_texts(run, stored_id: str) -> List[str]:
    return [json.loads(data)["text"] for (data,) in run.rows(
        "SELECT data FROM events WHERE sender_id = ? AND type_name = 'user'", stored_id)]


def test_rest_from_outside_needs_an_id_the_server_issued(run):
    source = next(_source_addresses)  # not 127.0.0.1: a client elsewhere
    for made_up in ("me", uuid.uuid4().hex, "a" * 22 + ".forged"):
        replies = say(run.stack, made_up, "Can a store use facial recognition?", source=source)
        assert "could not be opened" in text_of(replies) and "n'a pas pu être ouverte" in text_of(replies)
        assert run.rows("SELECT COUNT(*) FROM events WHERE sender_id IN (?, ?)",
                        made_up, stored(made_up)) == [(0,)]
    sender = issued_sender(run.stack, source)
    assert "consent" in text_of(say(run.stack, sender, "Can a store use facial recognition without my "
                                    "consent?", source=source)).lower()


def test_the_stored_id_of_a_rest_conversation_neither_reads_nor_writes_it(run):
    resident_source, attacker_source = next(_source_addresses), next(_source_addresses)
    sender = issued_sender(run.stack, resident_source)
    marker = f"Q{uuid.uuid4().hex[:10]}"
    say(run.stack, sender, f"Can my employer scan my face at {marker}?", source=resident_source)
    stored_id = stored(sender)
    # What a reader of the database, a backup or a log has: the stored id.
    assert (stored_id,) in run.rows("SELECT DISTINCT sender_id FROM events")
    before = user_texts(run, stored_id)
    # From outside it is refused; from the machine itself (where any id is
    # accepted) it opens another conversation, under its own hash.
    assert "could not be opened" in text_of(say(run.stack, stored_id, "hello", source=attacker_source))
    assert marker not in json.dumps(say(run.stack, stored_id, "hello"))
    assert run.rows("SELECT COUNT(*) FROM events WHERE sender_id = ?", stored(stored_id))[0][0] > 0
    for source in (attacker_source, "127.0.0.1"):
        replies = say(run.stack, stored_id, "delete my conversation", source=source)
        replies += say(run.stack, stored_id, "yes", source=source)
        assert marker not in json.dumps(replies)
    assert user_texts(run, stored_id) == before


def test_socketio_replies_go_only_to_the_connection_that_holds_the_id(run):
    resident = SocketChat(run.stack.rasa_url)
    stored_id = stored(resident.session_id)
    attackers = [SocketChat(run.stack.rasa_url, session_id=stored_id),  # read from the database
                 SocketChat(run.stack.rasa_url, session_id="me"),       # guessed
                 SocketChat(run.stack.rasa_url)]                        # its own, then names ours
    try:
        assert resident.requested is None and resident.session_id  # the server issued it
        for attacker in attackers[:2]:
            assert attacker.session_id not in (stored_id, attacker.requested, resident.session_id)
        marker = f"Q{uuid.uuid4().hex[:10]}"
        assert resident.say(f"Bonjour, mon gym {marker} peut-il prendre mes empreintes?",
                            metadata={"language": "fr"})
        before = user_texts(run, stored_id)
        for attacker in attackers:
            for named in (stored_id, resident.session_id):
                attacker.exchange({"message": "supprimez ma conversation", "session_id": named})
                attacker.exchange({"message": "/affirm", "session_id": named})
        assert user_texts(run, stored_id) == before  # nothing written into it, nothing erased
        time.sleep(1)
        for attacker in attackers:
            assert marker not in json.dumps(attacker.replies)
            assert not any("empreintes" in (reply.get("text") or "") for reply in attacker.replies)
        # The resident's own replies still reach the resident, and only them.
        counts = [len(attacker.replies) for attacker in attackers]
        assert resident.say("Et au Québec?", metadata={"language": "fr"})
        time.sleep(1)
        assert [len(attacker.replies) for attacker in attackers] == counts
    finally:
        for chat in (resident, *attackers):
            chat.close()


def test_socketio_reconnects_to_its_own_conversation(run):
    first = SocketChat(run.stack.rasa_url)
    first.say("Hello", metadata={"language": "en"})
    first.close()
    again = SocketChat(run.stack.rasa_url, session_id=first.session_id)
    try:
        assert again.session_id == first.session_id  # a reload keeps the conversation
        again.say("thanks")
        assert len(user_texts(run, stored(first.session_id))) == 2
    finally:
        again.close()


def say_through(stack, forwarded_for: str, source: str, sender: str, text: str) -> str:
    body = json.dumps({"sender": sender, "message": text, "metadata": {"language": "en"}}).encode()
    status, _, data = post(stack.rest_url, body, headers={"X-Forwarded-For": forwarded_for}, source=source)
    assert status == 200
    return text_of(json.loads(data))


def test_rate_limit_per_address_behind_a_trusted_proxy_whatever_the_sender(run):
    """A new conversation for every message, through the proxy on this machine:
    the address the proxy forwards is what is counted."""
    client = f"198.51.100.{_rnd.randint(1, 254)}"
    for _ in range(PER_ADDRESS):
        assert "faster than I can answer" not in say_through(
            run.stack, client, "127.0.0.1", issued_sender(run.stack), "thanks")
    assert "faster than I can answer" in say_through(
        run.stack, client, "127.0.0.1", issued_sender(run.stack), "thanks")
    # Another resident behind the same proxy is not affected.
    assert "faster than I can answer" not in say_through(
        run.stack, f"203.0.113.{_rnd.randint(1, 254)}", "127.0.0.1", issued_sender(run.stack), "thanks")


def test_a_forwarded_address_from_an_untrusted_client_is_ignored(run):
    source = next(_source_addresses)  # not a trusted proxy
    for n in range(PER_ADDRESS):
        assert "faster than I can answer" not in say_through(
            run.stack, f"192.0.2.{n + 1}", source, issued_sender(run.stack, source), "thanks")
    assert "faster than I can answer" in say_through(
        run.stack, "192.0.2.200", source, issued_sender(run.stack, source), "thanks")


def test_rate_limit_per_socketio_connection_across_new_conversations(run):
    chat = SocketChat(run.stack.rasa_url)
    try:
        replies = []
        for _ in range(PER_SENDER + 1):
            # A new conversation each time, used at once: only the connection stays the same.
            confirmed: List[str] = []
            chat.client.on("session_confirm", confirmed.append)
            chat.client.emit("session_request", {"session_id": None})
            deadline = time.time() + 20
            while not confirmed and time.time() < deadline:
                time.sleep(0.05)
            RAW_IDS.add(confirmed[0])
            replies.append(text_of(chat.exchange(
                {"message": "thanks", "session_id": confirmed[0], "metadata": {"language": "en"}},
                quiet=0.5)))
        assert not any("faster than I can answer" in text for text in replies[:PER_SENDER])
        assert "faster than I can answer" in replies[-1]
    finally:
        chat.close()


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_a_typed_payload_cannot_store_an_unknown_province(run, lang):
    sender = new_sender("payload")
    value = f"ZZ-{uuid.uuid4().hex[:8]}"
    say(run.stack, sender, "Which office do I contact?" if lang == "en" else "Quel bureau dois-je contacter?")
    replies = say(run.stack, sender, '/inform_location{"province": "%s"}' % value)
    assert replies  # answered, as an /inform_location without a province
    events = [json.loads(data) for (data,) in run.rows(
        "SELECT data FROM events WHERE sender_id = ?", stored(sender))]
    assert events and value not in json.dumps(events)
    provinces = {e.get("value") for e in events if e.get("event") == "slot" and e.get("name") == "province"}
    assert provinces <= {None, "AB", "BC", "MB", "NB", "NL", "NS", "NT", "NU", "ON", "PE", "QC", "SK", "YT"}


# ----- retention on a copy of this run's database -----------------------------------------

def test_make_purge_on_an_aged_copy_of_this_runs_tracker(run, tmp_path):
    sender = new_sender("aged")
    say(run.stack, sender, "Can a company use my face without asking?")
    copy = tmp_path / "aged-copy.db"
    backup(run.stack.tracker_db, copy)
    with sqlite3.connect(copy) as connection:
        connection.execute("UPDATE events SET timestamp = timestamp - ? WHERE sender_id = ?",
                           (31 * DAY, stored(sender)))
        others = connection.execute("SELECT COUNT(*) FROM events WHERE sender_id != ?",
                                    (stored(sender),)).fetchone()[0]
    done = subprocess.run(["make", "-s", "purge"], cwd=ROOT, capture_output=True, text=True, timeout=300,
                          env=dict(os.environ, TRACKER_DB=str(copy), RETENTION_DAYS="30"))
    assert done.returncode == 0, done.stderr
    with sqlite3.connect(copy) as connection:
        assert connection.execute("SELECT COUNT(*) FROM events WHERE sender_id = ?",
                                  (stored(sender),)).fetchone() == (0,)
        assert connection.execute("SELECT COUNT(*) FROM events").fetchone() == (others,)
    assert stored(sender).encode() not in database_bytes(copy)


# ----- after the run: nothing left the machine, nothing raw was written -------------------

def test_no_connection_left_the_machine(run):
    run.stop()
    audit = [json.loads(line) for line in
             (run.stack.workdir / "network-audit.jsonl").read_text().splitlines() if line.strip()]
    pids = {record["pid"] for record in audit}
    assert len(pids) >= 2, "the audit hook did not run in both servers"
    connects = [r for r in audit if r["event"] in ("socket.connect", "socket.sendto", "socket.sendmsg")]
    # The Rasa server called the action server for every turn, over loopback.
    action_port = urlsplit(run.stack.action_url).port
    assert any(isinstance(r["address"], list) and r["address"][1:2] == [action_port] for r in connects)
    outside = [r for r in connects
               if r["family"] in (socket.AF_INET, socket.AF_INET6) and not is_loopback(r["address"][0])]
    assert outside == []
    lookups = [r["host"] for r in audit if "host" in r and not is_loopback(r["host"])]
    assert lookups == []
    # Both servers listen on loopback only (0.0.0.0 would be every interface).
    binds = [r["address"][0] for r in audit if r["event"] == "socket.bind"
             and r["family"] in (socket.AF_INET, socket.AF_INET6)]
    assert binds and all(str(host).startswith("127.") or host == "::1" for host in binds)
    # And the sockets the servers held while the tests ran, whatever opened them:
    # the watcher saw the calls to the action server, and nothing else outside.
    assert run.watcher.samples > 10
    assert any(entry.endswith(f":{action_port:04X}") for entry in run.watcher.seen)
    assert [entry for entry in run.watcher.seen if not _hex_address_is_local(entry)] == []


_SKIPPED_DIRS = {".git", ".venv", "node_modules", ".cache", ".pyenv", ".npm", "__pycache__"}


def written_files(roots: Iterable[Path], since: float) -> List[Path]:
    files = []
    for root in roots:
        for folder, dirs, names in os.walk(root):
            dirs[:] = [d for d in dirs if d not in _SKIPPED_DIRS and "bash_jobs" not in d]
            for name in names:
                path = Path(folder) / name
                try:
                    info = path.stat()
                except OSError:
                    continue
                if info.st_mtime >= since and info.st_size < 200 * 2 ** 20 and path.is_file():
                    files.append(path)
    return files


def test_no_personal_detail_is_in_the_database_logs_or_any_file_the_run_wrote(run):
    run.stop()
    roots = {run.stack.workdir, ROOT, Path(tempfile.gettempdir()), Path.home() / ".config"}
    files = written_files([root for root in roots if root.exists()], run.started)
    written = {path.name for path in files}
    assert {"tracker.db", "rasa.log", "actions.log"} <= written
    assert (run.stack.workdir / "rasa.log").stat().st_size > 10_000  # debug logging was on
    # The redacted messages are there, so the scan looks in the right places.
    db = database_bytes(run.stack.tracker_db)
    assert b"[email]" in db and b"[sin]" in db and b"[address]" in db and b"[card]" in db
    assert b"[postal_code]" in (run.stack.workdir / "rasa.log").read_bytes()
    leaks = []
    for path in files:
        try:
            content = path.read_bytes()
        except OSError:
            continue
        leaks += [f"{path}: {needle_kind(needle)}" for needle in needles()
                  if needle.encode() in content]
    assert leaks == []


def test_no_raw_conversation_id_is_in_any_log_or_file_the_run_wrote(run):
    run.stop()
    files = written_files([run.stack.workdir], run.started)
    rasa_log = (run.stack.workdir / "rasa.log").read_text()
    # Debug logging names conversations, by their stored ids.
    assert any(stored(raw) in rasa_log for raw in RAW_IDS)
    assert len(RAW_IDS) > 20
    leaks = []
    for path in files:
        content = path.read_bytes()
        leaks += [path.name for raw in RAW_IDS if raw.encode() in content]
    assert leaks == []


def test_the_database_files_are_owner_only(run):
    for suffix in ("", "-wal"):
        path = Path(f"{run.stack.tracker_db}{suffix}")
        if path.exists():
            assert path.stat().st_mode & 0o077 == 0, path.name


def needle_kind(needle: str) -> str:
    """Which detail leaked, without printing the detail itself."""
    for key, value in DETAILS.items():
        if needle in (value, redaction.only_digits(value)):
            return key
    return "a made-up word"


def test_look_alikes_and_office_numbers_were_not_redacted(run):
    db = database_bytes(run.stack.tracker_db)
    assert b"In 2021 my gym read s. 44 to us. My email is [email] and my phone is [phone]." in db
    assert b"1-800-282-1376" in db
    assert re.search(rb"\[(email|phone|sin|card|postal_code|address)\]", db)

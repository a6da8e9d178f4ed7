"""The channels' request reading, without a server (the real thing is in
test_e2e_privacy.py)."""

import pytest

from privacy import channels
from privacy.limits import UNREADABLE


@pytest.mark.parametrize("data, problem", [
    ({"message": "hello", "session_id": "s"}, None),
    ({"message": "hello", "metadata": {"language": "fr"}}, None),
    ({"message": "hello", "metadata": '{"language": "fr"}'}, None),
    ({"message": None}, None),
    ("just a string", UNREADABLE),
    (None, UNREADABLE),
    ({"message": b"\x89PNG"}, UNREADABLE),
    ({"message": {"nested": 1}}, UNREADABLE),
    ({"message": "hi", "metadata": "{not json"}, UNREADABLE),
    ({"message": "hi", "metadata": "[1, 2]"}, UNREADABLE),
    ({"message": "hi", "metadata": 7}, UNREADABLE),
])
def test_socket_events_rasa_could_not_read_are_recognised(data, problem):
    assert channels._unreadable_socket_data(data, "metadata") == problem


@pytest.mark.parametrize("data, lang", [
    ({"metadata": {"language": "fr-CA"}}, "fr"),
    ({"metadata": '{"language": "en"}'}, "en"),
    ({"metadata": "{broken"}, None),
    ("text", None),
])
def test_the_language_of_an_unreadable_event_when_it_says(data, lang):
    assert channels._metadata_language(data, "metadata") == lang


class FakeRequest:
    def __init__(self, origin=None, app=None, path="/webhooks/rest/webhook"):
        self.headers = {"origin": origin} if origin else {}
        self.app = app
        self.path = path


def test_requests_without_an_origin_are_not_browser_pages():
    assert channels.origin_allowed(FakeRequest())
    assert channels.origin_allowed(None)


def test_an_origin_is_refused_when_the_cors_settings_cannot_be_read():
    assert not channels.origin_allowed(FakeRequest("https://evil.example", app=object()))


def test_the_channels_keep_rasas_names_and_urls():
    assert channels.GuardedRestInput.name() == "rest"
    assert channels.GuardedSocketIOInput.name() == "socketio"
    assert channels.GuardedRestInput.kept_metadata_keys == ("language",)


class Peer:
    def __init__(self, client_ip):
        self.client_ip = client_ip


class PeerRequest(FakeRequest):
    def __init__(self, peer, headers=None):
        super().__init__()
        self.headers = dict(headers or {})
        self.conn_info = Peer(peer)
        self.ip = peer


@pytest.mark.parametrize("peer, headers, local", [
    ("127.0.0.1", {}, True),
    ("::1", {}, True),
    ("127.0.0.1", {"x-forwarded-for": "203.0.113.9"}, False),  # through a proxy
    ("127.0.0.1", {"forwarded": "for=203.0.113.9"}, False),
    ("127.0.0.1", {"x-real-ip": "203.0.113.9"}, False),
    ("127.0.0.7", {}, False),
    ("203.0.113.9", {}, False),
])
def test_only_requests_from_the_machine_itself_count_as_local(peer, headers, local):
    assert channels.is_local_request(PeerRequest(peer, headers)) is local


def test_the_local_convenience_can_be_turned_off(monkeypatch):
    monkeypatch.setenv("LOCAL_REST_ADDRESSES", "")
    assert not channels.is_local_request(PeerRequest("127.0.0.1"))


class BodyRequest:
    def __init__(self, body: bytes):
        self.body = body

        class Ctx:
            pass

        self.ctx = Ctx()


@pytest.mark.parametrize("body", [b"[" * 100_000 + b"]" * 100_000,
                                  b'{"a":' * 50_000 + b"1" + b"}" * 50_000])
def test_deeply_nested_json_is_unreadable_not_an_error(body):
    assert channels.GuardedRestInput._payload(BodyRequest(body)) is None

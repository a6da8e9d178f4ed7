""""Was this helpful?": which answers ask, what is accepted, what is stored
(assistant/feedback.py), the HTTP handler and the socket.io marker
(privacy/channels.py). Both languages."""

import asyncio
import json
import stat
from datetime import date
from types import SimpleNamespace

import pytest

from assistant import answers, feedback
from assistant.catalog import Catalog
from privacy.channels import FeedbackSocketIOOutput, feedback_handler
from privacy.limits import RateLimiter

CATALOG = Catalog()


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_topic_answers_name_their_topic_and_greetings_do_not(lang):
    assert answers.answer(CATALOG, lang, "consent_biometrics").topic == "consent_biometrics"
    assert answers.complaint_steps(CATALOG, lang).topic == "complaint_how"
    for key in ("greet", "thank", "capabilities", "goodbye", "out_of_scope"):
        assert answers.answer(CATALOG, lang, key).topic is None
    assert answers.fallback(CATALOG, lang).topic is None
    assert answers.question(CATALOG, lang, "province").topic is None


def test_topics_are_the_answers_with_a_topic_label():
    found = feedback.topics(CATALOG)
    assert {"consent_biometrics", "clearview_am_i_in", "complaint_how"} <= found
    assert not {"greet", "capabilities", "find_office", "inform_location"} & found


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_valid_feedback_is_accepted_in_both_languages(lang):
    given = feedback.checked(CATALOG, {"topic": "withdraw_consent", "language": lang, "helpful": False}, "socketio")
    assert given == feedback.Feedback("withdraw_consent", lang, False, "socketio")


@pytest.mark.parametrize("data, reason", [
    ({"topic": "greet", "language": "en", "helpful": True}, "unknown topic"),
    ({"topic": "no_such_answer", "language": "fr", "helpful": True}, "unknown topic"),
    ({"topic": "Peut-on utiliser mon visage?", "language": "fr", "helpful": True}, "unknown topic"),
    ({"topic": ["consent_biometrics"], "language": "en", "helpful": True}, "unknown topic"),
    ({"topic": "consent_biometrics", "language": "de", "helpful": True}, "unknown language"),
    ({"topic": "consent_biometrics", "language": None, "helpful": True}, "unknown language"),
    ({"topic": "consent_biometrics", "language": "en", "helpful": "yes"}, "helpful must be"),
    ({"topic": "consent_biometrics", "language": "fr"}, "helpful must be"),
    (["consent_biometrics", "en", True], "JSON object"),
])
def test_unknown_topics_languages_and_shapes_are_refused(data, reason):
    with pytest.raises(feedback.Refused, match=reason):
        feedback.checked(CATALOG, data, "socketio")


def test_the_store_keeps_only_topic_language_answer_channel_and_day(tmp_path):
    store = feedback.Store(tmp_path / "var" / "feedback.db")
    store.add(feedback.Feedback("consent_biometrics", "en", True, "socketio"), day=date(2026, 11, 30))
    store.add(feedback.Feedback("consent_biometrics", "fr", False, "telegram"), day=date(2026, 11, 30))
    assert store.rows() == [("2026-11-30", "consent_biometrics", "en", "socketio", 1),
                            ("2026-11-30", "consent_biometrics", "fr", "telegram", 0)]
    assert stat.S_IMODE(store.path.stat().st_mode) == 0o600


def test_summary_counts_per_topic_language_and_week():
    rows = [("2026-11-30", "consent_biometrics", "en", "socketio", 1),
            ("2026-11-30", "consent_biometrics", "en", "socketio", 0),
            ("2026-12-02", "consent_biometrics", "fr", "socketio", 0),
            ("2026-11-24", "complaint_how", "fr", "socketio", 1),
            ("2025-01-01", "complaint_how", "fr", "socketio", 0)]  # before the period
    summary = feedback.summarize(rows, weeks=4, today=date(2026, 12, 3))
    assert summary.by_topic[("consent_biometrics", "en")] == feedback.Count(1, 1)
    assert summary.by_topic[("consent_biometrics", "en")].not_helpful_rate == 0.5
    assert summary.by_topic[("consent_biometrics", "fr")] == feedback.Count(0, 1)
    assert summary.by_topic[("complaint_how", "fr")] == feedback.Count(1, 0)
    assert list(summary.by_week) == ["2026-11-09", "2026-11-16", "2026-11-23", "2026-11-30"]
    assert summary.by_week["2026-11-30"]["en"] == feedback.Count(1, 1)
    assert summary.by_week["2026-11-30"]["fr"] == feedback.Count(0, 1)
    assert summary.by_week["2026-11-23"]["fr"] == feedback.Count(1, 0)


def post(handler, body, address="203.0.113.7"):
    request = SimpleNamespace(body=body if isinstance(body, bytes) else json.dumps(body).encode(),
                              headers={}, conn_info=SimpleNamespace(client_ip=address), ip=address)
    return asyncio.run(handler(request))


def test_the_endpoint_stores_valid_feedback_and_refuses_the_rest_with_4xx(tmp_path):
    store = feedback.Store(tmp_path / "feedback.db")
    handler = feedback_handler(store, CATALOG, limiter=RateLimiter(6, 60.0))
    assert post(handler, {"topic": "consent_biometrics", "language": "en", "helpful": True}).status == 204
    assert post(handler, {"topic": "consent_biometrics", "language": "fr", "helpful": False}).status == 204
    assert post(handler, b"not json").status == 400
    assert post(handler, b"\xff\xfe").status == 400
    refused = post(handler, {"topic": "greet", "language": "en", "helpful": True})
    assert refused.status == 422 and b"unknown topic" in refused.body
    assert post(handler, {"topic": "consent_biometrics", "language": "es", "helpful": True}).status == 422
    # Six requests a minute from one address here; another address is not held back.
    assert post(handler, {"topic": "consent_biometrics", "language": "en", "helpful": True}).status == 429
    assert post(handler, {"topic": "consent_biometrics", "language": "en", "helpful": True},
                address="198.51.100.2").status == 204
    assert [row[1:] for row in store.rows()] == [("consent_biometrics", "en", "socketio", 1),
                                                 ("consent_biometrics", "fr", "socketio", 0),
                                                 ("consent_biometrics", "en", "socketio", 1)]


class FakeSio:
    def __init__(self):
        self.sent = []

    async def emit(self, event, data, room=None):
        self.sent.append(data)


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_widget_channel_marks_the_last_part_of_a_topic_answer(lang):
    sio = FakeSio()
    output = FeedbackSocketIOOutput(sio, "bot_uttered")
    buttons = [{"title": "?", "payload": "/capabilities"}]
    asyncio.run(output.send_text_with_buttons("room", "First.\n\nSecond.", buttons,
                                              language=lang, feedback_topic="consent_biometrics"))
    asyncio.run(output.send_text_message("room", "An office card.", language=lang))
    asyncio.run(output.send_text_message("room", "One.\n\nTwo.", language=lang, feedback_topic="public_info"))
    assert [m.get("feedback") for m in sio.sent] == [
        None, {"topic": "consent_biometrics", "language": lang}, None,
        None, {"topic": "public_info", "language": lang}]

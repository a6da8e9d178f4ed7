"""What the server says about itself, started as production starts it
(scripts/run.sh, through resilience/): no version banner, no header sent
literally as "None", and JSON nested too deep read as an unreadable message."""

import json
import urllib.request


def fetch(url, method="GET", body=None, headers=None):
    request = urllib.request.Request(url, data=body, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def test_the_root_page_announces_no_version(channel_stack):
    status, headers, body = fetch(channel_stack.stack.rasa_url + "/")
    assert status == 200
    assert b"3.6" not in body and b"Rasa" not in body
    assert "3.6" not in " ".join(headers.values())


def test_a_preflight_does_not_send_max_age_none(channel_stack):
    status, headers, _ = fetch(channel_stack.stack.rasa_url + "/webhooks/rest/webhook", method="OPTIONS",
                               headers={"Origin": "http://localhost:8080",
                                        "Access-Control-Request-Method": "POST"})
    assert status in (200, 204)
    assert {k.lower(): v for k, v in headers.items()}.get("access-control-max-age") != "None"


def test_json_nested_too_deep_gets_the_plain_reply(channel_stack):
    status, headers, body = fetch(channel_stack.stack.rasa_url + "/webhooks/rest/webhook", method="POST",
                                  body=b"[" * 100_000 + b"]" * 100_000,
                                  headers={"Content-Type": "application/json"})
    assert status == 200
    assert "plain text" in json.dumps(json.loads(body))

"""The model file served to Rasa's model-server pull (resilience/model_server.py):
a strong ETag, 304 for a matching If-None-Match, a new ETag for a new file."""

import os
import threading
import urllib.error
import urllib.request

import pytest

from resilience import model_server


@pytest.fixture
def served(tmp_path):
    model = tmp_path / "assistant.tar.gz"
    model.write_bytes(b"first model")
    server = model_server.make_server(model, 0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield model, f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def get(url, etag=None, method="GET"):
    request = urllib.request.Request(url, method=method, headers={"If-None-Match": etag} if etag else {})
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def test_the_model_with_a_strong_etag_and_its_file_name(served):
    model, url = served
    status, headers, body = get(url + "/model")
    assert (status, body) == (200, b"first model")
    assert headers["ETag"].startswith('"') and not headers["ETag"].startswith("W/")
    assert headers["filename"] == "assistant.tar.gz"
    assert headers["Content-Length"] == str(len(b"first model"))


def test_304_while_the_etag_matches(served):
    _, url = served
    etag = get(url + "/model")[1]["ETag"]
    status, headers, body = get(url + "/model", etag)
    assert (status, body, headers["ETag"]) == (304, b"", etag)
    assert get(url + "/model", f'"other", {etag}')[0] == 304
    assert get(url + "/model", '"other"')[0] == 200


def test_a_replaced_model_has_a_new_etag_even_with_the_same_bytes(served):
    """A copy of the same model is a new version too (tests swap models that way)."""
    model, url = served
    etag = get(url + "/model")[1]["ETag"]
    replacement = model.with_name("new.tar.gz")
    replacement.write_bytes(b"second model")
    os.replace(replacement, model)
    status, headers, body = get(url + "/model", etag)
    assert (status, body) == (200, b"second model")
    assert headers["ETag"] != etag
    assert get(url + "/model", headers["ETag"])[0] == 304
    copy = model.with_name("copy.tar.gz")
    copy.write_bytes(b"second model")
    os.replace(copy, model)
    assert get(url + "/model", headers["ETag"])[0] == 200


def test_head_no_model_and_unknown_paths(served):
    model, url = served
    status, headers, body = get(url + "/model", method="HEAD")
    assert (status, body) == (200, b"") and headers["ETag"]
    assert get(url + "/other")[0] == 404
    model.unlink()
    assert get(url + "/model")[0] == 404  # not trained yet: Rasa asks again later


def test_loopback_only(tmp_path):
    with pytest.raises(ValueError, match="loopback"):
        model_server.make_server(tmp_path / "m.tar.gz", 0, host="0.0.0.0")
    assert not model_server._loopback("192.0.2.1")
    assert model_server._loopback("::1") and model_server._loopback("127.0.0.1")


def test_if_none_match_forms():
    assert model_server.matches("*", '"a"')
    assert model_server.matches('W/"a"', '"a"')
    assert not model_server.matches(None, '"a"')
    assert not model_server.matches('"b"', '"a"')

"""The Rasa server fixes of nlu/speedups.py: same results, less work."""

import jsonschema
import pytest
from rasa.core.actions.action import RemoteAction

import nlu  # noqa: F401 - installs the fixes, as loading the model does
from nlu import speedups

VALID = {
    "events": [{"event": "slot", "timestamp": None, "name": "language", "value": "fr"}],
    "responses": [{"text": "Bonjour!", "buttons": [], "language": "fr"}],
}


def test_loading_the_nlu_package_installs_the_fixes():
    assert speedups.installed()


def test_a_valid_reply_is_accepted_without_rechecking_the_schema(monkeypatch):
    action = RemoteAction("action_answer", None)
    assert action._validate_action_result(VALID) is True
    validator = speedups._validators[RemoteAction]

    def no_one_shot_validation(*args, **kwargs):
        raise AssertionError("the schema was checked again")

    monkeypatch.setattr(jsonschema, "validate", no_one_shot_validation)
    monkeypatch.setattr(type(validator), "check_schema", no_one_shot_validation)
    for _ in range(3):
        assert action._validate_action_result(VALID) is True
    assert speedups._validators[RemoteAction] is validator


@pytest.mark.parametrize("reply", [
    {"events": [{"event": "no_such_event"}], "responses": []},
    {"events": "not a list", "responses": []},
    {"events": [], "responses": ["not an object"]},
])
def test_an_invalid_reply_fails_with_rasas_own_error(reply):
    with pytest.raises(jsonschema.ValidationError) as error:
        RemoteAction("action_answer", None)._validate_action_result(reply)
    assert "Failed to validate Action server response" in error.value.message

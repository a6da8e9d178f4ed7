"""The Rasa server speedups of rasa_patches: same results, less work; and the
version check every patch makes."""

import jsonschema
import pytest
from rasa.core.actions.action import RemoteAction

import nlu  # noqa: F401 - installs the fixes, as loading the model does
import rasa_patches

VALID = {
    "events": [{"event": "slot", "timestamp": None, "name": "language", "value": "fr"}],
    "responses": [{"text": "Bonjour!", "buttons": [], "language": "fr"}],
}


def test_loading_the_nlu_package_installs_the_fixes():
    assert rasa_patches.speedups_installed()


def test_a_valid_reply_is_accepted_without_rechecking_the_schema(monkeypatch):
    action = RemoteAction("action_answer", None)
    assert action._validate_action_result(VALID) is True
    validator = rasa_patches._validators[RemoteAction]

    def no_one_shot_validation(*args, **kwargs):
        raise AssertionError("the schema was checked again")

    monkeypatch.setattr(jsonschema, "validate", no_one_shot_validation)
    monkeypatch.setattr(type(validator), "check_schema", no_one_shot_validation)
    for _ in range(3):
        assert action._validate_action_result(VALID) is True
    assert rasa_patches._validators[RemoteAction] is validator


@pytest.mark.parametrize("reply", [
    {"events": [{"event": "no_such_event"}], "responses": []},
    {"events": "not a list", "responses": []},
    {"events": [], "responses": ["not an object"]},
])
def test_an_invalid_reply_fails_with_rasas_own_error(reply):
    with pytest.raises(jsonschema.ValidationError) as error:
        RemoteAction("action_answer", None)._validate_action_result(reply)
    assert "Failed to validate Action server response" in error.value.message


def test_every_patch_refuses_another_rasa_version(monkeypatch):
    import rasa

    rasa_patches.written_for(rasa.__version__, "a patch")  # the pinned Rasa: nothing said
    monkeypatch.setattr(rasa, "__version__", "3.7.0")
    for install in (rasa_patches.install_speedups, rasa_patches.install_safeguards,
                    lambda: rasa_patches.replace_socketio_handlers(None, "/", {})):
        with pytest.raises(rasa_patches.RasaVersionError) as error:
            install()
        assert "3.6.21" in str(error.value) and "3.7.0" in str(error.value)

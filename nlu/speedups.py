"""Fixes for per-turn waste inside the Rasa server (docs/BENCHMARKS.md).

They live in this package because Rasa imports it with the model in every
process that serves the assistant, however it is started (make run, tests,
containers); nlu/__init__.py installs them. Each one changes no result, only
how long it takes.

The action server's replies are checked with a schema validator built once.
Rasa 3.6 checks every reply of the action server against its JSON schema
with `jsonschema.validate()`, which first validates the (large) schema itself
against the JSON Schema meta-schema: about 50 ms of CPU on each turn that
calls a custom action, and every turn of this assistant does. The schema
never changes, so the validator is built once per action class. Valid replies
are accepted exactly as before; an invalid one is passed to Rasa's own check,
so it fails with the same error and message.
"""

from typing import Any, Dict

from jsonschema import validators
from rasa.core.actions.action import RemoteAction

_validators: Dict[type, Any] = {}
_rasa_validate = RemoteAction._validate_action_result


def _validator(action: RemoteAction) -> Any:
    cls = type(action)
    if cls not in _validators:
        schema = action.action_response_format_spec()
        validator_class = validators.validator_for(schema)
        validator_class.check_schema(schema)
        _validators[cls] = validator_class(schema)
    return _validators[cls]


def validate_action_result(self: RemoteAction, result: Dict[str, Any]) -> bool:
    if _validator(self).is_valid(result):
        return True
    return _rasa_validate(self, result)  # raises Rasa's ValidationError


def install() -> None:
    RemoteAction._validate_action_result = validate_action_result


def installed() -> bool:
    return RemoteAction._validate_action_result is validate_action_result


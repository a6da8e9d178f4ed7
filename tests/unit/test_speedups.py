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


# ----- the prediction graph runner ------------------------------------------------

class _Step:
    """A graph component that records its calls: `combine` returns its own
    label followed by what it was given."""

    calls: list = []

    def __init__(self, config):
        self.label = config["label"]

    @classmethod
    def create(cls, config, model_storage, resource, execution_context):
        return cls(config)

    def combine(self, **given):
        _Step.calls.append(self.label)
        if self.label == "broken":
            raise RuntimeError("a component failed")
        return [self.label] + [given[name] for name in sorted(given)]


def _runner(runner_class, tmp_path, nodes):
    from rasa.engine.graph import ExecutionContext, GraphComponent, GraphSchema, SchemaNode
    from rasa.engine.storage.local_model_storage import LocalModelStorage

    component = type("Step", (_Step, GraphComponent), {})
    schema = GraphSchema({
        name: SchemaNode(needs=needs, uses=component, constructor_name="create", fn="combine",
                         config={"label": name}, is_target=name in ("top", "side"))
        for name, needs in nodes.items()})
    return runner_class(schema, LocalModelStorage(tmp_path), ExecutionContext(schema, "model"))


# A diamond (top needs left and right, both need bottom, which needs the
# message input) and a node no target needs.
DIAMOND = {
    "bottom": {"message": "__message__"},
    "left": {"below": "bottom"},
    "right": {"below": "bottom"},
    "top": {"a": "left", "b": "right"},
    "unused": {"below": "bottom"},
}


@pytest.mark.parametrize("targets", [None, ["top"], ["left", "right"], ["__message__", "top"]])
def test_the_sequential_runner_gives_what_dask_gives(tmp_path, targets):
    from rasa.engine.runner.dask import DaskGraphRunner

    import rasa_patches

    sequential = rasa_patches.sequential_graph_runner()
    assert sequential is not DaskGraphRunner
    results = []
    for runner_class in (DaskGraphRunner, sequential):
        _Step.calls = []
        runner = _runner(runner_class, tmp_path, DIAMOND)
        results.append((runner.run(inputs={"__message__": "Bonjour"}, targets=targets),
                        sorted(_Step.calls)))
    assert results[0] == results[1]
    outputs, calls = results[1]
    assert "unused" not in calls and len(calls) == len(set(calls))  # each node once
    if targets == ["top"]:
        assert outputs == {"top": ["top", ["left", ["bottom", "Bonjour"]],
                                   ["right", ["bottom", "Bonjour"]]]}


def test_the_sequential_runner_fails_as_dask_does(tmp_path):
    from rasa.engine.exceptions import GraphComponentException, GraphRunError
    from rasa.engine.runner.dask import DaskGraphRunner

    import rasa_patches

    broken = {"bottom": {"message": "__message__"}, "broken": {"below": "bottom"},
              "top": {"below": "broken"}}
    clashing = {"bottom": {"message": "__message__"}, "top": {"below": "bottom"}}
    for runner_class in (DaskGraphRunner, rasa_patches.sequential_graph_runner()):
        with pytest.raises(GraphComponentException, match="broken"):
            _runner(runner_class, tmp_path, broken).run(inputs={"__message__": "Hi"})
        with pytest.raises(GraphRunError, match="clashes with a node name"):
            _runner(runner_class, tmp_path, clashing).run(inputs={"__message__": "bottom"})
        # An input nobody gave: the node is told what is missing.
        with pytest.raises(GraphRunError, match="Missing input"):
            _runner(runner_class, tmp_path, clashing).run(inputs={})


def test_the_server_loads_its_models_with_the_sequential_runner():
    from rasa.core import processor

    import rasa_patches

    assert processor.DaskGraphRunner is rasa_patches.sequential_graph_runner()

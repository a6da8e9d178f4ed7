"""Every change this project makes to Rasa's own code, in one place.

Rasa Open Source 3.6 offers no hook for what these do, so each one replaces
or wraps a piece of Rasa's internals. Each was written against the pinned
Rasa (requirements.txt, the rasa/rasa image) and checks, before it changes
anything, that this is the Rasa it was written for: on another version it
stops with `RasaVersionError`, naming the patch to review, instead of
silently patching code that may have changed.

  speedups   (install_speedups; installed by nlu/__init__.py, which Rasa imports
             with the model in every process that serves the assistant)
    RemoteAction._validate_action_result: the validator of the action
    server's replies is built once; Rasa validates its large JSON schema
    on every turn (about 50 ms of CPU each).

  safeguards (install_safeguards; installed by the launcher, python -m resilience;
             the replacements themselves are in resilience/rasa_hooks.py)
    RemoteAction (also forms.RemoteAction) -> ResilientRemoteAction: a timeout,
        and the trouble reply when the action server fails;
    Agent.handle_message -> guarded_handle_message: clean text, retried
        messages, a reply for every turn;
    Agent._create_tracker_store -> a store that fails loudly instead of
        silently switching to an empty in-memory one;
    tracker_store.create_engine_kwargs: pool_pre_ping and a connect timeout;
    run.configure_app: /health/ready, the retried message's id, no version
        banners;
    agent._load_and_set_updated_model: a model pulled from MODEL_SERVER_URL
        is announced at INFO.

  socket.io handlers (replace_socketio_handlers; used by the website's
             channel, privacy/channels.py)
    SocketIOInput's connect, disconnect, session_request and message
    handlers: origins checked, ids issued by the server, and the room joined
    with an awaited enter_room (Rasa 3.6 does not await it, so with
    python-socketio >= 5.10 the widget never receives a reply: rasa#13027).
"""

from functools import lru_cache
from typing import Any, Callable, Dict, List, Optional, Tuple

import rasa

# The Rasa these patches were written and tested for.
RASA_VERSION = "3.6.21"


class RasaVersionError(RuntimeError):
    pass


def written_for(version: str, patch: str) -> None:
    """Stops, naming the patch, unless this is the Rasa it was written for."""
    if rasa.__version__ != version:
        raise RasaVersionError(
            f"{patch} patches Rasa {version}'s internals, but Rasa {rasa.__version__} is installed: "
            f"review the patch against this version (rasa_patches/__init__.py), then update its version")


# ----- speedups ------------------------------------------------------------------

_validators: Dict[type, Any] = {}


def _validator(action: Any) -> Any:
    from jsonschema import validators

    cls = type(action)
    if cls not in _validators:
        schema = action.action_response_format_spec()
        validator_class = validators.validator_for(schema)
        validator_class.check_schema(schema)
        _validators[cls] = validator_class(schema)
    return _validators[cls]


# Rasa's own functions that a patch still calls, kept when it is installed.
_RASA_ORIGINALS: Dict[str, Any] = {}


def validate_action_result(self: Any, result: Dict[str, Any]) -> bool:
    """Valid replies are accepted exactly as before; an invalid one goes to
    Rasa's own check, so it fails with the same error and message."""
    if _validator(self).is_valid(result):
        return True
    return _RASA_ORIGINALS["validate_action_result"](self, result)  # raises Rasa's ValidationError


@lru_cache(maxsize=1)
def sequential_graph_runner() -> type:
    """A subclass of Rasa's DaskGraphRunner whose `run` calls the graph's
    nodes one after another, in dependency order, in the calling thread.

    Rasa runs a message's graphs (NLU: tokenizer, featurizers, classifier;
    then the policies) through `dask.get`, dask's synchronous scheduler: it
    also runs one node at a time in the calling thread, but orders and
    bookkeeps the graph anew on every call, about a sixth of the Rasa
    server's time in a turn (py-spy, docs/BENCHMARKS.md). Same nodes, same
    inputs, same outputs ({target: (node name, output)}), and the same
    errors: what a node raises is raised, a RuntimeError as GraphRunError."""
    from rasa.engine.exceptions import GraphRunError
    from rasa.engine.runner.dask import DaskGraphRunner

    class SequentialGraphRunner(DaskGraphRunner):
        def _nodes_for(self, targets: Tuple[str, ...]) -> Dict[str, Any]:
            """The nodes `targets` depend on, worked out once per set of
            targets (the schema does not change once the model is loaded)."""
            cache = self.__dict__.setdefault("_minimal_nodes", {})
            if targets not in cache:
                cache[targets] = self._graph_schema.minimal_graph_schema(list(targets)).nodes
            return cache[targets]

        def run(self, inputs: Optional[Dict[str, Any]] = None,
                targets: Optional[List[str]] = None) -> Dict[str, Any]:
            run_targets = targets if targets else self._graph_schema.target_names
            nodes = self._nodes_for(tuple(run_targets))
            # Each input is passed to the nodes that need it as (name, value),
            # as GraphNode does with its own outputs.
            done: Dict[str, Any] = {}
            for name, value in (inputs or {}).items():
                if isinstance(value, str) and value in nodes:
                    raise GraphRunError(
                        f"Input value '{value}' clashes with a node name. Make sure that none "
                        f"of the input names passed to the `run` method are the same as node "
                        f"names in the graph schema.")
                done[name] = (name, value)

            def result(name: str) -> Any:
                if name not in done:
                    if name not in nodes:
                        return name  # dask passes an unknown name on as it is
                    needs = nodes[name].needs.values()
                    done[name] = self._instantiated_nodes[name](*(result(need) for need in needs))
                return done[name]

            try:
                return dict(result(target) for target in run_targets)
            except RuntimeError as error:
                raise GraphRunError("Error running runner.") from error

    return SequentialGraphRunner


def install_speedups() -> None:
    written_for("3.6.21", "the action-reply validator (RemoteAction._validate_action_result) "
                          "and the prediction graph runner (rasa.core.processor.DaskGraphRunner)")
    from rasa.core import processor
    from rasa.core.actions.action import RemoteAction

    _RASA_ORIGINALS.setdefault("validate_action_result", RemoteAction._validate_action_result)
    RemoteAction._validate_action_result = validate_action_result
    # The runner of the models the server loads (processor._load_model);
    # training keeps dask. Installed before the first model is loaded when the
    # launcher starts the server, so every model a server loads uses it.
    processor.DaskGraphRunner = sequential_graph_runner()


def speedups_installed() -> bool:
    from rasa.core import processor
    from rasa.core.actions.action import RemoteAction

    return (RemoteAction._validate_action_result is validate_action_result
            and processor.DaskGraphRunner is sequential_graph_runner())


# ----- safeguards ----------------------------------------------------------------

_safeguards_installed = False


def install_safeguards() -> None:
    """Apply the safeguards of resilience/; call before Rasa builds its server."""
    global _safeguards_installed
    if _safeguards_installed:
        return
    written_for("3.6.21", "the safeguards (RemoteAction, Agent.handle_message, the tracker store, "
                          "create_engine_kwargs, configure_app, _load_and_set_updated_model)")
    from rasa.core import agent, run, tracker_store
    from rasa.core.actions import action as rasa_action
    from rasa.core.actions import forms

    from resilience import rasa_hooks

    rasa_action.RemoteAction = rasa_hooks.ResilientRemoteAction
    forms.RemoteAction = rasa_hooks.ResilientRemoteAction
    agent.Agent.handle_message = rasa_hooks.guarded_handle_message
    agent.Agent._create_tracker_store = staticmethod(rasa_hooks.fail_loudly_tracker_store)

    original_engine_kwargs = tracker_store.create_engine_kwargs

    def engine_kwargs(url):
        return rasa_hooks.engine_kwargs(original_engine_kwargs(url), url)

    tracker_store.create_engine_kwargs = engine_kwargs

    original_configure_app = run.configure_app

    def configure_app(*args, **kwargs):
        app = original_configure_app(*args, **kwargs)
        rasa_hooks.add_routes_and_checks(app)
        return app

    run.configure_app = configure_app
    agent._load_and_set_updated_model = rasa_hooks.announce_pulled_model(agent._load_and_set_updated_model)
    _safeguards_installed = True


def install() -> None:
    """Every patch of a Rasa server process."""
    install_speedups()
    install_safeguards()


# ----- socket.io handlers --------------------------------------------------------

SOCKETIO_HANDLERS = ("connect", "disconnect", "session_request")


def replace_socketio_handlers(sio: Any, namespace: str, handlers: Dict[str, Callable]) -> None:
    """Puts `handlers` in place of those Rasa's SocketIOInput.blueprint
    registered on `sio` for `namespace` (python-socketio's handler table)."""
    written_for("3.6.21", "the socket.io channel's handlers (SocketIOInput.blueprint)")
    registered = sio.handlers[namespace]
    missing = sorted(set(handlers) - set(registered) - {"disconnect"})
    if missing:
        raise RasaVersionError(f"Rasa's socket.io channel no longer registers {', '.join(missing)}: "
                               f"review rasa_patches/__init__.py")
    registered.update(handlers)


def use_socketio_output(output_class: type) -> None:
    """Makes Rasa's socket.io channel reply through `output_class` (a
    SocketIOOutput subclass): its handler builds the output from the module's
    own name, rasa.core.channels.socketio.SocketIOOutput."""
    written_for("3.6.21", "the socket.io channel's output (SocketIOOutput, looked up by name)")
    import rasa.core.channels.socketio as rasa_socketio

    if not hasattr(rasa_socketio, "SocketIOOutput"):
        raise RasaVersionError("rasa.core.channels.socketio has no SocketIOOutput: review rasa_patches/__init__.py")
    rasa_socketio.SocketIOOutput = output_class  # type: ignore[misc]

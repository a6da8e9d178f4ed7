"""The deployment files (deploy/), checked offline: the Kubernetes manifests
against the Kubernetes 1.28 JSON schemas (bundled by kubernetes-validate),
and every file against the settings the assistant actually reads."""

import ast
import re
import socket
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from kubernetes_validate import utils as k8s

from assistant import settings

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
K8S_VERSION = "1.28.0"
KEY = "0123456789abcdef" * 4  # a PSEUDONYM_KEY the settings accept


def manifests():
    for path in sorted((DEPLOY / "k8s").glob("*.yaml")):
        for document in yaml.safe_load_all(path.read_text()):
            if document:
                yield path.name, document


def by_kind(kind):
    return {doc["metadata"]["name"]: doc for _, doc in manifests() if doc["kind"] == kind}


def endpoint_variables():
    lines = (DEPLOY / "endpoints.cluster.yml").read_text().splitlines()
    found = set(re.findall(r"\$\{(\w+)\}", "\n".join(line for line in lines if not line.lstrip().startswith("#"))))
    assert {"DB_HOST", "DB_PASSWORD", "REDIS_HOST", "ACTION_SERVER_URL"} <= found
    return found


@pytest.mark.parametrize("name, document", list(manifests()),
                         ids=lambda v: v if isinstance(v, str) else f"{v['kind']}/{v['metadata']['name']}")
def test_manifest_matches_the_kubernetes_schema(name, document, monkeypatch):
    def no_network(*args, **kwargs):
        raise OSError("the schema check must work offline")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    # strict: an unknown or misspelt field is an error too
    assert k8s.validate(document, K8S_VERSION, strict=True) == "1.28"


def test_the_schema_check_catches_mistakes():
    deployment = dict(by_kind("Deployment")["rasa"])
    broken = yaml.safe_load(yaml.safe_dump(deployment))
    broken["spec"]["template"]["spec"]["containers"][0]["readinessProbe"]["httpGet"]["port"] = [5005]
    with pytest.raises(k8s.ValidationError):
        k8s.validate(broken, K8S_VERSION, strict=True)
    broken = yaml.safe_load(yaml.safe_dump(deployment))
    broken["spec"]["replica"] = 2
    with pytest.raises(k8s.ValidationError):
        k8s.validate(broken, K8S_VERSION, strict=True)


def test_cluster_has_the_pieces_a_deployment_needs():
    kinds = {(doc["kind"], doc["metadata"]["name"]) for _, doc in manifests()}
    for needed in [("Deployment", "rasa"), ("Deployment", "actions"), ("Service", "rasa"),
                   ("Service", "actions"), ("Ingress", "assistant"), ("ConfigMap", "assistant-config"),
                   ("Secret", "assistant-secrets"), ("StatefulSet", "postgres"), ("Deployment", "redis")]:
        assert needed in kinds


def test_every_container_has_readiness_and_liveness_probes():
    for kind in ("Deployment", "StatefulSet"):
        for name, doc in by_kind(kind).items():
            for container in doc["spec"]["template"]["spec"]["containers"]:
                assert "readinessProbe" in container and "livenessProbe" in container, name


def test_rasa_replicas_are_ready_only_once_the_model_is_loaded():
    (rasa,) = by_kind("Deployment")["rasa"]["spec"]["template"]["spec"]["containers"]
    assert by_kind("Deployment")["rasa"]["spec"]["replicas"] >= 2
    assert rasa["readinessProbe"]["httpGet"]["path"] == "/health/ready"
    assert rasa["startupProbe"]["periodSeconds"] * rasa["startupProbe"]["failureThreshold"] >= 180


def test_socketio_clients_stick_to_one_replica():
    ingress = by_kind("Ingress")["assistant"]
    assert ingress["metadata"]["annotations"]["nginx.ingress.kubernetes.io/affinity"] == "cookie"
    paths = {p["path"] for rule in ingress["spec"]["rules"] for p in rule["http"]["paths"]}
    assert {"/webhooks", "/socket.io"} <= paths
    assert by_kind("Service")["rasa"]["spec"]["sessionAffinity"] == "ClientIP"


def test_kubernetes_sets_every_variable_the_endpoints_read():
    provided = set(by_kind("ConfigMap")["assistant-config"]["data"]) | \
        set(by_kind("Secret")["assistant-secrets"]["stringData"])
    assert endpoint_variables() - provided == set()
    assert "PSEUDONYM_KEY" in provided  # the same pseudonyms on every replica


def test_compose_sets_every_variable_the_endpoints_read():
    compose = yaml.safe_load((DEPLOY / "docker-compose.yml").read_text())
    services = compose["services"]
    assert endpoint_variables() - set(services["rasa"]["environment"]) == set()
    for service in services.values():
        for dependency in service.get("depends_on", {}):
            assert dependency in services
    assert services["rasa"]["deploy"]["replicas"] >= 2


def test_local_cluster_sets_every_variable_the_endpoints_read(monkeypatch, tmp_path):
    from deploy.local.cluster import ClusterConfig, LocalCluster

    monkeypatch.setenv("PSEUDONYM_KEY", KEY)
    monkeypatch.delenv("MODEL_SERVER_URL", raising=False)
    config = ClusterConfig.from_env({"CLUSTER_DIR": str(tmp_path)})
    env = LocalCluster(config).component_env()
    assert endpoint_variables() - set(env) == set()
    assert env["DB_PORT"] == str(config.db_port) and env["PSEUDONYM_KEY"] == KEY
    # Every replica pulls the model from the cluster's one model server.
    assert env["MODEL_SERVER_URL"] == f"http://127.0.0.1:{config.model_server_port}/model"
    assert config.model_server_port == 5065


def test_images_are_pinned():
    dockerfiles = {path.name: path.read_text() for path in (DEPLOY / "docker").glob("*.Dockerfile")}
    assert re.search(r"^FROM rasa/rasa:3\.6\.21$", dockerfiles["rasa.Dockerfile"], re.M)
    assert re.search(r"^FROM rasa/rasa-sdk:3\.6\.2$", dockerfiles["actions.Dockerfile"], re.M)
    third_party = re.findall(r"image:\s*([\w./-]+:[\w.-]+)", (DEPLOY / "docker-compose.yml").read_text())
    third_party += [c["image"] for kind in ("Deployment", "StatefulSet") for d in by_kind(kind).values()
                    for c in d["spec"]["template"]["spec"]["containers"]]
    for image in third_party:
        assert not image.endswith(":latest") or image.startswith("biometric-assistant-"), image


def test_dockerfiles_copy_files_that_exist():
    for path in (DEPLOY / "docker").glob("*.Dockerfile"):
        for line in path.read_text().splitlines():
            if line.startswith("COPY "):
                sources = [word for word in line.split()[1:-1] if not word.startswith("--")]
                for source in sources:
                    assert (ROOT / source).exists() or source.startswith("models/"), (path.name, source)


def test_entrypoint_is_valid_shell():
    subprocess.run(["sh", "-n", str(DEPLOY / "docker" / "rasa-entrypoint.sh")], check=True)


def test_cluster_mode_limits_each_client_address_at_nginx_and_counts_in_redis(tmp_path):
    from deploy.local.cluster import ClusterConfig, LocalCluster

    config = ClusterConfig.from_env({"CLUSTER_DIR": str(tmp_path / "cluster"), "REDIS_PASSWORD": "p w"})
    cluster = LocalCluster(config)
    rendered = cluster.nginx_conf()
    assert "limit_req_zone $binary_remote_addr zone=residents:10m rate=120r/m;" in rendered
    assert "limit_req zone=residents" in rendered
    env = cluster.component_env()
    assert env["TRUSTED_PROXIES"] == "127.0.0.1"
    assert env["RATE_LIMIT_STORAGE_URL"] == f"redis://:p%20w@127.0.0.1:{config.redis_port}/2"
    off = LocalCluster(ClusterConfig.from_env({"CLUSTER_DIR": str(tmp_path / "c2"),
                                               "PROXY_RATE_LIMIT_PER_MINUTE": "0"}))
    assert "limit_req" not in off.nginx_conf()
    compose = (ROOT / "deploy" / "nginx" / "compose.conf").read_text()
    assert "limit_req zone=residents" in compose


# ----- each image installs what the code it copies imports -----

# The modules each image runs: every file the Rasa image copies is loaded by
# Rasa (channels, NLU component, patches); the action server runs only
# actions.server and the actions it loads, and what they import.
IMAGES = {
    "rasa.Dockerfile": ("rasa", None),
    "actions.Dockerfile": ("rasa-sdk", ["actions"]),
}


def _distribution(name):
    return re.split(r"[\[=<>!~; ]", name.strip(), maxsplit=1)[0].lower().replace("_", "-").replace(".", "-")


def pinned_requirements():
    """requirements.txt as {distribution: version}."""
    pins = {}
    for line in (ROOT / "requirements.txt").read_text().splitlines():
        if "==" in line and not line.startswith((" ", "#")):
            name, version = line.split("==")
            pins[_distribution(name)] = version.strip()
    return pins


def dependency_closure(names):
    """The distributions `names` install, with their dependencies (extras
    left out, markers read for this Python), from the installed metadata."""
    from importlib_metadata import PackageNotFoundError, requires
    from packaging.requirements import Requirement

    seen, todo = set(), [(_distribution(n), set(Requirement(n).extras)) for n in names]
    while todo:
        name, extras = todo.pop()
        if name in seen and not extras:
            continue
        seen.add(name)
        try:
            needed = requires(name) or []
        except PackageNotFoundError:
            continue
        for text in needed:
            requirement = Requirement(text)
            if not requirement.marker or any(requirement.marker.evaluate({"extra": e}) for e in extras or {""}):
                todo.append((_distribution(requirement.name), set(requirement.extras)))
    return seen


def dockerfile_installs(dockerfile):
    """The requirement lines an image installs with pip, and the constraints file used."""
    text = (DEPLOY / "docker" / dockerfile).read_text().replace("\\\n", " ")
    copied = {Path(word).name: word for line in text.splitlines() if line.startswith("COPY ")
              for word in line.split()[1:-1] if not word.startswith("--")}
    installs = [line for line in text.splitlines() if "pip install" in line]
    assert installs, f"{dockerfile} installs nothing"
    lines, requirements, constraints = [], [], []
    for line in installs:
        words = line.split("pip install", 1)[1].split("&&")[0].split()
        for flag, value in zip(words, words[1:] + [""]):
            if flag in ("-r", "-c"):
                source = ROOT / copied[Path(value).name]
                (requirements if flag == "-r" else constraints).append(source)
        lines += [w for i, w in enumerate(words) if not w.startswith("-") and words[i - 1] not in ("-r", "-c")]
    for source in requirements:
        lines += [line.split("#")[0].strip() for line in source.read_text().splitlines() if line.split("#")[0].strip()]
    return lines, constraints


def copied_python_files(dockerfile):
    files = {}
    for line in (DEPLOY / "docker" / dockerfile).read_text().splitlines():
        if line.startswith("COPY "):
            for source in (w for w in line.split()[1:-1] if not w.startswith("--")):
                path = ROOT / source
                for file in ([path] if path.is_file() else path.rglob("*.py")):
                    if file.suffix == ".py":
                        files[".".join(file.relative_to(ROOT).with_suffix("").parts)] = file
    return files


def imported_modules(file):
    """Every module a file imports, at the top or inside a function; Faker's
    person lists are imported by name (importlib.import_module)."""
    found = set()
    for node in ast.walk(ast.parse(file.read_text())):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module)
            found |= {f"{node.module}.{alias.name}" for alias in node.names}
        elif isinstance(node, ast.Call) and getattr(node.func, "attr", None) == "import_module" and node.args:
            argument = node.args[0]
            if isinstance(argument, ast.JoinedStr) and argument.values:
                argument = argument.values[0]
            if isinstance(argument, ast.Constant) and isinstance(argument.value, str):
                found.add(argument.value.strip("."))
    return found


def modules_run(dockerfile, roots):
    """The copied modules an image runs: all of them, or those the roots reach."""
    files = copied_python_files(dockerfile)
    if roots is None:
        return files
    reached, todo = {}, [name for name in files if name.split(".")[0] in roots]
    while todo:
        name = todo.pop()
        if name in reached:
            continue
        reached[name] = files[name]
        for module in imported_modules(files[name]):
            parts = module.split(".")
            todo += [".".join(parts[:i]) for i in range(1, len(parts) + 1) if ".".join(parts[:i]) in files]
            todo += [f"{module}.__init__"] if f"{module}.__init__" in files else []
    return reached


def third_party_imports(files):
    from importlib_metadata import packages_distributions

    first_party = {name.split(".")[0] for name in files} | {p.name for p in ROOT.iterdir() if (p / "__init__.py").exists()}
    distributions = packages_distributions()
    needed = {}
    for name, file in files.items():
        for module in imported_modules(file):
            top = module.split(".")[0]
            if top in first_party:
                assert top in {n.split(".")[0] for n in files}, f"{name} imports {top}, which the image does not copy"
            elif top in distributions:
                for distribution in distributions[top]:
                    needed.setdefault(_distribution(distribution), set()).add(name)
    return needed


@pytest.mark.parametrize("dockerfile", sorted(IMAGES))
def test_each_image_installs_what_its_code_imports(dockerfile):
    base, roots = IMAGES[dockerfile]
    lines, constraints = dockerfile_installs(dockerfile)
    installed = dependency_closure([base] + lines)
    missing = {name: sorted(by) for name, by in third_party_imports(modules_run(dockerfile, roots)).items()
               if name not in installed}
    pins = pinned_requirements()
    assert not missing, f"{dockerfile} does not install: " + ", ".join(
        f"{name}=={pins.get(name)} (imported by {by[0]})" for name, by in sorted(missing.items()))
    # Exact versions of requirements.txt, their dependencies pinned by it too.
    assert constraints == [ROOT / "requirements.txt"], f"{dockerfile}: pip install -c requirements.txt"
    for line in lines:
        name, _, version = line.partition("==")
        expected = pins.get(_distribution(name))
        assert version == expected, f"{dockerfile}: {line}, requirements.txt has {expected}"


def test_the_action_server_does_not_load_sqlalchemy():
    # Its image does not install it: the tracker database is the Rasa server's.
    run = subprocess.run([sys.executable, "-c", "import actions.actions, sys; print('sqlalchemy' in sys.modules)"],
                         cwd=ROOT, capture_output=True, text=True, check=True)
    assert run.stdout.strip() == "False"


def test_the_kubernetes_secret_ships_no_usable_pseudonym_key():
    secret = by_kind("Secret")["assistant-secrets"]
    with pytest.raises(settings.SettingsError, match="^PSEUDONYM_KEY="):
        settings.read({"PSEUDONYM_KEY": secret["stringData"]["PSEUDONYM_KEY"]}, strict=True)
    assert settings.MAKE_A_KEY in (DEPLOY / "k8s" / "secret.yaml").read_text()


def test_the_keys_tests_and_local_clusters_use_are_accepted(tmp_path):
    from deploy.local.cluster import ClusterConfig, LocalCluster

    chat = (ROOT / "tests" / "cluster" / "chat.py").read_text()
    (cluster_key,) = re.findall(r'^PSEUDONYM_KEY = "(.+)"$', chat, re.M)
    made = LocalCluster(ClusterConfig.from_env({"CLUSTER_DIR": str(tmp_path)}))._shared_secret("pseudonym-key")
    # scripts/env.sh makes var/pseudonym.key with this command
    (line,) = [line for line in (ROOT / "scripts" / "env.sh").read_text().splitlines() if "> var/pseudonym.key" in line]
    command = line.split("||", 1)[1].split("> var/pseudonym.key")[0]
    made_by_env_sh = subprocess.run(["bash", "-c", command], capture_output=True, text=True, check=True).stdout
    for key in (cluster_key, made, made_by_env_sh, KEY):
        assert settings.read({"PSEUDONYM_KEY": key}, strict=True).pseudonym_key == key

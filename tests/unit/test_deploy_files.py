"""The deployment files (deploy/), checked offline: the Kubernetes manifests
against the Kubernetes 1.28 JSON schemas (bundled by kubernetes-validate),
and every file against the settings the assistant actually reads."""

import re
import socket
import subprocess
from pathlib import Path

import pytest
import yaml
from kubernetes_validate import utils as k8s

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
K8S_VERSION = "1.28.0"


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

    monkeypatch.setenv("PSEUDONYM_KEY", "test")
    monkeypatch.delenv("MODEL_SERVER_URL", raising=False)
    config = ClusterConfig.from_env({"CLUSTER_DIR": str(tmp_path)})
    env = LocalCluster(config).component_env()
    assert endpoint_variables() - set(env) == set()
    assert env["DB_PORT"] == str(config.db_port) and env["PSEUDONYM_KEY"] == "test"
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

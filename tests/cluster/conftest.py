"""The cluster the reliability tests run against: PostgreSQL, Redis, two
action servers, two Rasa replicas and nginx, on free loopback ports, in a
folder of its own under var/ (PostgreSQL's user must be able to reach it).

`make test-cluster` runs these files in order; each leaves the cluster as
it found it, except the last ones, which crash and restart replicas.
"""

import json
import os
import shutil
from pathlib import Path

import pytest
from chat import PSEUDONYM_KEY
from stack import MODEL, free_port

from deploy.local.cluster import ClusterConfig, LocalCluster

ROOT = Path(__file__).resolve().parents[2]

RESULTS = ROOT / "results" / "cluster"
# Rasa's event loop also runs language understanding, so under the load test
# on this shared 2-core machine an action reply can wait several seconds
# for its turn; the production default (10 s) assumes a replica per core.
ACTION_SERVER_TIMEOUT = 15
# Every replica asks the model server this often (a 304 while the model is the same).
MODEL_PULL_SECONDS = 2


def record(name: str, numbers: dict) -> None:
    """Keeps measured numbers in results/cluster/<name>.json and prints them."""
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / f"{name}.json").write_text(json.dumps(numbers, indent=2) + "\n")
    print(f"\n[{name}] " + json.dumps(numbers))


@pytest.fixture(scope="session")
def cluster():
    if not MODEL.exists():
        pytest.fail(f"{MODEL} is missing: run 'make train' (make test-cluster does it for you)")
    directory = ROOT / "var" / f"test-cluster-{os.getpid()}"
    shutil.rmtree(directory, ignore_errors=True)
    directory.mkdir(parents=True)
    # A copy, so that a test can put a "retrained" model in its place.
    model = directory / MODEL.name
    shutil.copy2(MODEL, model)
    config = ClusterConfig.from_env({
        "CLUSTER_DIR": str(directory),
        "CLUSTER_PORT": str(free_port()),
        "CLUSTER_RASA_PORTS": f"{free_port()} {free_port()}",
        "CLUSTER_ACTION_PORTS": f"{free_port()} {free_port()}",
        "CLUSTER_ACTIONS_PROXY_PORT": str(free_port()),
        "CLUSTER_MODEL_SERVER_PORT": str(free_port()),
        "CLUSTER_STUDIO_PORT": str(free_port()),
        "DB_PORT": str(free_port()),
        "REDIS_PORT": str(free_port()),
        "MODEL": str(model),
        "DB_PASSWORD": "test-only",
        "PROXY_RATE_LIMIT_PER_MINUTE": "0",  # the load test comes from one address
        "TICKET_LOCK_LIFETIME": "25",  # above the slowest turn
    })
    config.extra_env.update({
        "ACTION_SERVER_TIMEOUT": str(ACTION_SERVER_TIMEOUT),
        # Every simulated resident comes from 127.0.0.1 and types faster
        # than a person: the per-address and per-conversation rate
        # limits would refuse the load test itself.
        "RATE_LIMIT_PER_ADDRESS": "0",
        "RATE_LIMIT_PER_SENDER": "0",
        "LOG_LEVEL": "INFO",
        "PSEUDONYM_KEY": PSEUDONYM_KEY,
        "MODEL_PULL_SECONDS": str(MODEL_PULL_SECONDS),
        # The studio's staff accounts for this cluster only, not the checkout's.
        "STUDIO_ACCOUNTS": str(directory / "studio-accounts.json"),
    })
    running = LocalCluster(config)
    try:
        running.start()
        yield running
    finally:
        running.stop()
        if os.environ.get("KEEP_TEST_CLUSTER") != "1":
            shutil.rmtree(directory, ignore_errors=True)
            if running.pg_dir.parent != directory:  # the /var/tmp fallback
                shutil.rmtree(running.pg_dir.parent, ignore_errors=True)


@pytest.fixture(scope="session")
def db_url(cluster):
    return cluster.tracker_db_url

"""The cluster starts the staff studio with it: staff sign in, in either
language, and see the questions residents asked the replicas (read from
PostgreSQL), and a retraining would replace the very model file the model
server gives every replica (test_2_replicas_model.py shows they pull it)."""

import html
import os

import pytest
from chat import new_sender, say
from studio_client import PASSWORD, Staff

from studio.accounts import Accounts


@pytest.fixture(scope="module")
def staff(cluster):
    Accounts(cluster.config.directory / "studio-accounts.json").add("Alex Martin", "editor", PASSWORD)
    return cluster


def studio_env(cluster) -> dict:
    with open(f"/proc/{cluster.pid('studio')}/environ", "rb") as f:
        return dict(item.split("=", 1) for item in f.read().decode().split("\0") if "=" in item)


def test_the_studio_runs_with_the_cluster_and_retrains_its_model(cluster):
    assert cluster.running("studio")
    assert any(line.startswith("studio") and "running" in line for line in cluster.status())
    env = studio_env(cluster)
    assert env["MODEL"] == str(cluster.config.model) and os.path.isabs(env["MODEL"])
    assert env["TRACKER_DB_URL"] == cluster.tracker_db_url
    assert env["STUDIO_HOST"] == "127.0.0.1"


@pytest.mark.parametrize("lang, question, heading", [
    ("en", "zorbly quantum marmalade protocol", "What residents asked that the assistant could not answer"),
    ("fr", "zorbly tartine quantique du protocole", "Ce que les personnes ont demandé et que l'assistant n'a pas su"),
])
def test_staff_see_what_residents_asked_the_replicas(staff, lang, question, heading):
    sender = new_sender(f"studio-{lang}")
    assert say(staff.replica_url(0), sender, question).status == 200
    person = Staff(staff.studio_url)
    person.sign_in("Alex Martin")
    assert person.get(f"/{lang}/residents") == 200
    page = html.unescape(person.page)
    assert f'<html lang="{lang}"' in person.page
    assert heading in page and question in page, page[-3000:]

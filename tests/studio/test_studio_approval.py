"""When the office turns on approval (STUDIO_REQUIRE_APPROVAL=true), an
editor's change (an answer's text and button titles) waits for a publisher
and residents keep the current text until a publisher approves it; the
commit names both. Over HTTP, as a browser sends the forms."""

import re

import pytest
from conftest import git, running_studio
from studio_client import Staff

KEY = "withdraw_consent"


@pytest.fixture(scope="module")
def approving_studio(studio_repo, tmp_path_factory):
    accounts = (("Alex Martin", "editor"), ("Pat Gagnon", "publisher"))
    workdir = tmp_path_factory.mktemp("approving")
    with running_studio(studio_repo, workdir, accounts, STUDIO_REQUIRE_APPROVAL="true",
                        TRACKER_DB=str(workdir / "no-conversations-yet.db")) as running:
        yield running


def test_an_editor_proposes_and_a_publisher_approves(approving_studio):
    repo = approving_studio.repo
    answers = (repo / "locales" / "en" / "answers.yml").read_text(encoding="utf-8")
    editor = Staff(approving_studio.url)
    editor.sign_in("Alex Martin")
    assert editor.get(f"/en/answers/{KEY}") == 200
    form = editor.form()
    form["text_en"] = "Good news: " + form["text_en"]
    form["button_fr_1"] = "Trouver le bon commissariat"
    assert editor.post(f"/en/answers/{KEY}", {**form, "message": "friendlier", "action": "save"}) == 200
    assert "waiting for a publisher&#39;s approval" in editor.page
    # Nothing written or committed yet: residents keep the current text.
    assert (repo / "locales" / "en" / "answers.yml").read_text(encoding="utf-8") == answers
    assert git(repo, "status", "--porcelain") == ""
    # The editor can neither approve nor restore.
    assert editor.post(f"/en/answers/{KEY}/approve", {}) == 403

    publisher = Staff(approving_studio.url)
    publisher.sign_in("Pat Gagnon")
    assert publisher.get(f"/fr/answers/{KEY}") == 200
    assert "Proposé par Alex Martin" in publisher.page and "Good news: " in publisher.page
    assert re.search(r"Bouton 1 : <del lang=\"fr\">.*?</span>À quel commissariat m&#39;adresser</del> "
                     r"<ins lang=\"fr\">.*?</span>Trouver le bon commissariat</ins>", publisher.page)
    assert publisher.post(f"/fr/answers/{KEY}/approve", {}) == 200
    assert "Approuvé et publié" in publisher.page
    log = git(repo, "log", "-1", "--format=%an|%cn|%s").strip()
    assert log == f"Alex Martin|Pat Gagnon|{KEY}: friendlier (approved by Pat Gagnon)"
    assert "Good news: " in (repo / "locales" / "en" / "answers.yml").read_text(encoding="utf-8")
    assert "- title: Trouver le bon commissariat\n        payload: /find_office" in \
        (repo / "locales" / "fr" / "answers.yml").read_text(encoding="utf-8")


def test_residents_questions_page_says_when_there_are_no_conversations(approving_studio):
    staff = Staff(approving_studio.url)
    staff.sign_in("Pat Gagnon")
    assert staff.get("/fr/residents") == 200
    assert "Aucune conversation n" in staff.page and "no-conversations-yet.db" not in staff.page

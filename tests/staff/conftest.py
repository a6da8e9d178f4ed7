import shutil

import pytest

from assistant.catalog import LOCALES_DIR
from staff import translations
from staff.messages import SYSTEM_LANGUAGE_VARIABLES


@pytest.fixture(autouse=True)
def english_system(monkeypatch):
    """The staff tools speak the system's language; the tests start from an
    English system, whatever the machine running them is set to, and a test
    that wants French asks for it (--lang fr, or LANG=fr_CA.UTF-8)."""
    for name in SYSTEM_LANGUAGE_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")


@pytest.fixture
def locales(tmp_path):
    """A copy of the catalogs with every translation confirmed, so each test
    sees only what its own edit changes, whatever is under review meanwhile."""
    copy = tmp_path / "locales"
    shutil.copytree(LOCALES_DIR, copy)
    translations.clear(copy, [], everything=True)
    return copy

import shutil

import pytest

from assistant.catalog import LOCALES_DIR
from staff import translations


@pytest.fixture
def locales(tmp_path):
    """A copy of the catalogs with every translation confirmed, so each test
    sees only what its own edit changes, whatever is under review meanwhile."""
    copy = tmp_path / "locales"
    shutil.copytree(LOCALES_DIR, copy)
    translations.clear(copy, [], everything=True)
    return copy

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from stack import MODEL, running_stack  # noqa: E402


@pytest.fixture(scope="session")
def stack(tmp_path_factory):
    """The real action server and Rasa server, shared by the end-to-end tests."""
    if not MODEL.exists():
        pytest.fail(f"{MODEL} is missing: run 'make train' (make test does it for you)")
    with running_stack(tmp_path_factory.mktemp("stack")) as running:
        yield running

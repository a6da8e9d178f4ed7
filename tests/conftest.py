
import pytest
from stack import MODEL, running_stack


@pytest.fixture(scope="session")
def stack(tmp_path_factory):
    """The real action server and Rasa server, shared by the end-to-end tests."""
    if not MODEL.exists():
        pytest.fail(f"{MODEL} is missing: run 'make train' (make test does it for you)")
    with running_stack(tmp_path_factory.mktemp("stack")) as running:
        yield running

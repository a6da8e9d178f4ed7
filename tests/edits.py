"""Editing a copy of a catalog in a test, failing loudly if the text moved."""

from pathlib import Path


def edit(path: Path, old: str, new: str, count: int = 1) -> None:
    """Replace `old` with `new` in the file (the first `count` times)."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not found in {path}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")

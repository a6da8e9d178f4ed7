"""A whole catalog file's history and restore, for the day a file edited
outside the studio no longer reads (a tab, a lost quote): the studio names
the file and the line, and staff put back its last good committed version
themselves, as one more commit in their name.
"""

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import List, Optional, Tuple

from assistant.catalog import CatalogError, catalog_files, catalog_sections
from assistant.language import SUPPORTED
from studio import history


@dataclass(frozen=True)
class FileVersion:
    """A catalog file as one commit left it."""

    commit: str
    author: str
    when: datetime
    message: str
    readable: bool           # it parses as a catalog file: it can be restored

    @property
    def short(self) -> str:
        return self.commit[:7]


def relative(repo: Path, path: Path) -> str:
    """'locales/fr/answers.yml': how pages and commits name a catalog file."""
    return str(Path(path).resolve().relative_to(Path(repo).resolve()))


def known(repo: Path, locales_dir: Path, name: str) -> Optional[Path]:
    """The catalog file `name` ('locales/fr/answers.yml') names; None for any other path."""
    for lang in SUPPORTED:
        for path in catalog_files(locales_dir, lang):
            if relative(repo, path) == name:
                return path
    return None


def problem(path: Path) -> Optional[CatalogError]:
    """Why the file cannot be read as a catalog; None when it can."""
    try:
        catalog_sections(path.read_text(encoding="utf-8"), path)
    except CatalogError as error:
        return error
    return None


def _content_at(repo: Path, commit_id: str, name: str) -> Optional[str]:
    try:
        return history.git(repo, "show", f"{commit_id}:{name}")
    except history.GitError:
        return None


def _readable(text: Optional[str], name: str) -> bool:
    if text is None:
        return False
    try:
        catalog_sections(text, Path(name))
    except CatalogError:
        return False
    return True


def _log(repo: Path, name: str, limit: Optional[int] = None) -> List[List[str]]:
    """(commit, author, date, subject) of the commits that changed the file, newest first."""
    field = "\x1f"
    count = [f"-{limit}"] if limit is not None else []
    log = history.git(repo, "log", *count, f"--format=%H{field}%an{field}%aI{field}%s", "--", name)
    return [line.split(field) for line in log.splitlines() if line.strip()]


def _version(commit_id: str, author: str, when: str, message: str, text: Optional[str], name: str) -> FileVersion:
    return FileVersion(commit_id, author, datetime.fromisoformat(when), message, _readable(text, name))


def versions(repo: Path, name: str, limit: int = 30) -> List[FileVersion]:
    """The commits that changed the file, newest first."""
    return [_version(*row, _content_at(repo, row[0], name), name) for row in _log(repo, name, limit)]


def restore(repo: Path, path: Path, commit_id: str, name: str, email: str) -> Tuple[Optional[str], FileVersion]:
    """Puts back the file as `commit_id` left it and commits it as `name`:
    the new commit's id (None when nothing changed) and the version put
    back. Raises LookupError for a commit that did not leave a readable
    version of this file."""
    file_name = relative(repo, path)
    row = next((row for row in _log(repo, file_name) if row[0] == commit_id), None)
    if row is None:
        raise LookupError(commit_id)
    text = _content_at(repo, commit_id, file_name)
    version = _version(*row, text, file_name)
    if text is None or not version.readable:
        raise LookupError(commit_id)

    def write() -> List[Path]:
        path.write_text(text, encoding="utf-8")
        return [path]

    when = version.when.strftime("%Y-%m-%d %H:%M")
    return history.write_and_commit(repo, [path], write,
                                    f"{file_name}: restore the version of {when} by {version.author} ({version.short})",
                                    name, email), version


@dataclass(frozen=True)
class Broken:
    """A catalog file that cannot be read, as a page shows it."""

    file: str                # 'locales/fr/answers.yml'
    line: Optional[int]
    detail: str              # the parser's own words, without the checkout's path


def broken(repo: Path, error: CatalogError) -> Broken:
    detail = str(error).replace(str(repo) + "/", "").replace(str(Path(repo).resolve()) + "/", "")
    if error.path is None:
        return Broken("", error.line, detail)
    return Broken(relative(repo, error.path), error.line, detail)

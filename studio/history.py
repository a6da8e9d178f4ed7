"""Every change made in the studio is a git commit in the project's checkout,
with the staff member as its author and their message: the audit trail of
who changed which answer or short message, when and why. A text's history
is read back from git, so changes made outside the studio (a text editor,
`make translations-import`) show up too, and restoring an earlier version is
one more commit.
"""

import functools
import subprocess
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Callable, Dict, List, Optional, Sequence

import yaml

from assistant.language import SUPPORTED

_FIELD = "\x1f"
# PyYAML's C parser when built, as the catalogs are read (assistant/catalog.py).
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class GitError(RuntimeError):
    """git refused; the message is git's own."""


def git(repo: Path, *args: str, name: Optional[str] = None, email: Optional[str] = None) -> str:
    identity = ["-c", f"user.name={name}", "-c", f"user.email={email}"] if name else []
    done = subprocess.run(["git", "-C", str(repo), *identity, *args], capture_output=True, text=True,
                          timeout=60)
    if done.returncode != 0:
        raise GitError(done.stderr.strip() or done.stdout.strip())
    return done.stdout


def commit(repo: Path, paths: Sequence[Path], message: str, name: str, email: str,
           author: Optional[str] = None) -> Optional[str]:
    """Commits these files only, as `name` (the author too unless `author`,
    "Name <email>", says otherwise); the new commit's id, or None when nothing
    in them changed."""
    relative = [str(Path(p).resolve().relative_to(repo.resolve())) for p in paths]
    if not relative:
        return None
    git(repo, "add", "--", *relative)
    if not git(repo, "diff", "--cached", "--name-only", "--", *relative).strip():
        return None
    authored = ["--author", author] if author else []
    git(repo, "commit", "--quiet", "--no-verify", *authored, "-m", message, "--", *relative, name=name, email=email)
    return git(repo, "rev-parse", "HEAD").strip()


def write_and_commit(repo: Path, paths: Sequence[Path], write: Callable[[], List[Path]], message: str,
                     name: str, email: str, author: Optional[str] = None) -> Optional[str]:
    """Runs `write` (which may change `paths` and returns those it changed),
    then commits them as commit() does: the new commit's id, or None when
    nothing changed. If git refuses (GitError), the files are put back as
    they were, so what residents read is always committed."""
    before = {Path(path): Path(path).read_bytes() for path in paths if Path(path).exists()}
    written = write()
    try:
        return commit(repo, written, message, name, email, author)
    except GitError:
        for path, content in before.items():
            if path.read_bytes() != content:
                path.write_bytes(content)
        raise


@dataclass(frozen=True)
class Version:
    """An answer or a message as one commit left it."""

    commit: str
    author: str
    when: datetime
    message: str
    entries: Dict[str, dict]  # lang -> entry ({} when absent)

    @property
    def short(self) -> str:
        return self.commit[:7]


@functools.lru_cache(maxsize=256)
def _section_at(repo: str, commit: str, path: str, section: str) -> Dict[str, object]:
    """One section of a catalog file at one commit (commits never change, hence the cache)."""
    try:
        text = git(Path(repo), "show", f"{commit}:{path}")
        content = yaml.load(text, Loader=_YAML_LOADER) or {}
    except (GitError, yaml.YAMLError):
        return {}  # absent there, or broken in that commit: nothing to restore from it
    entries = content.get(section) if isinstance(content, dict) else None
    return entries if isinstance(entries, dict) else {}


def _entry(section: str, value: object) -> dict:
    """A key's value as the studio holds it: an answer's entry, or a message as {"text": ...}."""
    if section == "messages":
        return {"text": value} if isinstance(value, str) else {}
    return dict(value) if isinstance(value, dict) else {}


def versions(repo: Path, key: str, files: Dict[str, str], limit: int = 50, section: str = "answers") -> List[Version]:
    """The commits that changed this key of `section` ("answers" or
    "messages"), newest first (`files`: lang -> its catalog file, relative
    to the checkout)."""
    paths = [files[lang] for lang in SUPPORTED]
    log = git(repo, "log", f"--format=%H{_FIELD}%an{_FIELD}%aI{_FIELD}%s", "--", *paths)
    rows = [line.split(_FIELD) for line in log.splitlines() if line.strip()]
    found = [Version(commit_id, author, datetime.fromisoformat(when), message,
                     {lang: _entry(section, _section_at(str(repo), commit_id, files[lang], section).get(key))
                      for lang in SUPPORTED})
             for commit_id, author, when, message in rows]
    # A commit counts when it left this key different from the commit
    # before it that touched the same files (most commits change other keys).
    changed = [version for version, older in zip(found, [*found[1:], None])
               if any(version.entries.values()) and (older is None or version.entries != older.entries)]
    return changed[:limit]


def version_at(repo: Path, key: str, files: Dict[str, str], commit_id: str,
               section: str = "answers") -> Optional[Version]:
    return next((v for v in versions(repo, key, files, limit=10**6, section=section) if v.commit == commit_id), None)

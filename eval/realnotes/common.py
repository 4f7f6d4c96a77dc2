"""Shared pieces of the real-notes evaluation: the manifest, the corpus on disk,
the TSV files, and the docker lines of the whole corpus."""

from __future__ import annotations

import json
import os
import re
import sys
from dataclasses import dataclass
from functools import cache
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent  # the project's root
MANIFEST = HERE / "manifest.json"
CORPUS = Path(os.environ.get("REALNOTES_CORPUS", HERE / "corpus"))
LABELS = HERE / "labels.tsv"
JUDGMENTS = HERE / "judgments.tsv"
EVAL_MD = ROOT / "EVAL.md"

#: Kinds of tests/oracle.py's verdicts that are rejections by docker's parser.
PARSER_REJECTIONS = frozenset(
    {
        "unknown-command",
        "unknown-flag",
        "bad-flag-syntax",
        "missing-value",
        "invalid-value",
        "arg-count",
        "flag-constraint",
    }
)
#: Kinds of what docker says after parsing, before the daemon, that mean the command line is wrong
#: (not "environment": a missing local file, no TTY... are the machine's).
PREDAEMON_REJECTIONS = frozenset({"reference", "digest", "conflict", "value", "other"})

if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

import dockerlines  # noqa: E402


@dataclass(frozen=True)
class Repo:
    repository: str  # owner/name
    commit: str
    language: str
    include: tuple[str, ...]
    exclude: tuple[str, ...]
    description: str

    @property
    def slug(self) -> str:
        return self.repository.replace("/", "+")

    @property
    def directory(self) -> Path:
        return CORPUS / self.slug

    def wants(self, path: str) -> bool:
        if not path.lower().endswith((".md", ".markdown")):
            return False
        return any(glob_match(g, path) for g in self.include) and not any(glob_match(g, path) for g in self.exclude)


def load_manifest(path: Path = MANIFEST) -> list[Repo]:
    data = json.loads(path.read_text(encoding="utf-8"))
    repos = []
    for entry in data["repositories"]:
        if not re.fullmatch(r"[0-9a-f]{40}", entry["commit"]):
            raise ValueError(f"{entry['repository']}: commit must be 40 hex digits")
        if entry["language"] not in ("zh", "en"):
            raise ValueError(f"{entry['repository']}: language must be zh or en")
        repos.append(
            Repo(
                entry["repository"],
                entry["commit"],
                entry["language"],
                tuple(entry["include"]),
                tuple(entry.get("exclude", ())),
                entry["description"],
            )
        )
    return repos


@cache
def _glob_regex(pattern: str) -> re.Pattern[str]:
    """A path glob: ``**/`` any number of directories, ``*`` and ``?`` within one."""
    out, i = [], 0
    while i < len(pattern):
        if pattern.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
        elif pattern.startswith("**", i):
            out.append(".*")
            i += 2
        elif pattern[i] == "*":
            out.append("[^/]*")
            i += 1
        elif pattern[i] == "?":
            out.append("[^/]")
            i += 1
        else:
            out.append(re.escape(pattern[i]))
            i += 1
    return re.compile("".join(out) + r"\Z")


def glob_match(pattern: str, path: str) -> bool:
    return bool(_glob_regex(pattern).match(path))


def corpus_files(repo: Repo) -> list[tuple[str, Path]]:
    """(path in the repository, file on disk) of a repository's corpus files, sorted."""
    base = repo.directory
    if not base.is_dir():
        return []
    out = []
    for file in sorted(base.rglob("*")):
        if file.is_file():
            rel = file.relative_to(base).as_posix()
            if repo.wants(rel):
                out.append((rel, file))
    return out


def read_text(file: Path) -> str:
    return file.read_bytes().decode("utf-8", "replace")


def corpus_lines(repos: list[Repo] | None = None) -> list[dockerlines.DockerLine]:
    """Every docker line of the corpus, in manifest and path order."""
    out = []
    for repo in repos or load_manifest():
        for rel, file in corpus_files(repo):
            out.extend(dockerlines.docker_lines(read_text(file), rel, repo.repository))
    return out


def require_corpus(repos: list[Repo]) -> None:
    missing = [r.repository for r in repos if not r.directory.is_dir()]
    if missing:
        sys.exit(f"corpus missing for {', '.join(missing)}: run eval/realnotes/build_corpus.py first")


# --------------------------------------------------------------------------
# TSV files (tab-separated, a header row, no quoting: fields never hold tabs or newlines).
# --------------------------------------------------------------------------


def tsv_field(text: str) -> str:
    return " ".join(str(text).replace("\t", " ").split("\n")).replace("\r", " ")


def read_tsv(path: Path) -> list[dict[str, str]]:
    if not path.exists():
        return []
    rows = path.read_text(encoding="utf-8").split("\n")
    header = rows[0].split("\t")
    out = []
    for row in rows[1:]:
        if not row.strip():
            continue
        values = row.split("\t")
        values += [""] * (len(header) - len(values))
        out.append(dict(zip(header, values, strict=True)))
    return out


def write_tsv(path: Path, header: list[str], rows: list[dict[str, str]]) -> None:
    lines = ["\t".join(header)]
    for row in rows:
        lines.append("\t".join(tsv_field(row.get(h, "")) for h in header))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")

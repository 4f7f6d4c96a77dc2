"""Rebuild the real-notes corpus (eval/realnotes/corpus/, git-ignored) from manifest.json.

For each repository, the Markdown files the manifest's globs select are
written, as they are at the manifest's commit, to
``corpus/<owner>+<name>/<path>``. The git objects come from

* a local mirror, ``$REALNOTES_MIRROR/<owner>+<name>`` (default
  ``/work/.mirror``; a bare git directory, or one holding ``repo``), when it
  has the commit;
* otherwise a ``git clone --bare --filter=blob:none`` from
  https://github.com/<owner>/<name> into ``eval/realnotes/.clones/``
  (git-ignored), followed by a fetch of the commit.

This needs network access to GitHub (or the mirrors), which the CI machine
does not have: the evaluation is a manual benchmark, not a test. Nothing in
the corpus is ever executed, and nothing fetched is committed.

    .venv/bin/python eval/realnotes/build_corpus.py [--only owner/name ...]
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
from pathlib import Path

from common import CORPUS, HERE, Repo, corpus_files, dockerlines, load_manifest, read_text

MIRROR = Path(os.environ.get("REALNOTES_MIRROR", "/work/.mirror"))
CLONES = HERE / ".clones"


def git(git_dir: Path, *args: str, text: bool = True) -> subprocess.CompletedProcess:
    return subprocess.run(["git", "--git-dir", str(git_dir), *args], capture_output=True, text=text, check=False)


def has_commit(git_dir: Path, commit: str) -> bool:
    return git_dir.is_dir() and git(git_dir, "cat-file", "-e", f"{commit}^{{commit}}").returncode == 0


def git_dir_for(repo: Repo) -> Path:
    for candidate in (MIRROR / repo.slug / "repo", MIRROR / repo.slug):
        if has_commit(candidate, repo.commit):
            return candidate
    clone = CLONES / repo.slug
    if not clone.is_dir():
        CLONES.mkdir(parents=True, exist_ok=True)
        url = f"https://github.com/{repo.repository}.git"
        print(f"  cloning {url} (no local mirror has {repo.commit[:12]})", flush=True)
        subprocess.run(["git", "clone", "--quiet", "--bare", "--filter=blob:none", url, str(clone)], check=True)
    if not has_commit(clone, repo.commit):
        subprocess.run(["git", "--git-dir", str(clone), "fetch", "--quiet", "origin", repo.commit], check=True)
    return clone


def build(repo: Repo) -> tuple[int, int]:
    """Write the repository's corpus files; return (files, docker lines)."""
    git_dir = git_dir_for(repo)
    listing = git(git_dir, "ls-tree", "-r", "-z", "--full-tree", repo.commit, text=False)
    if listing.returncode:
        raise SystemExit(f"{repo.repository}: git ls-tree failed: {listing.stderr.decode()}")
    target = repo.directory
    if target.exists():
        shutil.rmtree(target)
    files = 0
    for entry in listing.stdout.split(b"\0"):
        if not entry:
            continue
        meta, path_bytes = entry.split(b"\t", 1)
        mode, kind, sha = meta.decode().split()
        path = path_bytes.decode("utf-8", "surrogateescape")
        if kind != "blob" or mode == "120000" or not repo.wants(path):
            continue
        blob = git(git_dir, "cat-file", "blob", sha, text=False)
        if blob.returncode:
            raise SystemExit(f"{repo.repository}: cannot read {path}")
        out = target / path
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(blob.stdout)
        files += 1
    lines = sum(len(dockerlines.docker_lines(read_text(f), rel, repo.repository)) for rel, f in corpus_files(repo))
    return files, lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", nargs="*", help="rebuild only these repositories (owner/name)")
    args = parser.parse_args(argv)
    repos = load_manifest()
    if args.only:
        repos = [r for r in repos if r.repository in args.only]
    CORPUS.mkdir(parents=True, exist_ok=True)
    total_files = total_lines = 0
    for repo in repos:
        files, lines = build(repo)
        total_files += files
        total_lines += lines
        print(f"{repo.repository:40} {repo.commit[:12]} {repo.language}  {files:4} files  {lines:5} docker lines")
    print(f"{'total':40} {'':12}     {total_files:4} files  {total_lines:5} docker lines  -> {CORPUS}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

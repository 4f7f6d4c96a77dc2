"""Show lines that need a hand judgment, in context, to fill in judgments.tsv.

    .venv/bin/python eval/realnotes/review.py [--all] [--context N] [KEY-PREFIX ...]

Prints, for every line that needs a judgment (a checker error or warning,
or a docker rejection) and has none (``--all``: also the judged ones), the
block around it from the corpus, docker's verdict and the checker's
findings. Nothing is written: add ``key<TAB>judgment<TAB>note`` rows to
judgments.tsv by hand (judgment: command, synopsis, output, prose, other).
"""

from __future__ import annotations

import argparse
import os
import sys

from common import ROOT, corpus_files, dockerlines, load_manifest, read_text, require_corpus
from evaluate import build_rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--all", action="store_true", help="also lines already judged")
    parser.add_argument("--context", type=int, default=4, help="lines shown before and after (default 4)")
    parser.add_argument("prefix", nargs="*", help="only keys starting with one of these")
    args = parser.parse_args(argv)
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    sys.path.insert(0, str(ROOT))
    repos = load_manifest()
    require_corpus(repos)
    rows, _ = build_rows(repos, "snapshot")
    texts = {(r.repository, rel): read_text(f) for r in repos for rel, f in corpus_files(r)}
    for row in rows:
        if not row.needs_judgment or (row.judgment and not args.all):
            continue
        if args.prefix and not any(row.key.startswith(p) for p in args.prefix):
            continue
        lines = dockerlines.split_lines(texts[(row.repo, row.path)])
        print("=" * 100)
        print(
            f"{row.key}  [{row.language or '-'}|prompt {row.prompt or '-'}|block prompts {row.block_uses_prompts}]"
            f"  fence@{row.fence_line}  {row.judgment or ''} {row.note}"
        )
        lo, hi = max(1, row.line - args.context), min(len(lines), row.line + args.context)
        if row.fence_line and row.fence_line < lo:
            print(f"   {row.fence_line:5}| {lines[row.fence_line - 1]}")
            print("        ...")
        for n in range(lo, hi + 1):
            mark = ">>" if n == row.line else "  "
            print(f" {mark}{n:5}| {lines[n - 1]}")
        if row.rejected or row.kind not in ("accepted", ""):
            print(f"   docker: {row.kind} {row.predaemon} :: {row.says}")
        for f in row.errors + row.warnings:
            print(f"   checker {f.severity}: {f.code} {f.message}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""``dockercheck``: check docker commands in Markdown files without building a site.

    dockercheck docs/                     # text: path:line:col: CODE severity: message
    dockercheck --format json README.md   # a JSON list of findings
    dockercheck --strict docs/            # warnings fail too (as mkdocs build --strict)

Exit status: 0 clean, 1 when an error was found (or a warning, with
--strict), 2 when the command line or a file is wrong, or docker's help
cannot be had from the source asked for (``--source live`` without a
usable docker). The source is ``--source``, else the environment's
``DOCKERCHECK_SOURCE`` (as for the MkDocs hook), else auto.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .diagnostics import CODES, counts, format_json, format_text
from .session import SOURCES, check_paths, default_source
from .sources import SourceError


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="dockercheck",
        description="Check every docker command in Markdown code blocks against docker's own help.",
    )
    parser.add_argument("paths", nargs="*", type=Path, help="Markdown files or folders (searched for *.md)")
    parser.add_argument("--format", choices=("text", "json"), default="text", help="output format (default: text)")
    parser.add_argument(
        "--source",
        choices=SOURCES,
        default=None,
        help="where docker's help comes from: the docker on PATH, falling back to the snapshot (auto), "
        "only the docker on PATH (live), or only the snapshot of docker 28.2.2 (snapshot); "
        "default: the DOCKERCHECK_SOURCE environment variable, else auto",
    )
    parser.add_argument("--strict", action="store_true", help="exit 1 on warnings too")
    parser.add_argument("--list-codes", action="store_true", help="print every finding code and exit")
    parser.add_argument("--quiet", action="store_true", help="do not print the summary line on stderr")
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if args.list_codes:
        for code in CODES.values():
            print(f"{code.code}  {code.severity:<7}  {code.name:<22}  {code.summary}")
        return 0
    if not args.paths:
        parser.error("give at least one Markdown file or folder")
    missing = [str(p) for p in args.paths if not p.exists()]
    if missing:
        parser.error(f"no such file or folder: {', '.join(missing)}")
    try:
        source = args.source or default_source()  # --source wins over DOCKERCHECK_SOURCE
    except ValueError as exc:
        print(f"dockercheck: {exc}", file=sys.stderr)
        return 2
    try:
        grammar, reports = check_paths(args.paths, source=source)
    except SourceError as exc:
        print(f"dockercheck: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"dockercheck: cannot read {exc.filename}: {exc.strerror}", file=sys.stderr)
        return 2
    findings = [f for r in reports for f in r.findings]
    sys.stdout.write(format_json(findings) if args.format == "json" else format_text(findings))
    total = counts(findings)
    if not args.quiet:
        commands = sum(len(r.invocations) for r in reports)
        print(
            f"dockercheck: {commands} docker commands in {len(reports)} files checked against "
            f"{grammar.describe()}: {total['error']} errors, {total['warning']} warnings, {total['info']} notices",
            file=sys.stderr,
        )
    if total["error"] or (args.strict and total["warning"]):
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

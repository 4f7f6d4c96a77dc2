"""MkDocs hook: check every docker command in the docs against docker's own help.

Events and glue only; the checker is the ``dockercheck`` library. Each error
or warning is logged as a MkDocs warning naming ``docs/page.md:line:col``, so
``mkdocs build --strict`` fails; notices are logged as info. The grammar and
each page's result live in one ``DocsChecker`` for the whole process: under
``mkdocs serve`` a rebuild rechecks only the pages whose text changed and does
not ask docker again for commands it already knows.

Environment: ``DOCKERCHECK_SOURCE`` = auto (default: the docker on PATH, else
the committed snapshot), live or snapshot.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from dockercheck.diagnostics import counts
from dockercheck.session import DocsChecker
from mkdocs.plugins import get_plugin_logger

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files

log = get_plugin_logger(__name__)

_checker: DocsChecker | None = None
reports: dict[str, object] = {}  # src_uri -> FileReport of the current build, for other hooks


def on_config(config: MkDocsConfig) -> None:
    global _checker
    source = os.environ.get("DOCKERCHECK_SOURCE", "auto")
    if _checker is None or _checker.source != source:
        _checker = DocsChecker(source)


def on_files(files: Files, /, *, config: MkDocsConfig) -> Files:
    assert _checker is not None
    root = os.path.dirname(config.config_file_path or "")
    pages = [f for f in files.documentation_pages() if f.abs_src_path and not f.generated_by]
    names = {os.path.relpath(f.abs_src_path, root): f for f in pages}
    results = _checker.check({name: f.content_string for name, f in names.items()})
    reports.clear()
    findings = []
    for (name, file), report in zip(names.items(), results):
        reports[file.src_uri] = report
        findings.extend(report.findings)
    grammar = _checker.grammar
    assert grammar is not None
    log.info(f"dockercheck: using {grammar.describe()}")
    for finding in findings:
        text = f"{finding.text()}\n    {finding.command}" if finding.command else finding.text()
        (log.info if finding.severity == "info" else log.warning)(text)
    total = counts(findings)
    stats = _checker.stats
    log.info(
        f"dockercheck: {stats.commands} docker commands in {stats.documents} pages "
        f"({stats.commands_checked} checked now, the rest unchanged): "
        f"{total['error']} errors, {total['warning']} warnings, {total['info']} notices"
    )
    config.extra["dockercheck"] = {"docker_version": grammar.version, "source": grammar.kind}
    return files

"""MkDocs hook: check every docker command in the docs against docker's own help.

Events and glue only; the checker is the ``dockercheck`` library. Each error
or warning is logged as a MkDocs warning naming ``docs/page.md:line:col``, so
``mkdocs build --strict`` fails; notices are logged as info. The grammar and
each page's report live in the process's shared ``DocsChecker``: under
``mkdocs serve`` a rebuild rechecks only the pages whose text changed and
does not ask docker again for commands it already knows. Each rendered page
is read once more for code blocks the Markdown reader did not see (inside an
HTML block, an unknown extension): they are checked from the HTML.

Environment: ``DOCKERCHECK_SOURCE`` = auto (default: the docker on PATH, else
the committed snapshot), live or snapshot.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger

from dockercheck.check import check_rendered_blocks
from dockercheck.diagnostics import Finding
from dockercheck.rendered import RenderedPage
from dockercheck.session import DocsChecker
from dockercheck.sources import SourceError

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import File, Files
    from mkdocs.structure.pages import Page

log = get_plugin_logger(__name__)


def name(file: File, config: MkDocsConfig) -> str:
    """What the checker calls a page: its path from the project's folder (docs/page.md)."""
    root, path = os.path.dirname(config.config_file_path or ""), file.abs_src_path or file.src_uri
    return path[len(root) + 1 :] if root and path.startswith(root + os.sep) else os.path.relpath(path, root)


def on_files(files: Files, /, *, config: MkDocsConfig) -> Files:
    pages = [f for f in files.documentation_pages() if f.abs_src_path and not f.generated_by]
    try:
        checker = DocsChecker.shared()
    except ValueError as error:  # DOCKERCHECK_SOURCE names no source
        raise PluginError(f"dockercheck: {error}") from None
    try:
        reports = checker.check({name(f, config): f.content_string for f in pages})
    except SourceError as error:  # only with DOCKERCHECK_SOURCE=live
        raise PluginError(f"dockercheck: {error}") from None
    grammar = checker.grammar
    log.info(f"dockercheck: using {grammar.describe()}")
    findings = [f for report in reports for f in report.findings]
    for finding in findings:
        _log(finding)
    log.info(f"dockercheck: {checker.stats.summary(findings)}")
    config.extra["dockercheck"] = {"docker_version": grammar.version, "source": grammar.kind}
    return files


def on_page_content(html: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> None:
    report = DocsChecker.shared().report(name(page.file, config))
    if report is None:
        return
    rendered = RenderedPage.of(html)  # read once: hooks/cheatsheet.py marks the same HTML next
    rendered.match(report.docker_blocks)
    unread = rendered.unread()
    if unread:
        grammar = DocsChecker.shared().grammar
        for finding in check_rendered_blocks(grammar, report.path, page.file.content_string, unread):
            _log(finding)


def _log(finding: Finding) -> None:
    (log.info if finding.severity == "info" else log.warning)(finding.text(with_command=True))

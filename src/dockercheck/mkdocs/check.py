"""Check every docker command in the docs against docker's own help, as MkDocs events.

Each finding is logged naming ``docs/page.md:line:col``: a severity in
``fail_on`` (error and warning by default) as a MkDocs warning, so
``mkdocs build --strict`` fails; the others as info. The grammar and each
page's report live in a :class:`~dockercheck.session.DocsChecker` shared by
the process: under ``mkdocs serve`` a rebuild rechecks only the pages whose
text changed and does not ask docker again for commands it already knows.
Each rendered page is read once more for code blocks the Markdown reader did
not see (inside an HTML block, an unknown extension): they are checked from
the HTML.
"""

from __future__ import annotations

import os
from collections.abc import Collection
from typing import TYPE_CHECKING, Any

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

log = get_plugin_logger("dockercheck")
SEVERITIES = ("error", "warning", "info")


def page_name(file: File, config: MkDocsConfig) -> str:
    """What the checker calls a page: its path from the project's folder (docs/page.md)."""
    root, path = os.path.dirname(config.config_file_path or ""), file.abs_src_path or file.src_uri
    return path[len(root) + 1 :] if root and path.startswith(root + os.sep) else os.path.relpath(path, root)


class CommandCheck:
    """The check's events. ``source``: auto, live or snapshot (None: ``DOCKERCHECK_SOURCE``, else auto)."""

    def __init__(
        self, source: str | None = None, fail_on: Collection[str] = ("error", "warning"), logger: Any = log
    ) -> None:
        self.source = source
        self.fail_on = frozenset(fail_on)
        self.logger = logger  # a hook's own (its messages name the hook)
        self.tag = "" if logger is log else "dockercheck: "  # the plugin's logger says it already

    @property
    def checker(self) -> DocsChecker:
        return DocsChecker.shared(self.source)

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        pages = [f for f in files.documentation_pages() if f.abs_src_path and not f.generated_by]
        try:
            checker = self.checker
        except ValueError as error:  # DOCKERCHECK_SOURCE names no source
            raise PluginError(f"dockercheck: {error}") from None
        try:
            reports = checker.check({page_name(f, config): f.content_string for f in pages})
        except SourceError as error:  # only with the source live
            raise PluginError(f"dockercheck: {error}") from None
        grammar = checker.grammar
        self.logger.info(f"{self.tag}using {grammar.describe()}")
        findings = [f for report in reports for f in report.findings]
        for finding in findings:
            self.log(finding)
        self.logger.info(f"{self.tag}{checker.stats.summary(findings)}")
        config.extra["dockercheck"] = {"docker_version": grammar.version, "source": grammar.kind}
        return files

    def on_page_content(self, html: str, page: Page, config: MkDocsConfig) -> None:
        report = self.checker.report(page_name(page.file, config))
        if report is None:
            return
        rendered = RenderedPage.of(html)  # read once: the cheat sheet marks the same HTML next
        rendered.match(report.docker_blocks)
        unread = rendered.unread()
        if unread:
            for finding in check_rendered_blocks(self.checker.grammar, report.path, page.file.content_string, unread):
                self.log(finding)

    def log(self, finding: Finding) -> None:
        level = self.logger.warning if finding.severity in self.fail_on else self.logger.info
        level(finding.text(with_command=True))

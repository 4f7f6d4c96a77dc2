"""Check every docker command in the docs against docker's own help, as MkDocs events.

Each finding is logged naming ``docs/page.md:line:col``: a severity in
``fail_on`` (error and warning by default) as a MkDocs warning, so
``mkdocs build --strict`` fails; the others as info. The grammar and each
page's report live in a :class:`~dockercheck.session.DocsChecker` shared by
the process: under ``mkdocs serve`` a rebuild rechecks only the pages whose
text changed and does not ask docker again for commands it already knows.
Each rendered page is read once more (:meth:`DocsChecker.read_page`): code
blocks the Markdown reader did not see (inside an HTML block, an unknown
extension) are checked from the HTML, and its command lines are marked for
the cheat sheet's hook. The check starts when the files are known and, on a
big site with a core to spare, runs in a child process while MkDocs renders
pages, which reads the rendered pages too (:mod:`dockercheck.background`).
The findings are logged page by page once every page is rendered
(``on_env``), then the summary.
"""

from __future__ import annotations

import os
from collections.abc import Collection, Iterator
from contextlib import contextmanager, suppress
from typing import TYPE_CHECKING, Any

from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger

from dockercheck.diagnostics import Finding
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
        with self.errors():
            checker = self.checker
            checker.start({page_name(f, config): f.content_string for f in pages})
            grammar = checker.grammar
        config.extra["dockercheck"] = {"docker_version": grammar.version, "source": grammar.kind}
        return files

    def on_page_content(self, html: str, page: Page, config: MkDocsConfig) -> None:
        """The page as rendered goes to be read (blocks only the HTML shows; the cheat sheet's marks)."""
        with self.errors():
            self.checker.read_page(page_name(page.file, config), html, page.url)

    def on_env(self) -> None:
        """Every page is rendered: the findings, page by page, and the summary."""
        with self.errors():
            self.checker.finish()
            found = self.checker.findings()  # the reports themselves are not needed here
        self.logger.info(f"{self.tag}using {self.checker.grammar.describe()}")  # with the plugins it mounted
        if self.checker.background_failure:
            self.logger.info(f"{self.tag}{self.checker.background_failure}; the rest was done in the build's process")
        for name, findings in found:
            for finding in findings:
                self.log(finding)
            reading = self.checker.page_reading(name)
            for finding in reading.findings if reading is not None else ():
                self.log(finding)
        self.logger.info(f"{self.tag}{self.checker.stats.summary(f for _, findings in found for f in findings)}")

    def on_build_error(self) -> None:
        """A child process still at work is stopped."""
        with suppress(ValueError):  # DOCKERCHECK_SOURCE names no source: no checker, nothing to stop
            self.checker.abandon()

    @contextmanager
    def errors(self) -> Iterator[None]:
        """A help source that cannot be used is the build's error, said as the check's."""
        try:
            yield
        except (ValueError, SourceError) as error:  # DOCKERCHECK_SOURCE names no source; the live source failed
            raise PluginError(f"dockercheck: {error}") from None

    def log(self, finding: Finding) -> None:
        level = self.logger.warning if finding.severity in self.fail_on else self.logger.info
        level(finding.text(with_command=True))

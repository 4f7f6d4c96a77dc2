"""A rendered page read against its report: the work a site build does once per page.

Two things need the page as the site generator rendered it, not only its
Markdown: code blocks the Markdown reader did not see (inside an HTML block,
an unknown extension) are checked from the HTML, and, for the cheat sheet,
each command line is marked with the id its entry links to and its words with
docker's explanations (:class:`~dockercheck.cheatsheet.Explainer`). Both read
the page's code blocks once (:class:`~dockercheck.rendered.RenderedPage`).

:meth:`dockercheck.session.DocsChecker.read_page` does this where the page's
report was made: here, or in the child process that checked the site
(:mod:`dockercheck.background`).
"""

from __future__ import annotations

from dataclasses import dataclass

from .cheatsheet import Explainer, mark_report, relative_url
from .check import FileReport, check_rendered_blocks
from .diagnostics import Finding
from .grammar import Grammar
from .rendered import Marked, RenderedPage


@dataclass(frozen=True, slots=True)
class Explain:
    """Explain the pages' command words: ``sheet`` is the cheat sheet's page URL (None: no cheat sheet,
    the words are explained without a link), ``hidden`` how a flag docker's help hides is described."""

    sheet: str | None
    hidden: str

    def href(self, page_url: str) -> str | None:
        """The cheat sheet's URL seen from a page."""
        return relative_url(self.sheet, page_url) if self.sheet is not None else None


@dataclass(slots=True)
class PageReading:
    """What a rendered page gave: findings in blocks only the HTML shows, and the page's marks."""

    findings: list[Finding]
    marked: Marked | None = None  # None: no explanation asked for, or no command line
    markup: str = ""  # the explainer's table, put on the page with the marks

    @property
    def html(self) -> str:
        """The page marked, with its table of explanations."""
        assert self.marked is not None
        return self.marked.html + self.markup


def read_page(
    grammar: Grammar,
    report: FileReport,
    text: str,
    html: str,
    page_url: str,
    explain: Explain | None,
    texts: dict[tuple, str],
) -> PageReading:
    """Read ``html``, the page rendered from the Markdown ``text`` that ``report`` is of.

    ``texts``: the explanations written so far (shared by the pages of a build).
    """
    page = RenderedPage(html)
    page.match(report.docker_blocks)
    unread = page.unread()
    findings = check_rendered_blocks(grammar, report.path, text, unread) if unread else []
    if explain is None or not report.invocations:
        return PageReading(findings)
    explainer = Explainer(explain.href(page_url), explain.hidden, texts)
    return PageReading(findings, mark_report(page, report, explainer), explainer.markup())

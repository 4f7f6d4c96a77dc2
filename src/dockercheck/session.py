"""The one owner of docker's help: :class:`DocsChecker`.

It chooses the help source (the docker on PATH, or the committed snapshot),
gives each run the live docker's whole time budget, saves its answers to the
disk cache, and falls back to the snapshot when the live docker fails, once,
saying why in the grammar's note. Everything that needs the grammar asks it:
the MkDocs hooks and plugin, the command line, the cheat sheet's coverage
(:meth:`DocsChecker.run`).

A site generator's live preview rebuilds on every edit: the checker keeps
the grammar (docker is not asked again) and each document's report keyed by
its text, so a rebuild checks only the documents whose text changed.
"""

from __future__ import annotations

import dataclasses
import gc
import hashlib
import os
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar, TypeVar

from . import background, pages
from .cheatsheet import CheatSheet, collect
from .check import FileReport, check_document, command_words, markdown_files, read_markdown
from .diagnostics import Finding, counts
from .extract import extract
from .grammar import Grammar
from .pages import Explain, PageReading
from .sources import LiveDocker, SlowDocker, Snapshot, SourceError, fallback_note

SOURCES = ("auto", "live", "snapshot")
T = TypeVar("T")


@dataclass(slots=True)
class RunStats:
    documents: int = 0
    documents_checked: int = 0  # documents whose text changed since the last run
    commands: int = 0
    commands_checked: int = 0

    def summary(self, findings: Iterable[Finding]) -> str:
        """One line for a build log: commands, pages, what was checked now, findings by severity."""
        total = counts(findings)
        return (
            f"{self.commands} docker commands in {self.documents} pages ({self.commands_checked} checked now, "
            f"the rest unchanged): {total['error']} errors, {total['warning']} warnings, {total['info']} notices"
        )


def default_source() -> str:
    """The help source the environment asks for: ``DOCKERCHECK_SOURCE``, else "auto".

    A value that names no source is a :class:`ValueError` that says which variable is wrong.
    """
    source = os.environ.get("DOCKERCHECK_SOURCE") or "auto"
    if source not in SOURCES:
        raise ValueError(f"DOCKERCHECK_SOURCE={source!r} names no help source: use one of {', '.join(SOURCES)}")
    return source


class DocsChecker:
    """Help source, grammar and reports for one site (or one command line), for the life of the process.

    ``source``: "auto" (the docker on PATH, else the snapshot), "live" (only
    the docker on PATH: a failure raises :class:`SourceError`) or "snapshot".
    """

    _shared: ClassVar[dict[str, DocsChecker]] = {}

    def __init__(
        self,
        source: str = "auto",
        *,
        executable: str | None = None,
        cache_dir: Path | None = None,
        timeout: float = 3.0,
        grammar: Grammar | None = None,
    ) -> None:
        if source not in SOURCES:
            raise ValueError(f"unknown help source {source!r}: use one of {', '.join(SOURCES)}")
        self.source = source
        self.executable = executable
        self.cache_dir = cache_dir
        self.timeout = timeout
        self._grammar = grammar  # None: opened on first use, from the source
        self._cache: dict[str, tuple[str, FileReport]] = {}  # name -> (digest of its text, report)
        self._sent: dict[str, tuple[str, background.Sent]] = {}  # name -> (digest, its chunk): not read back yet
        self._briefs: dict[str, background.Brief] = {}  # name -> its report's findings and size (either kind)
        self._sheet: CheatSheet | None = None  # the cheat sheet's data, this build
        self._texts: Mapping[str, str] = {}  # the documents of the last check
        self._digests: dict[str, str] = {}
        self._order: list[str] = []
        self._changed: list[str] = []  # those of them checked by it
        self._pending: dict[str, tuple[str, str]] = {}  # name -> (digest, text): not checked yet
        self._background: background.Background | None = None
        self.explain: Explain | None = None  # how read_page explains a page's words (None: it does not)
        self._asked: dict[str, tuple[str, str, Explain | None]] = {}  # name -> (html, url, explain) in the child
        self._readings: dict[str, PageReading] = {}  # name -> its page's reading, this build
        self._explained: dict[tuple, str] = {}  # explanations written so far, this build
        self.background_failure: str | None = None  # why a child process gave up, leaving the rest here
        self.stats = RunStats()

    @classmethod
    def shared(cls, source: str | None = None) -> DocsChecker:
        """The process's checker for this source (default: :func:`default_source`): the hooks of one
        build (and the builds of ``mkdocs serve``) share its grammar and reports."""
        source = source or default_source()
        if source not in cls._shared:
            cls._shared[source] = cls(source)
        return cls._shared[source]

    # -- the help source --------------------------------------------------
    @property
    def grammar(self) -> Grammar:
        if self._grammar is None:
            self._grammar = self._open()
        return self._grammar

    def _open(self) -> Grammar:
        if self.source == "snapshot":
            return Grammar(Snapshot.load())
        try:
            return Grammar(LiveDocker(self.executable, cache_dir=self.cache_dir, timeout=self.timeout))
        except SourceError as exc:
            if self.source == "live":
                raise
            note = fallback_note(None, exc) if isinstance(exc, SlowDocker) else f"live docker unusable: {exc}"
            return Grammar(Snapshot.load(), note=note)

    def run(self, action: Callable[[Grammar], T]) -> T:
        """``action(grammar)`` with the live docker's whole time budget, its new answers saved.

        Should the live docker fail on the way, the grammar becomes the
        snapshot's for good (its note says why) and ``action`` runs again on
        it; with the "live" source the failure is raised instead.
        """
        grammar = self.grammar
        grammar.source.renew_budget()
        try:
            result = action(grammar)
        except SourceError as exc:
            if self.source == "live":
                raise
            if isinstance(exc, SlowDocker):
                grammar.source.save()  # what it did answer: the next run asks only for the rest
            self._grammar = grammar = Grammar(Snapshot.load(), note=fallback_note(grammar.source, exc))
            self._forget()  # reports made with the failed source are made again
            result = action(grammar)
        grammar.source.save()
        return result

    def load(self, words: Iterable[Sequence[str]] = ()) -> Grammar:
        """The grammar, with the help of every command these word lists name fetched (see Grammar.prefetch)."""

        def prefetched(grammar: Grammar) -> Grammar:
            grammar.prefetch(words)
            return grammar

        return self.run(prefetched)

    # -- checking ---------------------------------------------------------
    def check(self, texts: Mapping[str, str]) -> list[FileReport]:
        """Reports for every document (name -> Markdown text), in the given order, checked here."""
        self.start(texts, in_background=False)
        self.finish()
        return self.reports()

    def start(self, texts: Mapping[str, str], *, in_background: bool | None = None) -> None:
        """Begin checking documents (name -> Markdown text): :meth:`report` gives each one's report,
        :meth:`finish` all of them.

        Only the documents whose text changed since the last check are
        checked. With ``in_background`` (None: where :func:`background.worth_it`
        says it pays) they are checked in a child process while the caller
        goes on (a site generator rendering pages, see
        :mod:`dockercheck.background`), which then reads the rendered pages
        too (:meth:`read_page`) and makes the cheat sheet's data if asked
        (:meth:`ask_sheet`) until :meth:`finish`; else here and now. A report
        the child sent is read back only when asked for (:meth:`report`);
        its findings and size are known at once (:meth:`findings`).

        The reports (a dozen small objects per command) are kept until the
        next check, and every full pass of Python's cyclic collector would
        walk all of them again: on 1,000 pages that cost more than the check
        itself. So the collector is paused while reports are made or read
        back, and what is alive after that is frozen out of its view
        (``gc.freeze``; still freed when unreferenced) until the next check.
        """
        self.abandon()
        gc.unfreeze()
        digests = {
            name: hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()
            for name, text in texts.items()
        }
        known = {name: entry[0] for name, entry in (self._sent | self._cache).items()}
        changed = [name for name in texts if known.get(name) != digests[name]]
        for name in known:
            if name not in texts or name in changed:
                self._cache.pop(name, None)
                self._sent.pop(name, None)
                del self._briefs[name]
        self._texts, self._digests = texts, digests
        self._order, self._changed = list(texts), changed
        self._pending = {name: (digests[name], texts[name]) for name in changed}
        self._readings.clear()
        self._explained.clear()
        self._sheet = None
        self.background_failure = None
        if changed and (background.worth_it(len(changed)) if in_background is None else in_background):
            unchanged = {name: self._report_here(name) for name in texts if name not in self._pending}
            self._background = background.Background(self.grammar, [(n, texts[n]) for n in changed], unchanged, texts)
        else:
            self._settle()

    def report(self, name: str) -> FileReport | None:
        """The report of a document of the last check (waiting for it if it is being checked)."""
        while name in self._pending:
            self._settle(one_chunk=True)
        return self._report_here(name) if name in self._briefs else None

    def _report_here(self, name: str) -> FileReport:
        """The report of a document not pending, read back if need be."""
        if name in self._sent:
            self._read_back(self._sent[name][1])
        return self._cache[name][1]

    def reports(self) -> list[FileReport]:
        """Every report of the last check, in its order (see :meth:`report`)."""
        return [report for name in self._order if (report := self.report(name)) is not None]

    def findings(self) -> list[tuple[str, list[Finding]]]:
        """Each document's findings, in the last check's order, without reading its report back."""
        while self._pending:
            self._settle()
        return [(name, self._briefs[name].findings) for name in self._order]

    def _read_back(self, sent: background.Sent) -> None:
        """The reports of a chunk the child sent (of its documents unchanged since); if they do not
        read back, those documents are checked here."""
        mine = [name for name in sent.names if name in self._sent and self._sent[name][1] is sent]
        try:
            with _collector_paused():
                reports = {report.path: report for report in sent.reports()}
        except background.BackgroundFailed as failed:
            self.background_failure = self.background_failure or str(failed)
            texts = {name: (self._sent.pop(name)[0], self._texts[name]) for name in mine}
            self.run(lambda grammar: self._check(grammar, texts))
            return
        for name in mine:
            self._cache[name] = (self._sent.pop(name)[0], reports[name])
        gc.freeze()  # kept until the next check: out of the collector's view (see start)

    def ask_sheet(self) -> None:
        """The cheat sheet's data will be wanted (:meth:`sheet`): a child process makes it once it has
        checked every document, while the site's pages are rendered."""
        if self._background is not None:
            try:
                self._background.ask_sheet()
            except background.BackgroundFailed as failed:
                self._lost(failed)

    def sheet(self) -> CheatSheet:
        """The cheat sheet's data (:func:`cheatsheet.collect`) of every document of the last check,
        keyed by name, in order: the child process's if it was asked for early (:meth:`ask_sheet`),
        else made here."""
        if self._sheet is None and self._background is not None and self._background.sheet_asked:
            try:
                with _collector_paused():
                    self._sheet = self._background.sheet()
                gc.freeze()
            except background.BackgroundFailed as failed:
                self._lost(failed)
        if self._sheet is None:
            reports = {report.path: report for report in self.reports()}
            self._sheet = self.run(lambda grammar: collect(reports, grammar))
        return self._sheet

    def finish(self) -> None:
        """Every document of the last check reported (waiting for the rest: :meth:`findings`,
        :meth:`reports`) and every page asked to be read (:meth:`read_page`) read; the run's stats
        are set."""
        while self._pending:
            self._settle()
        while self._asked:
            self._take_reading()
        self.abandon()
        self.grammar.source.save()  # what a child process learnt from docker
        self.stats = RunStats(
            documents=len(self._order),
            documents_checked=len(self._changed),
            commands=sum(self._briefs[n].commands for n in self._order),
            commands_checked=sum(self._briefs[n].commands for n in self._changed),
        )

    def abandon(self) -> None:
        """Stop a child process still at work (the documents it did not check are checked again next time)."""
        if self._background is not None:
            self._background.close()
            self._background = None
        self._pending.clear()
        self._asked.clear()

    # -- rendered pages ----------------------------------------------------
    def read_page(self, name: str, html: str, page_url: str, *, now: bool = False) -> PageReading | None:
        """Read a document's rendered page against its report (:func:`pages.read_page`), explaining its
        words as :attr:`explain` says; :meth:`page_reading` gives the outcome.

        In the child process that checked the site, if there is one (unless
        ``now``): the outcome is returned only when made here. None for a
        document of no report.
        """
        if self._background is not None and not now and (name in self._briefs or name in self._pending):
            try:  # not waiting for its report: the child reads it once it has checked it
                self._background.ask(name, html, page_url, self.explain)
                self._asked[name] = (html, page_url, self.explain)
                return None
            except background.BackgroundFailed as failed:  # read here, as every page after it
                self._lost(failed)
        report = self.report(name)
        if report is None:
            return None
        reading = self._read_here(report, html, page_url, self.explain)
        if not now:
            self._readings[name] = reading
        return reading

    def page_reading(self, name: str) -> PageReading | None:
        """What :meth:`read_page` gave for a document's page (waiting for it); None if it was not asked."""
        while name in self._asked:
            self._take_reading()
        return self._readings.get(name)

    def _take_reading(self) -> None:
        """The next reading from the child; if it fails, every page asked and not read is read here."""
        if self._background is not None:
            try:
                with _collector_paused():
                    name, reading = self._background.reading()
                html, _, _ = self._asked.pop(name)
                if reading.marked is not None:
                    reading.marked.source = html
                self._readings[name] = reading
                return
            except background.BackgroundFailed as failed:
                self._lost(failed)
        asked, self._asked = self._asked, {}
        for name, (html, page_url, explain) in asked.items():
            report = self.report(name)  # made here too, if the child did not send it
            if report is not None:
                self._readings[name] = self._read_here(report, html, page_url, explain)

    def _lost(self, failed: background.BackgroundFailed) -> None:
        """The child process failed (and is closed): what it did not do is done here, and
        :attr:`background_failure` says why."""
        self._background = None
        self.background_failure = str(failed)

    def _read_here(self, report: FileReport, html: str, page_url: str, explain: Explain | None) -> PageReading:
        return pages.read_page(self.grammar, report, self._texts[report.path], html, page_url, explain, self._explained)

    def _settle(self, one_chunk: bool = False) -> None:
        """Reports for pending documents: the child's next chunk (all, with ``one_chunk`` False), or,
        with no child or a child that failed, all of them checked here."""
        with _collector_paused():
            while self._background is not None and self._pending:
                try:
                    briefs, sent = self._background.next()
                    for brief in briefs:
                        self._sent[brief.path] = (self._pending.pop(brief.path)[0], sent)
                        self._briefs[brief.path] = brief
                except background.BackgroundFailed as failed:
                    self._lost(failed)  # what it did not send is checked here
                    break
                if one_chunk:
                    break
            if self._background is None and self._pending:
                pending, self._pending = self._pending, {}
                self.run(lambda grammar: self._check(grammar, pending))
        gc.freeze()

    def _check(self, grammar: Grammar, pending: Mapping[str, tuple[str, str]]) -> None:
        documents = {name: extract(text) for name, (_, text) in pending.items()}
        grammar.prefetch(command_words(documents.values()))
        for name, (digest, text) in pending.items():
            report = check_document(grammar, text, name, documents[name])
            self._cache[name] = (digest, report)
            self._briefs[name] = background.Brief.of(report)
            self._pending.pop(name, None)

    def _forget(self) -> None:
        """Drop every report: each document of the last check is to be checked again."""
        asked = dict(self._asked)
        self.abandon()
        self._asked = asked  # read here, against the new reports
        self._cache.clear()
        self._sent.clear()
        self._briefs.clear()
        self._sheet = None
        self._changed = list(self._order)
        self._pending = {name: (self._digests[name], self._texts[name]) for name in self._order}

    def check_paths(self, paths: Sequence[str | os.PathLike[str]]) -> list[FileReport]:
        """Check Markdown files and folders (see :func:`markdown_files`)."""
        return self.check({str(f): read_markdown(f) for f in markdown_files(paths)})


def load_grammar(
    source: str = "auto",
    executable: str | None = None,
    cache_dir: Path | None = None,
    timeout: float = 3.0,
    prefetch: Iterable[Sequence[str]] = (),
) -> Grammar:
    """The grammar for this machine (see :class:`DocsChecker`), with these commands' help fetched."""
    return DocsChecker(source, executable=executable, cache_dir=cache_dir, timeout=timeout).load(prefetch)


def check_paths(paths: Sequence[str | os.PathLike[str]], source: str = "auto") -> tuple[Grammar, list[FileReport]]:
    """Check Markdown files and folders; the grammar is loaded for what they use."""
    checker = DocsChecker(source)
    reports = checker.check_paths(paths)
    return checker.grammar, reports


def check_line(text: str, grammar: Grammar | None = None) -> list[Finding]:
    """Check shell text (one command line, or several) as commands, as docker would parse them:
    a code block whose every docker invocation is a command (no synopsis, output or prose reading)."""
    grammar = grammar or DocsChecker.shared("auto").grammar
    report = check_document(grammar, f"```sh\n{text}\n```\n", "<line>", commands_only=True)
    return [dataclasses.replace(f, line=f.line - 1) for f in report.findings]


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector for the length of a check.

    A check allocates a few objects per word and keeps them all (the
    reports live until the next check) and makes next to no reference
    cycles (a few dozen objects when the grammar loads), so the collector
    has almost nothing to free; but each of its full passes walks every
    object kept so far. On 1,000 pages those passes took a third of
    the check, a share that grows with the number of pages. Any cyclic
    garbage is collected once the collector runs again.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()

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

from .check import FileReport, check_document, command_words, markdown_files, read_markdown
from .diagnostics import Finding, counts
from .extract import extract
from .grammar import Grammar
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
            self._cache.clear()  # reports made with the failed source are made again
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
        """Reports for every document (name -> Markdown text), in the given order.

        The reports (a dozen small objects per command) are kept until the
        next check, and every full pass of Python's cyclic collector would
        walk all of them again: on 1,000 pages that cost more than the check
        itself. So the collector is paused during the check, and what is
        alive after it is frozen out of its view (``gc.freeze``; still freed
        when unreferenced) until the next check.
        """
        gc.unfreeze()
        with _collector_paused():
            reports = self.run(lambda grammar: self._check(grammar, texts))
        gc.freeze()
        return reports

    def _check(self, grammar: Grammar, texts: Mapping[str, str]) -> list[FileReport]:
        digests = {
            name: hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()
            for name, text in texts.items()
        }
        changed = [name for name in texts if self._cache.get(name, ("",))[0] != digests[name]]
        documents = {name: extract(texts[name]) for name in changed}
        grammar.prefetch(command_words(documents.values()))
        for name in changed:
            self._cache[name] = (digests[name], check_document(grammar, texts[name], name, documents[name]))
        for name in list(self._cache):
            if name not in texts:
                del self._cache[name]
        self.stats = RunStats(
            documents=len(texts),
            documents_checked=len(changed),
            commands=sum(len(self._cache[n][1].invocations) for n in texts),
            commands_checked=sum(len(documents[n].invocations) for n in changed),
        )
        return [self._cache[name][1] for name in texts]

    def report(self, name: str) -> FileReport | None:
        """The last report of a document checked by name."""
        cached = self._cache.get(name)
        return cached[1] if cached else None

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

"""Checking documents in a second process while a site generator renders pages.

A site generator such as MkDocs renders one page at a time, on one core. On
a big site the check costs about a tenth of the build (2.5 s of 23 s at
1,000 pages), all of it before the first page is rendered, and reading each
rendered page for the cheat sheet's marks, and collecting the cheat sheet,
cost more again. With a second core free, :class:`Background` forks a child
process, the grammar already loaded, that checks the documents in the order
given, in chunks that grow (8, 16, 32, then 64 documents), and sends each
chunk's reports back as soon as they are made, with each document's
findings apart (:class:`Brief`): the parent reads a report back only when
something asks for it (:class:`Sent`). Between chunks and after the last,
the child reads the rendered pages the parent hands it
(:func:`dockercheck.pages.read_page`: blocks only the HTML shows, the cheat
sheet's marks), each once its document is checked, so the generator never
waits for a report, and sends back what it found; once every document is
checked it makes the cheat sheet's data, if asked (:func:`collect`). The
parent's share is reading the marks and the cheat sheet back.

What crosses the pipes: from the child, per chunk, the help and flag probes
it got from docker on the way (the parent's source learns them first, so
nothing is asked twice and they reach the disk cache) with the reports,
pickled, and each page's reading; to the child, eight pages at a time,
where each rendered page is in a temporary file of no name the parent
appends the pages to (opened before the fork, so both have it, and gone
with them however they end), so that handing a page over never waits for
the child. A command of the grammar travels as a reference (its plugin and
path, :meth:`Grammar.locate`) and is found again in the parent's grammar, so
the reports point into the parent's tree as reports made there would. No
thread: whenever the parent sends pages it takes in what the child has sent
(read, not unpickled), and when the pipe to the child is full it reads what
the child sends meanwhile, so neither waits on the other.

The child writes nothing but to its pipe, does not log, and exits when the
parent says so
(:meth:`Background.close`) or goes away. Any failure of the child (an
exception, a crash, something that does not read back) is a
:class:`BackgroundFailed`: the parent then does the rest itself, with the
same result as a build that never forked. Only where ``fork`` exists (Linux,
not Windows), with two cores and enough documents for the fork to pay;
``DOCKERCHECK_BACKGROUND=0`` turns it off, ``=1`` on for any number of
documents.
"""

from __future__ import annotations

import contextlib
import contextvars
import copyreg
import dataclasses
import gc
import io
import multiprocessing
import operator
import os
import pickle
import select
import tempfile
from collections import deque
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any, NamedTuple

from .cheatsheet import CheatSheet, collect
from .check import CheckedInvocation, FileReport, check_document, command_words
from .diagnostics import Finding
from .extract import Block, Invocation, extract
from .flags import Flag
from .grammar import Grammar
from .model import Command, Option
from .pages import Explain, PageReading, read_page
from .shell import Word
from .validate import Checked, Issue

ENV = "DOCKERCHECK_BACKGROUND"
MIN_DOCUMENTS = 32  # fewer: the fork and the reading back cost more than checking them here
GROWTH = (8, 16, 32)  # the first chunks: the first page waits for the first chunk only
CHUNK = 64
BATCH = 8  # rendered pages handed over per message to the child


class BackgroundFailed(RuntimeError):
    """The child process could not deliver the next chunk of reports."""


def cores() -> int:
    """The cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def worth_it(documents: int) -> bool:
    """Whether to check this many documents in a child process: where it pays on this machine, or as
    ``DOCKERCHECK_BACKGROUND`` says (0: never; 1: always, where ``fork`` exists)."""
    wanted = os.environ.get(ENV, "")
    if wanted == "0" or "fork" not in multiprocessing.get_all_start_methods():
        return False
    return wanted == "1" or (documents >= MIN_DOCUMENTS and cores() >= 2)


def chunks(count: int) -> list[range]:
    """The documents of each chunk, by index: 8, 16, 32, then 64 at a time."""
    out, start, sizes = [], 0, iter(GROWTH)
    while start < count:
        size = next(sizes, CHUNK)
        out.append(range(start, min(count, start + size)))
        start += size
    return out


# The objects of a report, pickled as their class and fields in order: a tuple read back by a
# call, where pickle's default for a slotted class is a dict of its fields per object (twice as
# slow to read back, and the parent reads 30 objects per command).
_CLASSES = (FileReport, CheckedInvocation, Invocation, Block, Word, Checked, Issue, Flag, Finding, Option)
assert all(f.init for cls in _CLASSES for f in dataclasses.fields(cls)), "a field set by __init__ only"
assert all(len(dataclasses.fields(cls)) > 1 for cls in _CLASSES), "attrgetter of one name gives no tuple"


def _by_fields(cls: type) -> Callable[[Any], tuple[type, tuple]]:
    fields = operator.attrgetter(*(f.name for f in dataclasses.fields(cls)))
    return lambda obj: (cls, fields(obj))


_DISPATCH: dict[type, Any] = {**copyreg.dispatch_table, **{cls: _by_fields(cls) for cls in _CLASSES}}


_READING_INTO: contextvars.ContextVar[Grammar] = contextvars.ContextVar("grammar")


def _command(plugin: str, path: tuple[str, ...]) -> Command:
    """A command pickled by :class:`_Pickler`, found in the grammar being read into."""
    return _READING_INTO.get().resolve(plugin, path)


class _Pickler(pickle.Pickler):
    """Pickles a grammar's commands as where they are in it (see :meth:`Grammar.locate`).

    (A reducer in the dispatch table rather than ``persistent_id``, which
    would be called for every object pickled.)"""

    def __init__(self, file: io.BytesIO, grammar: Grammar) -> None:
        super().__init__(file, protocol=pickle.HIGHEST_PROTOCOL)
        self.dispatch_table = {**_DISPATCH, Command: self._reduce_command}
        self.grammar = grammar

    def _reduce_command(self, command: Command) -> tuple:
        where = self.grammar.locate(command)
        return (_command, where) if where is not None else command.__reduce__()


def dumps(obj: Any, grammar: Grammar) -> bytes:
    buffer = io.BytesIO()
    _Pickler(buffer, grammar).dump(obj)
    return buffer.getvalue()


def loads(data: bytes, grammar: Grammar) -> Any:
    token = _READING_INTO.set(grammar)
    try:
        return pickle.loads(data)
    finally:
        _READING_INTO.reset(token)


class Brief(NamedTuple):
    """What the parent needs of a report before (or without) reading it back: its findings and size."""

    path: str
    commands: int
    findings: list[Finding]

    @classmethod
    def of(cls, report: FileReport) -> Brief:
        return cls(report.path, len(report.invocations), report.findings)


SHEET = "sheet"  # the parent's request for the cheat sheet's data


def _work(
    out: Any,
    requests: Any,
    pages: int,
    grammar: Grammar,
    texts: Sequence[tuple[str, str]],
    reports: dict[str, FileReport],
    sources: Mapping[str, str],
) -> None:
    """The child: check ``texts`` chunk by chunk, sending (new answers, briefs, reports) after each;
    read the rendered pages the parent hands over (:func:`pages.read_page`; each one where it is in
    the file ``pages``) as they come and their documents are checked; once every document is
    checked, make the cheat sheet's data if asked (:data:`SHEET`); until the parent sends None or
    goes away.

    ``reports``: those of the documents not checked again; ``sources``: every document's text, in
    the site's order.
    """
    gc.disable()  # it lives for one build and keeps what it makes: there is little to collect
    explained: dict[tuple, str] = {}
    waiting: deque[tuple] = deque()  # pages handed over, not read yet
    sheet_asked = False
    source = grammar.source
    helps, probes = source.answers()
    known_helps, known_probes = set(helps), set(probes)

    def new_answers() -> tuple[dict, dict]:
        """What docker answered since the last time (the parent learns it too)."""
        helps, probes = source.answers()
        new = {k: helps[k] for k in helps.keys() - known_helps}, {k: probes[k] for k in probes.keys() - known_probes}
        known_helps.update(new[0])
        known_probes.update(new[1])
        return new

    def send(message: tuple) -> None:
        out.send_bytes(pickle.dumps(message, pickle.HIGHEST_PROTOCOL))

    def serve() -> None:
        """Read the pages handed over, in order, as far as their documents are checked."""
        while waiting and waiting[0][0] in reports:
            name, offset, size, page_url, explain = waiting.popleft()
            html = os.pread(pages, size, offset).decode("utf-8", "surrogatepass")
            reading = read_page(grammar, reports[name], sources[name], html, page_url, explain, explained)
            if reading.marked is not None:
                reading.marked.source = ""  # the parent has the HTML
            send(("reading", name, dumps(reading, grammar)))

    def take(request: list[tuple] | str | None) -> bool:
        """Pages handed over are queued and read as far as they can be; None: the end."""
        nonlocal sheet_asked
        if request is None:
            return False
        if isinstance(request, str):  # SHEET
            sheet_asked = True
        else:
            waiting.extend(request)
            serve()
        return True

    try:
        source.renew_budget()
        for part in chunks(len(texts)):
            items = texts[part.start : part.stop]
            documents = [extract(text) for _, text in items]
            grammar.prefetch(command_words(documents))
            made = [
                check_document(grammar, text, name, doc) for (name, text), doc in zip(items, documents, strict=True)
            ]
            reports.update((report.path, report) for report in made)
            send(("reports", (new_answers(), list(map(Brief.of, made))), dumps(made, grammar)))
            serve()  # pages handed over before their documents were checked
            while requests.poll():  # pages already rendered: read between chunks, the parent never waits
                if not take(pickle.loads(requests.recv_bytes())):
                    return
        while not sheet_asked or requests.poll():  # the pages, and the request for the sheet, sent so far
            if not take(pickle.loads(requests.recv_bytes())):
                return
        sheet = collect({name: reports[name] for name in sources}, grammar)
        send((SHEET, new_answers(), dumps(sheet, grammar)))
        while take(pickle.loads(requests.recv_bytes())):
            pass
    except EOFError:  # the parent went away
        pass
    except BaseException as error:  # whatever it is, the parent does the rest itself
        with contextlib.suppress(Exception):
            out.send_bytes(pickle.dumps(("failed", f"{type(error).__name__}: {error}", b"")))
    finally:
        out.close()
        # Out at once: multiprocessing would flush the parent's standard streams on the way out, whose
        # locks another thread of the parent (a server's, a test runner's) may have held at the fork.
        os._exit(0)


def _widen(conn: Any) -> None:
    """A pipe of 1 MiB where Linux allows it (64 KiB by default): fewer waits on either side."""
    with contextlib.suppress(ImportError, AttributeError, OSError):
        import fcntl

        fcntl.fcntl(conn.fileno(), fcntl.F_SETPIPE_SZ, 1 << 20)


class Sent:
    """The reports of one chunk as the child sent them, read back (unpickled) when first wanted: a
    build that only logs the findings (:class:`Brief`) never pays for reading them."""

    def __init__(self, payload: bytes, grammar: Grammar, names: list[str]) -> None:
        self.payload, self.grammar, self.names = payload, grammar, names

    def reports(self) -> list[FileReport]:
        """The reports, in order (:class:`BackgroundFailed` if they do not read back as such)."""
        try:
            reports = loads(self.payload, self.grammar)
        except Exception as error:
            raise BackgroundFailed(f"the checking process sent reports that do not read back: {error}") from error
        if not isinstance(reports, list) or [getattr(r, "path", None) for r in reports] != self.names:
            raise BackgroundFailed("the checking process sent reports of other documents")
        return reports


class Background:
    """A check running in a child process, which reads the rendered pages sent to it too.

    :meth:`next` gives each chunk's briefs and reports (as sent) in order;
    :meth:`ask` hands over a rendered page, :meth:`reading` gives the
    readings back in the order asked; :meth:`ask_sheet` and :meth:`sheet`
    the cheat sheet's data. A page goes into a temporary file of no name (the pipe carries
    where): handing it over never waits for the child; what the child has
    sent is taken in on the way, and read meanwhile when the pipe to the
    child is full, so neither ever waits for the other to read.
    """

    def __init__(
        self,
        grammar: Grammar,
        texts: Sequence[tuple[str, str]],
        reports: dict[str, FileReport],
        sources: Mapping[str, str],
    ) -> None:
        """Check ``texts`` (name, Markdown) in a child; ``reports`` are those of the other documents
        whose pages it may be asked to read, ``sources`` every document's text."""
        context = multiprocessing.get_context("fork")
        self.grammar = grammar
        self.names = [name for name, _ in texts]
        self.parts = deque(chunks(len(texts)))
        self.asked: deque[str] = deque()
        # of no name (Linux): gone with both processes however they end; closed by close()
        self._pages = tempfile.TemporaryFile()  # noqa: SIM115
        self._written = 0
        self._frames: deque[bytes] = deque()  # read ahead while waiting to send
        self._outbox: list[tuple] = []  # pages handed over, not sent yet
        self._kept: dict[str, deque[tuple[Any, bytes]]] = {"reports": deque(), "reading": deque(), SHEET: deque()}
        self.failure: str | None = None  # why it stopped, when it failed
        self.sheet_asked = False  # ask_sheet was called: the child makes the cheat sheet's data
        self._from_child, child_out = context.Pipe(duplex=False)
        child_in, self._to_child = context.Pipe(duplex=False)
        for conn in (child_out, child_in):
            _widen(conn)
        # the child's own copies (forked), and the pages' file: the same open file
        args = (child_out, child_in, self._pages.fileno(), grammar, list(texts), reports, sources)
        self.process = context.Process(target=_work, args=args, name="dockercheck", daemon=True)
        self.process.start()
        child_out.close()
        child_in.close()

    def _send(self, message: object) -> None:
        data = pickle.dumps(message, pickle.HIGHEST_PROTOCOL)  # a few hundred bytes: one write
        while True:
            _, writable, _ = select.select([self._from_child], [self._to_child], [])
            if writable:
                self._to_child.send_bytes(data)
                return
            self._frames.append(self._from_child.recv_bytes())

    def _message(self, kind: str) -> tuple[Any, bytes]:
        """The next message of this kind ("reports" or "reading"): the child sends readings between
        chunks, each kind in order; one of the other kind read on the way waits for its turn."""
        if self._kept[kind]:
            return self._kept[kind].popleft()
        self._flush()  # what it is to answer may be here still
        while True:
            data = self._frames.popleft() if self._frames else self._from_child.recv_bytes()  # EOFError: gone
            got, head, payload = pickle.loads(data)
            if got == "failed":
                raise BackgroundFailed(f"the checking process failed: {head}")
            if got == kind:
                return head, payload
            self._kept[got].append((head, payload))

    def next(self) -> tuple[list[Brief], Sent]:
        """The next chunk: each document's brief, and the reports as sent (read back when first
        wanted); :class:`BackgroundFailed` if they do not come."""
        part = self.parts[0]
        with self._failures():
            ((helps, probes), briefs), payload = self._message("reports")
            self.grammar.source.learn(helps, probes)
            names = self.names[part.start : part.stop]
            if [b.path for b in briefs] != names:
                raise BackgroundFailed("the checking process sent reports of other documents")
        self.parts.popleft()
        return briefs, Sent(payload, self.grammar, names)

    def ask_sheet(self) -> None:
        """Ask for the cheat sheet's data of every document, made once all of them are checked."""
        with self._failures():
            self._flush()
            self._send(SHEET)
        self.sheet_asked = True

    def sheet(self) -> CheatSheet:
        """The cheat sheet's data asked for (:meth:`ask_sheet`), waiting for it."""
        with self._failures():
            (helps, probes), payload = self._message(SHEET)
            self.grammar.source.learn(helps, probes)
            sheet = loads(payload, self.grammar)
            if not isinstance(sheet, CheatSheet):
                raise BackgroundFailed("the checking process sent no cheat sheet")
            return sheet

    def ask(self, name: str, html: str, page_url: str, explain: Explain | None) -> None:
        """Hand over a rendered page to be read (:func:`pages.read_page`) against the report of ``name``
        (one of the documents given, checked or not yet)."""
        with self._failures():
            data = html.encode("utf-8", "surrogatepass")
            os.pwrite(self._pages.fileno(), data, self._written)
            self._outbox.append((name, self._written, len(data), page_url, explain))
            self._written += len(data)
            if len(self._outbox) >= BATCH:
                self._flush()
        self.asked.append(name)

    def _flush(self) -> None:
        """Send the pages handed over since the last time; take in what the child sent meanwhile, so
        that it never waits long for room in its pipe."""
        if self._outbox:
            batch, self._outbox = self._outbox, []
            self._send(batch)
            while self._from_child.poll():
                self._frames.append(self._from_child.recv_bytes())

    def reading(self) -> tuple[str, PageReading]:
        """The reading of the page asked first of those not given yet (its marks' HTML left empty)."""
        assert self.asked
        with self._failures():
            name, payload = self._message("reading")
            if name != self.asked[0]:
                raise BackgroundFailed(f"the checking process read {name!r} out of turn")
            reading = loads(payload, self.grammar)
        self.asked.popleft()
        return str(name), reading

    @contextlib.contextmanager
    def _failures(self) -> Iterator[None]:
        try:
            yield
        except BackgroundFailed as error:
            self.failure = str(error)
            self.close()
            raise
        except Exception as error:  # EOF (a crash), something that does not read back
            self.failure = f"the checking process failed: {type(error).__name__}: {error}"
            self.close()
            raise BackgroundFailed(self.failure) from error

    def close(self) -> None:
        """End the child (at once, if it is still working), its pipes and the pages' file."""
        self.parts.clear()
        if self.process.is_alive() and not self.asked:
            with contextlib.suppress(OSError, ValueError):
                self._to_child.send_bytes(pickle.dumps(None))
            self.process.join(timeout=2)
        if self.process.is_alive():
            self.process.terminate()
        self.process.join(timeout=10)
        self._from_child.close()
        self._to_child.close()
        self._pages.close()

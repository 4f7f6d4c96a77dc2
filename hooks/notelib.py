"""Pure helpers behind hooks/notes.py and hooks/images.py: front-matter, titles, <img> tags, the note list.

Everything here works on plain strings and small values, so it is tested
without building a site (tests/test_notelib.py).
"""

from __future__ import annotations

import datetime as dt
import os
import posixpath
import re
import reprlib
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from html import escape
from html.parser import HTMLParser
from typing import Any
from urllib.parse import unquote, urlsplit

import yaml
from markdown_it import MarkdownIt
from mkdocs.utils import get_markdown_title, get_relative_url

# The delimiters MkDocs itself recognises (mkdocs.utils.meta.YAML_RE).
FRONT_MATTER_RE = re.compile(r"^-{3}[ \t]*\n(.*?\n)(?:\.{3}|-{3})[ \t]*\n", re.DOTALL)

# Placeholder in a page that the list of notes replaces.
NOTES_MARKER = "<!-- notes-list -->"


# --------------------------------------------------------------------------
# Front-matter
# --------------------------------------------------------------------------


class FrontMatterError(ValueError):
    """A front-matter block that must stop the build; `line` is 1-based in the file."""

    def __init__(self, message: str, line: int | None = None, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.field = field  # the front-matter key it is about, if any


# Bounds on what a front-matter block may be: a pull request controls it, and
# YAML aliases ("billion laughs") make a few hundred bytes expand without end
# as soon as a value is printed or rendered.
MAX_FRONT_MATTER = 64 * 1024  # characters
MAX_DEPTH = 20  # nested lists and mappings
MAX_NODES = 10_000
# The theme writes these fields into every page's HTML as they are (titles in
# the navigation, `content="..."` of the description meta tag, tag names).
MARKUP_FIELDS = ("title", "description", "category")
MARKUP = re.compile(r'[<>"]')


class _BoundedLoader(yaml.SafeLoader):
    """PyYAML's safe loader without aliases, with bounded depth and size."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.depth = 0
        self.nodes = 0

    def compose_node(self, parent: yaml.Node | None, index: int) -> yaml.Node | None:
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise FrontMatterError(
                f"front-matter uses the YAML alias *{event.anchor}: aliases are not allowed here",
                event.start_mark.line + 2,
            )
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise FrontMatterError(f"front-matter has more than {MAX_NODES} values")
        self.depth += 1
        try:
            if self.depth > MAX_DEPTH:
                raise FrontMatterError(
                    f"front-matter nests lists or mappings more than {MAX_DEPTH} deep",
                    self.peek_event().start_mark.line + 2,
                )
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


def parse_front_matter(text: str) -> dict[str, Any]:
    """Return a page's front-matter ({} if it has none), with its fields checked.

    MkDocs silently treats a block it cannot read as Markdown, so the block is
    parsed again here and every problem is raised, with the line it is on
    where there is one. Aliases, deep nesting and huge blocks are refused
    before anything is built from them.
    """
    match = FRONT_MATTER_RE.match(text)
    if not match:
        return {}
    if len(match.group(1)) > MAX_FRONT_MATTER:
        raise FrontMatterError(f"front-matter is longer than {MAX_FRONT_MATTER // 1024} KiB", 1)
    loader = _BoundedLoader(match.group(1))
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        # +1 for 1-based lines, +1 for the opening "---".
        line = mark.line + 2 if mark else None
        raise FrontMatterError(f"front-matter is not valid YAML: {error.problem}", line) from error
    except yaml.YAMLError as error:
        raise FrontMatterError(f"front-matter is not valid YAML: {_short(error)}") from error
    except ValueError as error:  # a date-shaped value that is no date: 2019-13-45
        if isinstance(error, FrontMatterError):
            raise
        raise FrontMatterError(f"front-matter holds an impossible date: {error}") from error
    finally:
        loader.dispose()
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise FrontMatterError(f"front-matter must be a mapping of `key: value` lines, not a {_yaml_kind(data)}", 2)
    assert node is not None  # data is a mapping, so there was a node
    lines = {k.value: k.start_mark.line + 2 for k, _ in node.value if isinstance(k, yaml.ScalarNode)}
    try:
        return _check_fields(data)
    except FrontMatterError as error:
        error.line = error.line or lines.get(error.field)
        raise


_REPR = reprlib.Repr()
_REPR.maxstring = _REPR.maxother = 60
_REPR.maxlist = _REPR.maxdict = 4
_REPR.maxlevel = 2


def _short(value: object) -> str:
    """A value for an error message: bounded, whatever it holds (repr escapes control characters)."""
    return _REPR.repr(value)


def _check_fields(data: dict[Any, Any]) -> dict[str, Any]:
    title = data.get("title")
    if "title" in data and not (isinstance(title, str) and title.strip()):
        raise FrontMatterError(f"'title' must be a non-empty text, got {_short(title)}", field="title")
    if "birth" in data:
        data["birth"] = _as_date(data["birth"])
    category = data.get("category")
    if "category" in data and not (
        isinstance(category, list) and all(isinstance(c, str) and c.strip() for c in category)
    ):
        raise FrontMatterError(
            f"'category' must be a list of names (lines starting with '- '), got {_short(category)}",
            field="category",
        )
    description = data.get("description")
    if "description" in data and not isinstance(description, str):
        raise FrontMatterError(f"'description' must be a text, got {_short(description)}", field="description")
    for name in MARKUP_FIELDS:
        values = data.get(name)
        for value in values if isinstance(values, list) else [values]:
            if isinstance(value, str) and MARKUP.search(value):
                raise FrontMatterError(
                    f"'{name}' must not contain <, > or \" (the theme writes it into the HTML as it is): "
                    f"got {_short(value)}",
                    field=name,
                )
    return data


def _as_date(value: object) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    raise FrontMatterError(
        f"'birth' must be a date written as YYYY-MM-DD without quotes, got {_short(value)}", field="birth"
    )


def _yaml_kind(value: object) -> str:
    names: dict[type, str] = {list: "list", str: "text"}
    return names.get(type(value), type(value).__name__)


# --------------------------------------------------------------------------
# <img> tags in rendered HTML
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class ImgTag:
    """One <img> start tag: where it sits in the HTML and its attributes."""

    start: int
    end: int
    attrs: tuple[tuple[str, str | None], ...]
    self_closing: bool

    def get(self, name: str) -> str | None:
        return next((value for key, value in self.attrs if key == name), None)

    def with_attr(self, name: str, value: str) -> str:
        """This tag serialised again, with one attribute replaced."""
        parts = ["<img"]
        for key, old in self.attrs:
            new = value if key == name else old
            parts.append(f" {key}" if new is None else f' {key}="{escape(new)}"')
        parts.append(" />" if self.self_closing else ">")
        return "".join(parts)


class _ImgFinder(HTMLParser):
    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[ImgTag] = []
        self._line_starts = [0] + [m.end() for m in re.finditer("\n", html)]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "img":
            line, column = self.getpos()
            start = self._line_starts[line - 1] + column
            raw = self.get_starttag_text() or ""
            self.tags.append(ImgTag(start, start + len(raw), tuple(attrs), raw.endswith("/>")))

    handle_startendtag = handle_starttag


_IMG_OPEN = re.compile(r"<img", re.IGNORECASE)


def find_img_tags(html: str) -> list[ImgTag]:
    """Every <img> tag in `html`; text inside code blocks is escaped, so not a tag."""
    if not _IMG_OPEN.search(html):
        return []  # no tag can start: skip parsing the whole page
    finder = _ImgFinder(html)
    finder.feed(html)
    finder.close()
    return finder.tags


def is_local(src: str) -> bool:
    """True for a relative reference such as ./img/x.png (no scheme, host or leading /)."""
    parts = urlsplit(src)
    return bool(parts.path) and not (parts.scheme or parts.netloc or parts.path.startswith("/"))


def image_candidates(src: str, *, page_src_uri: str, page_url: str) -> list[str]:
    """The files (paths in the built site) a relative `src` may mean, in order.

    First as MkDocs writes a Markdown image: relative to the page's URL. Then
    as an author writes a raw tag in a note: relative to the note's source file,
    where ./img/ is the top-level img/ folder.
    """
    path = unquote(urlsplit(src).path)
    page_dir = page_url if page_url.endswith("/") or not page_url else posixpath.dirname(page_url)
    bases = [unquote(page_dir.rstrip("/")), posixpath.dirname(page_src_uri)]
    return list(dict.fromkeys(posixpath.normpath(posixpath.join(base, path)) for base in bases))


@dataclass(frozen=True)
class ImageProblem:
    src: str
    message: str


def rewrite_images(
    html: str, *, page_src_uri: str, page_url: str, urls: Mapping[str, str]
) -> tuple[str, list[ImageProblem]]:
    """Point every local <img src> of a page at its file in the built site.

    `urls` maps a file's path in the site (img/x.png) to its URL-quoted URL
    from the site root. Returns the new HTML and the problems found: a missing
    file, a missing or empty alt text. Tags that are already right are kept
    byte for byte.
    """
    problems: list[ImageProblem] = []
    pieces: list[str] = []
    done = 0
    for tag in find_img_tags(html):
        src = tag.get("src") or ""
        if not (tag.get("alt") or "").strip():
            problems.append(ImageProblem(src, "has no alt text"))
        if not is_local(src):
            if not src:
                problems.append(ImageProblem(src, "has no src"))
            continue
        candidates = image_candidates(src, page_src_uri=page_src_uri, page_url=page_url)
        found = next((urls[c] for c in candidates if c in urls), None)
        if found is None:
            problems.append(ImageProblem(src, f"points at {candidates[-1]}, which does not exist"))
            continue
        new_src = get_relative_url(found, page_url) + _query_and_fragment(src)
        if new_src != src:
            pieces += [html[done : tag.start], tag.with_attr("src", new_src)]
            done = tag.end
    pieces.append(html[done:])
    return "".join(pieces), problems


def _query_and_fragment(src: str) -> str:
    parts = urlsplit(src)
    return (f"?{parts.query}" if parts.query else "") + (f"#{parts.fragment}" if parts.fragment else "")


# --------------------------------------------------------------------------
# List of notes
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class Note:
    src_uri: str
    title: str
    birth: dt.date


_BLOCKS = MarkdownIt("commonmark").disable(["inline", "text_join"])


def marker_lines(markdown: str) -> list[int]:
    """0-based lines where NOTES_MARKER stands as a block of its own.

    Only an HTML block that is the marker alone counts: the same text in a
    code block, a code span or a paragraph is left as written.
    """
    if NOTES_MARKER not in markdown:
        return []
    return [
        token.map[0]
        for token in _BLOCKS.parse(markdown)
        if token.type == "html_block" and token.map and token.content.strip() == NOTES_MARKER
    ]


def insert_notes_list(markdown: str, listing: str) -> str:
    """The page with each marker block (see marker_lines) replaced by ``listing``."""
    rows = marker_lines(markdown)
    if not rows:
        return markdown
    lines = markdown.split("\n")
    for row in rows:
        lines[row] = listing
    return "\n".join(lines)


def format_date(day: dt.date) -> str:
    """A date as every page shows it: 2019年5月23日 (the home list and under a note's title)."""
    return f"{day.year}年{day.month}月{day.day}日"


def page_title(meta: Mapping[str, Any], text: str, src_uri: str, *, is_homepage: bool = False) -> str:
    """A page's title by MkDocs' own rule, before MkDocs reads the page.

    Front-matter ``title``, else the first level-1 heading (MkDocs'
    get_markdown_title), else the file name as MkDocs turns it into a title.
    The cheat sheet, written after every page is read, uses MkDocs' page.title.
    """
    if isinstance(meta.get("title"), str) and meta["title"].strip():
        return meta["title"].strip()
    heading = get_markdown_title(FRONT_MATTER_RE.sub("", text, count=1))
    if heading:
        return heading
    if is_homepage:
        return "Home"
    name = posixpath.splitext(posixpath.basename(src_uri))[0]
    if name == "index" and "/" in src_uri:
        name = posixpath.basename(posixpath.dirname(src_uri))
    title = name.replace("-", " ").replace("_", " ")
    return title.capitalize() if title.lower() == title else title


def image_names(folder: str, suffixes: tuple[str, ...]) -> list[str]:
    """The image files directly in ``folder`` (by suffix), sorted; none when it is missing."""
    if not os.path.isdir(folder):
        return []
    return sorted(
        name
        for name in os.listdir(folder)
        if name.lower().endswith(suffixes) and os.path.isfile(os.path.join(folder, name))
    )


def notes_list(notes: Iterable[Note], *, from_src_uri: str) -> str:
    """Markdown list of notes, newest first, linked relative to the page `from_src_uri`."""
    ordered = sorted(notes, key=lambda n: (-n.birth.toordinal(), n.title, n.src_uri))
    if not ordered:
        return "（还没有笔记）"
    return "\n".join(
        f"- [{n.title}]({get_relative_url(n.src_uri, from_src_uri)})（创建于 {format_date(n.birth)}）" for n in ordered
    )


# --------------------------------------------------------------------------
# Order of the navigation
# --------------------------------------------------------------------------

HOME, NOTE, GENERATED, OTHER = range(4)


def nav_rank(src_uri: str | None, *, home: str | None, notes: Collection[str], generated: Collection[str]) -> int:
    """Where a top-level navigation item goes: home, the notes, generated pages, the rest.

    `src_uri` is None for an item that is not a page (a section, a link).
    Items of the same rank keep their order (MkDocs sorts them by file name).
    """
    if src_uri is not None and src_uri == home:
        return HOME
    if src_uri in notes:
        return NOTE
    if src_uri in generated:
        return GENERATED
    return OTHER

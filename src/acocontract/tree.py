"""The one document tree every writer reads, built once in assembly.

Nodes are immutable named tuples (quick to define at start-up and to make in their thousands);
compare them by type as well as value where that matters.

Every concept a reader sees is a node here: the cover, the contents, parts and clauses, numbered
paragraphs and their lettered items, definitions, clauses shown as not used, tables with their
column widths, draft banners, and inline runs (text, defined terms, cross-references,
placeholders, insertions and deletions). Writers translate nodes; they never re-derive a layout
decision (see `acocontract.render.base`).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import NamedTuple


# Inline runs --------------------------------------------------------------------------------
class Text(NamedTuple):
    text: str


class Term(NamedTuple):
    """A use of a defined term; `text` is what is printed."""

    term: str
    text: str


class Ref(NamedTuple):
    """A cross-reference to a clause (GC14) or numbered paragraph (GC14.2)."""

    target: str
    text: str


class Placeholder(NamedTuple):
    """Content for local completion that the profile has not supplied."""

    text: str


class Insertion(NamedTuple):
    """Wording added against the national text (a redline), with who made it and when."""

    runs: tuple[Run, ...]
    author: str = ""
    date: str = ""  # ISO date, or "" when the change has no date


class Deletion(NamedTuple):
    """National wording removed (a redline)."""

    runs: tuple[Run, ...]
    author: str = ""
    date: str = ""


Run = Text | Term | Ref | Placeholder | Insertion | Deletion


def plain(runs: tuple[Run, ...] | list[Run], *, deleted: bool = False) -> str:
    """The text a reader sees (deleted runs omitted unless asked for)."""
    out: list[str] = []
    for run in runs:
        if isinstance(run, Insertion):
            out.append(plain(run.runs, deleted=deleted))
        elif isinstance(run, Deletion):
            if deleted:
                out.append(plain(run.runs, deleted=deleted))
        else:
            out.append(run.text)
    return "".join(out)


# Blocks -------------------------------------------------------------------------------------
class Item(NamedTuple):
    """A lettered (a) or numbered (i) sub-paragraph; `level` 0 is (a), 1 is (i)."""

    marker: str
    runs: tuple[Run, ...]
    items: tuple[Item, ...] = ()
    level: int = 0


class Paragraph(NamedTuple):
    """A paragraph; `number` is its printed number (GC14.2) and `anchor` its link target."""

    runs: tuple[Run, ...]
    number: str = ""
    anchor: str = ""
    items: tuple[Item, ...] = ()


class NotUsed(NamedTuple):
    """A clause or paragraph kept for its number only: printed "Not used."."""

    number: str = ""
    anchor: str = ""
    text: str = "Not used."


class Definition(NamedTuple):
    """One entry of a definitions list: the term, then what it means."""

    term: Term
    runs: tuple[Run, ...]


class Heading(NamedTuple):
    """An unnumbered sub-heading within a clause."""

    text: str


class Table(NamedTuple):
    """A table; `widths` are the columns' relative widths (one per column)."""

    header: tuple[str, ...]
    rows: tuple[tuple[tuple[Run, ...], ...], ...]
    widths: tuple[int, ...] = ()

    @property
    def columns(self) -> int:
        return max([len(self.header)] + [len(r) for r in self.rows])


class Banner(NamedTuple):
    """A warning shown with the document and each part (an unapproved draft)."""

    text: str


Block = Paragraph | NotUsed | Definition | Heading | Table


# Structure ----------------------------------------------------------------------------------
class Clause(NamedTuple):
    id: str
    label: str  # "GC14", "Schedule 2A", "Clause 7", or the title for an unnumbered part
    title: str
    included: bool
    reason: str
    blocks: tuple[Block, ...] = ()

    @property
    def heading(self) -> str:
        if not self.label or self.label == self.title:
            return self.title
        return f"{self.label} {self.title}"


class Part(NamedTuple):
    id: str
    title: str
    clauses: tuple[Clause, ...]
    banner: Banner | None = None


class Cover(NamedTuple):
    """The front page: title, the local arrangement's name, and the edition it comes from."""

    title: str
    subtitle: str
    edition_note: str


class ContentsEntry(NamedTuple):
    level: int  # 1 a part, 2 a clause
    anchor: str
    text: str
    included: bool = True


class Contents(NamedTuple):
    title: str
    entries: tuple[ContentsEntry, ...]


class Document(NamedTuple):
    id: str
    title: str
    subtitle: str  # the local arrangement's name
    edition: str
    cover: Cover
    contents: Contents
    parts: tuple[Part, ...]
    banner: Banner | None = None
    terms: tuple[str, ...] = ()
    date: str = ""  # ISO: the edition's publication date, which stands for the document's own

    def clauses(self) -> list[Clause]:
        return [c for part in self.parts for c in part.clauses]


Node = Document | Cover | Contents | ContentsEntry | Banner | Part | Clause | Block | Item | Run


def children(node: object) -> tuple[object, ...]:
    """A node's children in document order (runs included)."""
    if isinstance(node, Document):
        banner = (node.banner,) if node.banner else ()
        return (node.cover, *banner, node.contents, *node.parts)
    if isinstance(node, Contents):
        return node.entries
    if isinstance(node, Part):
        return ((node.banner,) if node.banner else ()) + node.clauses
    if isinstance(node, Clause):
        return node.blocks
    if isinstance(node, Paragraph | Item):
        return node.runs + node.items
    if isinstance(node, Definition):
        return (node.term, *node.runs)
    if isinstance(node, Table):
        return tuple(run for row in node.rows for cell in row for run in cell)
    if isinstance(node, Insertion | Deletion):
        return node.runs
    return ()


def walk(node: object) -> Iterator[object]:
    """Every node under `node` (itself first), depth first in document order."""
    stack = [node]
    while stack:
        current = stack.pop()
        yield current
        stack.extend(reversed(children(current)))

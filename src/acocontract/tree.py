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
    """A cross-reference to a clause (GC14) or numbered paragraph (GC14.2).

    `text` is what is printed; its first `len(prefix)` characters are literal words and the
    rest is the target's own number as printed where the target is ("Schedule 2A paragraph "
    then "3"; "Clause " then "4.1"; "" then "GC14.2"), so Word can show that number through a
    field that follows the bookmark on it.
    """

    target: str
    text: str
    prefix: str = ""

    @property
    def number(self) -> str:
        return self.text[len(self.prefix) :]


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


def split_label(label: str) -> tuple[str, str]:
    """A paragraph's reference label as (literal words, number): the number is the last word,
    and is what the paragraph's number column shows ("Schedule 2A paragraph 3" -> "3",
    "Clause 4.1" -> "4.1", "GC14.2" -> "GC14.2")."""
    cut = label.rfind(" ") + 1
    return label[:cut], label[cut:]


class Change(NamedTuple):
    """A whole block inserted or deleted in a redline: its number, its text and its paragraph
    mark all belong to the change, so accepting or rejecting it leaves no empty paragraph."""

    kind: str  # "ins" or "del"
    author: str = ""
    date: str = ""  # ISO date, or "" when the change has no date


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
    change: Change | None = None


class Paragraph(NamedTuple):
    """A paragraph; `number` is what its number column shows (GC14.2, or 3 in a schedule) and
    `anchor` its link target."""

    runs: tuple[Run, ...]
    number: str = ""
    anchor: str = ""
    items: tuple[Item, ...] = ()
    change: Change | None = None


class NotUsed(NamedTuple):
    """A clause or paragraph kept for its number only: printed "Not used."."""

    number: str = ""
    anchor: str = ""
    text: str = "Not used."
    change: Change | None = None


class Definition(NamedTuple):
    """One entry of a definitions list: the term, then what it means."""

    term: Term
    runs: tuple[Run, ...]
    change: Change | None = None


class Heading(NamedTuple):
    """An unnumbered sub-heading within a clause."""

    text: str
    change: Change | None = None


class Table(NamedTuple):
    """A table; `widths` are the columns' relative widths (one per column)."""

    header: tuple[str, ...]
    rows: tuple[tuple[tuple[Run, ...], ...], ...]
    widths: tuple[int, ...] = ()
    change: Change | None = None  # the whole table added or removed
    row_changes: tuple[Change | None, ...] = ()  # rows added or removed, one per row if any

    def row_change(self, index: int) -> Change | None:
        if self.change is not None:
            return self.change
        return self.row_changes[index] if index < len(self.row_changes) else None

    @property
    def columns(self) -> int:
        return max([len(self.header)] + [len(r) for r in self.rows])


class Banner(NamedTuple):
    """A warning shown with the document and each part (an unapproved draft)."""

    text: str


class Note(NamedTuple):
    """A remark to the reader set apart from the contract's wording, such as where a draft
    shows a derogation that NHS England has not yet approved."""

    text: str
    change: Change | None = None


Block = Paragraph | NotUsed | Definition | Heading | Table | Note


# Structure ----------------------------------------------------------------------------------
class Clause(NamedTuple):
    id: str
    label: str  # "GC14", "Schedule 2A", "Clause 7", or the title for an unnumbered part
    title: str
    included: bool
    reason: str
    blocks: tuple[Block, ...] = ()
    change: Change | None = None  # the whole clause added or removed (an edition diff)

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


class CoverParty(NamedTuple):
    name: str
    role: str


class Cover(NamedTuple):
    """The front page: title, the local arrangement's name, the edition it comes from, and for
    a document to be signed its parties and the date it is made (`dated`: "" leaves a blank)."""

    title: str
    subtitle: str
    edition_note: str
    parties: tuple[CoverParty, ...] = ()
    dated: str = ""


class SignatureBlock(NamedTuple):
    """Where one party signs: who signs for it, in what form, with lines to complete."""

    party: str  # the party as it contracts ("Dr A Shah and partners trading as Elm Surgery")
    role: str  # "Provider", "Co-ordinating Commissioner", "Practice"
    form: str  # "Signed for and on behalf of ... by a director"
    name: str = ""  # the signatory, when the profile names one; "" leaves a line
    position: str = ""


class Execution(NamedTuple):
    """The execution page: one signature block per party."""

    anchor: str
    title: str
    text: str
    blocks: tuple[SignatureBlock, ...]


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
    execution: Execution | None = None

    def clauses(self) -> list[Clause]:
        return [c for part in self.parts for c in part.clauses]


Node = (
    Document
    | Cover
    | CoverParty
    | Contents
    | ContentsEntry
    | Banner
    | Part
    | Clause
    | Block
    | Item
    | Run
    | Execution
    | SignatureBlock
)


def children(node: object) -> tuple[object, ...]:
    """A node's children in document order (runs included)."""
    if isinstance(node, Document):
        banner = (node.banner,) if node.banner else ()
        execution = (node.execution,) if node.execution else ()
        return (node.cover, *banner, node.contents, *node.parts, *execution)
    if isinstance(node, Cover):
        return node.parties
    if isinstance(node, Execution):
        return node.blocks
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

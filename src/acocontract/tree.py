"""The one document tree every writer reads: parts, clauses, numbered paragraphs, inline runs."""

from __future__ import annotations

from dataclasses import dataclass, field


# Inline runs --------------------------------------------------------------------------------
@dataclass(frozen=True)
class Text:
    text: str


@dataclass(frozen=True)
class Term:
    """A use of a defined term; `text` is what is printed."""

    term: str
    text: str


@dataclass(frozen=True)
class Ref:
    """A cross-reference to a clause (GC14) or numbered paragraph (GC14.2)."""

    target: str
    text: str


@dataclass(frozen=True)
class Placeholder:
    """Content for local completion that the profile has not supplied."""

    text: str


@dataclass(frozen=True)
class Insertion:
    """Wording added against the national text (a redline), with who made it and when."""

    runs: tuple[Run, ...]
    author: str = ""
    date: str = ""  # ISO date


@dataclass(frozen=True)
class Deletion:
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
@dataclass(frozen=True)
class Item:
    marker: str  # "(a)", "(i)"
    runs: tuple[Run, ...]
    items: tuple[Item, ...] = ()


@dataclass(frozen=True)
class Paragraph:
    """A paragraph; `number` is its printed number (GC14.2) and `anchor` its link target."""

    runs: tuple[Run, ...]
    number: str = ""
    anchor: str = ""
    items: tuple[Item, ...] = ()
    style: str = "body"  # "body" | "definition" | "not-used" | "note"


@dataclass(frozen=True)
class Heading:
    text: str


@dataclass(frozen=True)
class Table:
    header: tuple[str, ...]
    rows: tuple[tuple[tuple[Run, ...], ...], ...]


Block = Paragraph | Heading | Table


@dataclass(frozen=True)
class Clause:
    id: str
    label: str  # "GC14", "Schedule 2A", "Clause 7", or "" for an unnumbered part
    title: str
    included: bool
    reason: str
    blocks: tuple[Block, ...] = ()

    @property
    def heading(self) -> str:
        if not self.label or self.label == self.title:
            return self.title
        return f"{self.label} {self.title}"


@dataclass(frozen=True)
class Part:
    id: str
    title: str
    clauses: tuple[Clause, ...]


@dataclass(frozen=True)
class Document:
    id: str
    title: str
    subtitle: str  # the local arrangement's name
    edition: str
    parts: tuple[Part, ...]
    banner: str = ""  # shown on every page/section when set (e.g. an unapproved draft)
    terms: tuple[str, ...] = field(default=())

    def clauses(self) -> list[Clause]:
        return [c for part in self.parts for c in part.clauses]

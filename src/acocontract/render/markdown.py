"""Markdown: clean and diff-friendly (one paragraph per line, no hard wrapping)."""

from __future__ import annotations

import re

from acocontract.render.base import Translator, Writer
from acocontract.tree import (
    Banner,
    Change,
    Clause,
    Contents,
    Cover,
    Definition,
    Deletion,
    Document,
    Execution,
    Heading,
    Insertion,
    Item,
    Note,
    NotUsed,
    Paragraph,
    Part,
    Placeholder,
    Run,
    SignatureBlock,
    Table,
    Text,
)

BLANK = "\\_" * 24  # a line to write on
# The characters the Word writer drops (render/docx/package.py `esc`), dropped here too so that
# every format says the same: C0 controls but tab, newline and return (NUL and VT included),
# and U+FFFE, U+FFFF.
_DROPPED = [
    *map(chr, range(0x09)),
    "\x0b",
    "\x0c",
    *map(chr, range(0x0E, 0x20)),
    "\ufffe",
    "\uffff",
]
# `[` and `]` so that no value can make a link or an image (`![x](http://...)`); `&` where it
# would start an entity reference, so `&amp;` in a value prints as typed
_SPECIAL = str.maketrans({**{c: "\\" + c for c in "\\`*_<>[]"}, **dict.fromkeys(_DROPPED)})
_ENTITY = re.compile(r"&(?=#?[A-Za-z0-9]+;)")
_LEADING = re.compile(r"^(#|[-+]\s|\d+[.)]\s)")


_NEEDS = re.compile("[" + re.escape("".join(map(chr, _SPECIAL))) + "&]")


def escape(text: str) -> str:
    if _NEEDS.search(text) is None:
        return text
    out = text.translate(_SPECIAL)
    return _ENTITY.sub(r"\\&", out) if "&" in out else out


def _line(text: str) -> str:
    """A paragraph that would otherwise start a heading or a list."""
    return "\\" + text if _LEADING.match(text) else text


def tracked(change: Change | None, text: str) -> str:
    """Text of a block a redline adds or removes whole."""
    if change is None or not text:
        return text
    return f"<{change.kind}>{text}</{change.kind}>"


def _numbered(number: str, text: str, change: Change | None) -> str:
    if number:
        return f"**{tracked(change, escape(number))}** {tracked(change, text)}"
    return tracked(change, _line(text))


class MarkdownTranslator(Translator):
    def __init__(self) -> None:
        self.out: list[str] = []

    # runs: each returns its Markdown --------------------------------------------------------
    def runs(self, runs: tuple[Run, ...]) -> str:
        visit = self.visit
        return "".join([escape(run.text) if type(run) is Text else visit(run) for run in runs])

    def visit_Text(self, run: Text) -> str:
        return escape(run.text)

    visit_Term = visit_Text
    visit_Ref = visit_Text

    def visit_Placeholder(self, run: Placeholder) -> str:
        return f"_{escape(run.text)}_"

    def visit_Insertion(self, run: Insertion) -> str:
        return f"<ins>{self.runs(run.runs)}</ins>"

    def visit_Deletion(self, run: Deletion) -> str:
        return f"<del>{self.runs(run.runs)}</del>"

    # structure ------------------------------------------------------------------------------
    def visit_Document(self, document: Document) -> None:
        self.visit(document.cover)
        if document.banner:
            self.visit(document.banner)
        self.visit(document.contents)
        self.visit_all(document.parts)
        if document.execution:
            self.visit(document.execution)

    def visit_Cover(self, cover: Cover) -> None:
        self.out += [f"# {escape(cover.title)}", "", f"**{escape(cover.subtitle)}**", ""]
        self.out += [escape(cover.edition_note), ""]
        if cover.parties:
            self.out += ["Between", ""]
            self.out += [f"- **{escape(p.name)}** ({escape(p.role)})" for p in cover.parties]
            self.out += ["", f"Dated {escape(cover.dated) or BLANK}", ""]

    def visit_Execution(self, execution: Execution) -> None:
        self.out += [f"## {escape(execution.title)}", "", escape(execution.text), ""]
        self.visit_all(execution.blocks)

    def visit_SignatureBlock(self, block: SignatureBlock) -> None:
        self.out += [f"**{escape(block.form)}** ({escape(block.role)})", ""]
        lines = (
            ("Signature", ""),
            ("Name", block.name),
            ("Position", block.position),
            ("Date", ""),
        )
        self.out += ["| | |", "|---|---|"]
        self.out += [f"| {label} | {escape(value) or ' '} |" for label, value in lines]
        self.out.append("")

    def visit_Note(self, note: Note) -> None:
        self.out += [f"> _{tracked(note.change, escape(note.text))}_", ""]

    def visit_Banner(self, banner: Banner) -> None:
        self.out += [f"> **{escape(banner.text)}**", ""]

    def visit_Contents(self, contents: Contents) -> None:
        self.out += [f"## {escape(contents.title)}", ""]
        for entry in contents.entries:
            indent = "  " * (entry.level - 1)
            self.out.append(f"{indent}- {escape(entry.text)}")
        self.out.append("")

    def visit_Part(self, part: Part) -> None:
        self.out += [f"## {escape(part.title)}", ""]
        if part.banner:
            self.visit(part.banner)
        self.visit_all(part.clauses)

    def visit_Clause(self, clause: Clause) -> None:
        self.out += [f"### {tracked(clause.change, escape(clause.heading))}", ""]
        self.visit_all(clause.blocks)

    # blocks ---------------------------------------------------------------------------------
    def visit_Heading(self, heading: Heading) -> None:
        self.out += [f"#### {tracked(heading.change, escape(heading.text))}", ""]

    def visit_Table(self, table: Table) -> None:
        width = table.columns
        header = list(table.header) + [""] * (width - len(table.header))
        change = table.change
        self.out.append("| " + " | ".join(tracked(change, escape(h)) or " " for h in header) + " |")
        self.out.append("|" + "---|" * width)
        for index, row in enumerate(table.rows):
            change = table.row_change(index)
            cells = [tracked(change, self.runs(c).replace("|", "\\|")) or " " for c in row]
            cells += [" "] * (width - len(row))
            self.out.append("| " + " | ".join(cells) + " |")
        self.out.append("")

    def visit_Definition(self, definition: Definition) -> None:
        self.out += [_numbered(definition.term.text, self.runs(definition.runs), definition.change)]
        self.out.append("")

    def visit_NotUsed(self, block: NotUsed) -> None:
        self.out += [_numbered(block.number, escape(block.text), block.change), ""]

    def visit_Paragraph(self, block: Paragraph) -> None:
        self.out += [_numbered(block.number, self.runs(block.runs), block.change), ""]
        if block.items:
            self.visit_all(block.items)
            self.out.append("")

    def visit_Item(self, item: Item) -> None:
        text = tracked(item.change, f"{item.marker} {self.runs(item.runs)}")
        self.out.append(f"{'  ' * item.level}- {text}")
        self.visit_all(item.items)


class MarkdownWriter(Writer):
    name = "md"
    suffix = ".md"

    def render(self, document: Document) -> bytes:
        translator = MarkdownTranslator()
        translator.visit(document)
        return ("\n".join(translator.out).rstrip("\n") + "\n").encode("utf-8")

"""Markdown: clean and diff-friendly (one paragraph per line, no hard wrapping)."""

from __future__ import annotations

import re

from acocontract.render.base import Translator, Writer
from acocontract.tree import (
    Banner,
    Clause,
    Contents,
    Cover,
    Definition,
    Deletion,
    Document,
    Heading,
    Insertion,
    Item,
    NotUsed,
    Paragraph,
    Part,
    Placeholder,
    Run,
    Table,
    Text,
)

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
_SPECIAL = str.maketrans({**{c: "\\" + c for c in "\\`*_<>"}, **dict.fromkeys(_DROPPED)})
_LEADING = re.compile(r"^(#|[-+]\s|\d+[.)]\s)")


def escape(text: str) -> str:
    return text.translate(_SPECIAL)


def _line(text: str) -> str:
    """A paragraph that would otherwise start a heading or a list."""
    return "\\" + text if _LEADING.match(text) else text


class MarkdownTranslator(Translator):
    def __init__(self) -> None:
        self.out: list[str] = []

    # runs: each returns its Markdown --------------------------------------------------------
    def runs(self, runs: tuple[Run, ...]) -> str:
        visit = self.visit
        return "".join(
            [run.text.translate(_SPECIAL) if type(run) is Text else visit(run) for run in runs]
        )

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

    def visit_Cover(self, cover: Cover) -> None:
        self.out += [f"# {escape(cover.title)}", "", f"**{escape(cover.subtitle)}**", ""]
        self.out += [escape(cover.edition_note), ""]

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
        self.out += [f"### {escape(clause.heading)}", ""]
        self.visit_all(clause.blocks)

    # blocks ---------------------------------------------------------------------------------
    def visit_Heading(self, heading: Heading) -> None:
        self.out += [f"#### {escape(heading.text)}", ""]

    def visit_Table(self, table: Table) -> None:
        width = table.columns
        header = list(table.header) + [""] * (width - len(table.header))
        self.out.append("| " + " | ".join(escape(h) or " " for h in header) + " |")
        self.out.append("|" + "---|" * width)
        for row in table.rows:
            cells = [self.runs(c).replace("|", "\\|") or " " for c in row]
            cells += [" "] * (width - len(row))
            self.out.append("| " + " | ".join(cells) + " |")
        self.out.append("")

    def visit_Definition(self, definition: Definition) -> None:
        self.out += [f"**{escape(definition.term.text)}** {self.runs(definition.runs)}", ""]

    def visit_NotUsed(self, block: NotUsed) -> None:
        text = escape(block.text)
        self.out += [f"**{escape(block.number)}** {text}" if block.number else _line(text), ""]

    def visit_Paragraph(self, block: Paragraph) -> None:
        text = self.runs(block.runs)
        self.out += [f"**{escape(block.number)}** {text}" if block.number else _line(text), ""]
        if block.items:
            self.visit_all(block.items)
            self.out.append("")

    def visit_Item(self, item: Item) -> None:
        self.out.append(f"{'  ' * item.level}- {item.marker} {self.runs(item.runs)}")
        self.visit_all(item.items)


class MarkdownWriter(Writer):
    name = "md"
    suffix = ".md"

    def render(self, document: Document) -> bytes:
        translator = MarkdownTranslator()
        translator.visit(document)
        return ("\n".join(translator.out).rstrip("\n") + "\n").encode("utf-8")

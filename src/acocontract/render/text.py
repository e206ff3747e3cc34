"""Plain text for the terminal: a redline as rich Text (colours on a terminal, wdiff markers when
piped), or as plain lines."""

from __future__ import annotations

from typing import Any

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
    Ref,
    Table,
    Term,
    Text,
    plain,
)


class TextTranslator(Translator):
    def __init__(self, colour: bool) -> None:
        from rich.text import Text as RichText

        self.out = RichText()
        self.colour = colour

    def visit_Text(self, run: Text | Term | Ref | Placeholder) -> None:
        self.out.append(run.text)

    visit_Term = visit_Text
    visit_Ref = visit_Text
    visit_Placeholder = visit_Text

    def visit_Deletion(self, run: Deletion) -> None:
        text = plain(run.runs, deleted=True)
        if self.colour:
            self.out.append(text, style="red strike")
        else:
            self.out.append(f"[-{text}-]")

    def visit_Insertion(self, run: Insertion) -> None:
        text = plain(run.runs)
        if self.colour:
            self.out.append(text, style="green underline")
        else:
            self.out.append(f"{{+{text}+}}")

    def visit_Document(self, document: Document) -> None:
        self.visit(document.cover)
        if document.banner:
            self.visit(document.banner)
        self.visit(document.contents)
        self.visit_all(document.parts)

    def visit_Cover(self, cover: Cover) -> None:
        self.out.append(f"{cover.title}\n", style="bold")
        self.out.append(f"{cover.subtitle}\n")

    def visit_Banner(self, banner: Banner) -> None:
        self.out.append(f"{banner.text}\n", style="bold red")

    def visit_Contents(self, contents: Contents) -> None:
        """The terminal shows the clauses themselves; a contents list adds nothing there."""

    def visit_Part(self, part: Part) -> None:
        self.visit_all(part.clauses)

    def visit_Clause(self, clause: Clause) -> None:
        self.out.append(f"\n{clause.heading}\n", style="bold")
        self.visit_all(clause.blocks)

    def visit_Table(self, table: Table) -> None:
        widths = [len(h) for h in table.header]
        rows = [[plain(c) for c in row] for row in table.rows]
        for row in rows:
            widths = [max(w, len(c)) for w, c in zip(widths, row, strict=False)]
        line = "  ".join(h.ljust(w) for h, w in zip(table.header, widths, strict=True))
        self.out.append(line.rstrip() + "\n", style="bold")
        for row in rows:
            cells = zip(row, widths, strict=False)
            self.out.append("  ".join(c.ljust(w) for c, w in cells).rstrip() + "\n")

    def visit_Heading(self, heading: Heading) -> None:
        self.out.append(f"{heading.text}\n", style="italic")

    def _line(self, number: str, runs: Any) -> None:
        if number:
            self.out.append(f"{number} ", style="bold")
        self.visit_all(runs)
        self.out.append("\n")

    def visit_Paragraph(self, block: Paragraph) -> None:
        self._line(block.number, block.runs)
        self.visit_all(block.items)

    def visit_NotUsed(self, block: NotUsed) -> None:
        self._line(block.number, (Text(block.text),))

    def visit_Definition(self, definition: Definition) -> None:
        self._line("", (definition.term, Text(" "), *definition.runs))

    def visit_Item(self, item: Item) -> None:
        self._line(item.marker, item.runs)
        self.visit_all(item.items)


def render_rich(document: Document, colour: bool) -> Any:
    translator = TextTranslator(colour)
    translator.visit(document)
    return translator.out


class TextWriter(Writer):
    name = "text"
    suffix = ".txt"

    def render(self, document: Document) -> bytes:
        return str(render_rich(document, colour=False).plain).encode("utf-8")

"""Plain text for the terminal: a redline as rich Text (colours on a terminal, wdiff markers when
piped), or as plain lines."""

from __future__ import annotations

from typing import Any

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
    Ref,
    SignatureBlock,
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
        if document.execution:
            self.visit(document.execution)

    def visit_Execution(self, execution: Execution) -> None:
        self.out.append(f"\n{execution.title}\n", style="bold")
        self.visit_all(execution.blocks)

    def visit_SignatureBlock(self, block: SignatureBlock) -> None:
        self.out.append(f"{block.form} ({block.role})\n")

    def visit_Note(self, note: Note) -> None:
        self._whole(note.change, lambda: self.out.append(note.text, style="italic"))
        self.out.append("\n")

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
        self.out.append("\n")
        self._whole(clause.change, lambda: self.out.append(clause.heading, style="bold"))
        self.out.append("\n")
        self.visit_all(clause.blocks)

    def _whole(self, change: Change | None, write: Any) -> None:
        """Something a redline adds or removes whole, marked as its runs would be."""
        if change is None:
            write()
            return
        start, end, style = ("{+", "+}", "green") if change.kind == "ins" else ("[-", "-]", "red")
        if self.colour:
            self.out.append("+ " if change.kind == "ins" else "- ", style=style)
            write()
        else:
            self.out.append(start)
            write()
            self.out.append(end)

    def visit_Table(self, table: Table) -> None:
        deleted = table.change is not None and table.change.kind == "del"
        widths = [len(h) for h in table.header]
        rows = [
            [plain(c, deleted=deleted or table.row_change(i) is not None) for c in row]
            for i, row in enumerate(table.rows)
        ]
        for row in rows:
            widths = [max(w, len(c)) for w, c in zip(widths, row, strict=False)]
        line = "  ".join(h.ljust(w) for h, w in zip(table.header, widths, strict=True))
        self._whole(table.change, lambda: self.out.append(line.rstrip(), style="bold"))
        self.out.append("\n")
        for index, row in enumerate(rows):
            text = "  ".join(c.ljust(w) for c, w in zip(row, widths, strict=False)).rstrip()
            self._whole(table.row_change(index), lambda text=text: self.out.append(text))
            self.out.append("\n")

    def visit_Heading(self, heading: Heading) -> None:
        self._whole(heading.change, lambda: self.out.append(heading.text, style="italic"))
        self.out.append("\n")

    def _line(self, number: str, runs: Any, change: Change | None = None) -> None:
        def write() -> None:
            if number:
                self.out.append(f"{number} ", style="bold")
            self.visit_all(runs)

        self._whole(change, write)
        self.out.append("\n")

    def visit_Paragraph(self, block: Paragraph) -> None:
        self._line(block.number, block.runs, block.change)
        self.visit_all(block.items)

    def visit_NotUsed(self, block: NotUsed) -> None:
        self._line(block.number, (Text(block.text),), block.change)

    def visit_Definition(self, definition: Definition) -> None:
        self._line("", (definition.term, Text(" "), *definition.runs), definition.change)

    def visit_Item(self, item: Item) -> None:
        self._line(item.marker, item.runs, item.change)
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

"""Plain text for the terminal: a redline as rich Text (colours on a terminal, wdiff markers when
piped), or as plain lines."""

from __future__ import annotations

from rich.text import Text as RichText

from acocontract.tree import Deletion, Document, Heading, Insertion, Paragraph, Run, Table, plain


def _runs(out: RichText, runs: tuple[Run, ...], colour: bool) -> None:
    for run in runs:
        if isinstance(run, Deletion):
            text = plain(run.runs, deleted=True)
            out.append(text, style="red strike") if colour else out.append(f"[-{text}-]")
        elif isinstance(run, Insertion):
            text = plain(run.runs)
            out.append(text, style="green underline") if colour else out.append(f"{{+{text}+}}")
        else:
            out.append(run.text)


def render_rich(document: Document, colour: bool) -> RichText:
    out = RichText()
    out.append(f"{document.title}\n", style="bold")
    out.append(f"{document.subtitle}\n")
    if document.banner:
        out.append(f"{document.banner}\n", style="bold red")
    for part in document.parts:
        for clause in part.clauses:
            out.append(f"\n{clause.heading}\n", style="bold")
            for block in clause.blocks:
                if isinstance(block, Table):
                    widths = [len(h) for h in block.header]
                    rows = [[plain(c) for c in row] for row in block.rows]
                    for row in rows:
                        widths = [max(w, len(c)) for w, c in zip(widths, row, strict=False)]
                    line = "  ".join(h.ljust(w) for h, w in zip(block.header, widths, strict=True))
                    out.append(line.rstrip() + "\n", style="bold")
                    for row in rows:
                        cells = zip(row, widths, strict=False)
                        out.append("  ".join(c.ljust(w) for c, w in cells).rstrip() + "\n")
                elif isinstance(block, Heading):
                    out.append(f"{block.text}\n", style="italic")
                elif isinstance(block, Paragraph):
                    if block.number:
                        out.append(f"{block.number} ", style="bold")
                    _runs(out, block.runs, colour)
                    out.append("\n")
    return out


def render_text(document: Document) -> bytes:
    return render_rich(document, colour=False).plain.encode("utf-8")

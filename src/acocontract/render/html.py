"""HTML: one self-contained file with a contents list; every cross-reference is a working link."""

from __future__ import annotations

import functools
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
    Ref,
    Run,
    SignatureBlock,
    Table,
    Term,
    Text,
)

CSS = """
:root { --ink: #1d1d1b; --muted: #6b6b6b; --accent: #005eb8; }
body { font: 16px/1.55 Arial, Helvetica, sans-serif; color: var(--ink); margin: 0; }
main, header.doc, nav.toc { max-width: 46rem; margin: 0 auto; padding: 0 1.25rem; }
header.doc h1 { font-size: 1.9rem; margin: 2rem 0 .25rem; }
header.doc .subtitle { font-size: 1.2rem; margin: 0; }
header.doc .edition { color: var(--muted); font-size: .9rem; }
nav.toc ol { list-style: none; padding-left: 1rem; }
nav.toc > ol { padding-left: 0; }
nav.toc a { color: var(--ink); text-decoration: none; }
nav.toc a:hover { text-decoration: underline; }
h2.part { border-bottom: 2px solid var(--accent); padding-bottom: .2rem; margin-top: 3rem; }
h3.clause { margin-top: 2rem; }
h4 { margin-bottom: .25rem; }
p.para { display: grid; grid-template-columns: 6.5rem 1fr; gap: .5rem; margin: .6rem 0; }
p.para > .num { font-weight: bold; }
p.plain { margin: .6rem 0; }
p.definition { margin: .4rem 0 .4rem 1.5rem; }
p.definition > .defterm { font-weight: bold; }
.not-used, .toc .not-used a { color: var(--muted); font-style: italic; }
ol.items { list-style: none; margin: .2rem 0 .6rem 7rem; padding: 0; }
ol.items ol.items { margin-left: 2rem; }
ol.items > li { display: grid; grid-template-columns: 2.5rem 1fr; }
ol.items > li > ol.items { grid-column: 2; margin-left: 0; }
a.ref { color: var(--accent); }
a.term { color: inherit; text-decoration: none; border-bottom: 1px dotted var(--muted); }
.placeholder { background: #fff3b0; }
ins { background: #d7f5dd; text-decoration: underline; }
del { background: #fbdcdc; text-decoration: line-through; }
table { border-collapse: collapse; width: 100%; margin: .8rem 0; }
th, td { border: 1px solid #b9b9b9; padding: .35rem .5rem; text-align: left; vertical-align: top; }
th { background: #eef3fa; }
.banner { background: #b00020; color: #fff; padding: .4rem .8rem; font-weight: bold; }
.note { border-left: 4px solid #b00020; padding: .2rem .8rem; font-style: italic; }
header.doc .parties { list-style: none; padding: 0; }
header.doc .dated, .signature dd.blank { min-width: 16rem; }
section.execution { margin-top: 3rem; }
.signature { break-inside: avoid; margin: 1.5rem 0 2rem; }
.signature dl { display: grid; grid-template-columns: 7rem 1fr; gap: .9rem .5rem; }
.signature dd { margin: 0; border-bottom: 1px solid var(--ink); min-height: 1.4rem; }
@media print {
  body { font-size: 11pt; }
  nav.toc { page-break-after: always; }
  h2.part { page-break-before: always; }
  a.ref, a.term { color: inherit; text-decoration: none; border: 0; }
  .placeholder { background: none; border: 1px dashed #999; }
  section.execution { page-break-before: always; }
}
"""

_SLUG = re.compile(r"[^A-Za-z0-9]+")
# The characters the Word writer drops (render/docx/package.py `esc`), dropped here too so that
# every format says the same: C0 controls but tab, newline and return (NUL and VT included),
# and U+FFFE, U+FFFF; in HTML they are parse errors.
_DROPPED = [
    *map(chr, range(0x09)),
    "\x0b",
    "\x0c",
    *map(chr, range(0x0E, 0x20)),
    "\ufffe",
    "\uffff",
]
# html.escape's replacements (& < > " '), and the dropped characters, in one pass
_ESCAPES = str.maketrans(
    {
        "&": "&amp;",
        "<": "&lt;",
        ">": "&gt;",
        '"': "&quot;",
        "'": "&#x27;",
        **dict.fromkeys(_DROPPED),
    }
)


# the characters the table changes: most text has none, and a search is cheaper than a copy
_NEEDS = re.compile("[" + re.escape("".join(map(chr, _ESCAPES))) + "]")


def escape(text: str) -> str:
    return text if _NEEDS.search(text) is None else text.translate(_ESCAPES)


def tracked(change: Change | None, html: str) -> str:
    """A block's content when a redline adds or removes it whole."""
    if change is None or not html:
        return html
    return f"<{change.kind}>{html}</{change.kind}>"


@functools.lru_cache(maxsize=4096)
def term_id(term: str) -> str:
    return "def-" + _SLUG.sub("-", term).strip("-")


class HtmlTranslator(Translator):
    def __init__(self) -> None:
        self.out: list[str] = []
        self.banner = ""

    # runs: each returns its HTML ------------------------------------------------------------
    def runs(self, runs: tuple[Run, ...]) -> str:
        visit = self.visit
        return "".join([escape(run.text) if type(run) is Text else visit(run) for run in runs])

    def visit_Text(self, run: Text) -> str:
        return escape(run.text)

    def visit_Ref(self, run: Ref) -> str:
        return f'<a class="ref" href="#{escape(run.target)}">{escape(run.text)}</a>'

    def visit_Term(self, run: Term) -> str:
        return f'<a class="term" href="#{term_id(run.term)}">{escape(run.text)}</a>'

    def visit_Placeholder(self, run: Placeholder) -> str:
        return f'<span class="placeholder">{escape(run.text)}</span>'

    def visit_Insertion(self, run: Insertion) -> str:
        return f"<ins>{self.runs(run.runs)}</ins>"

    def visit_Deletion(self, run: Deletion) -> str:
        return f"<del>{self.runs(run.runs)}</del>"

    # structure ------------------------------------------------------------------------------
    def visit_Document(self, document: Document) -> None:
        title = f"{document.title}: {document.subtitle}"
        self.out += [
            "<!DOCTYPE html>",
            '<html lang="en-GB">',
            "<head>",
            '<meta charset="utf-8">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            '<meta name="generator" content="acocontract">',
            f"<title>{escape(title)}</title>",
            f"<style>{CSS}</style>",
            "</head>",
            "<body>",
        ]
        if document.banner:
            self.visit(document.banner)
        self.visit(document.cover)
        self.visit(document.contents)
        self.out.append("<main>")
        self.visit_all(document.parts)
        if document.execution:
            self.visit(document.execution)
        self.out += ["</main>", "</body>", "</html>", ""]

    def visit_Banner(self, banner: Banner) -> None:
        self.out.append(f'<div class="banner">{escape(banner.text)}</div>')

    def visit_Cover(self, cover: Cover) -> None:
        self.out += [
            '<header class="doc">',
            f"<h1>{escape(cover.title)}</h1>",
            f'<p class="subtitle">{escape(cover.subtitle)}</p>',
            f'<p class="edition">{escape(cover.edition_note)}</p>',
        ]
        if cover.parties:
            self.out.append('<p>Between</p><ul class="parties">')
            for party in cover.parties:
                self.out.append(
                    f"<li><strong>{escape(party.name)}</strong> ({escape(party.role)})</li>"
                )
            dated = escape(cover.dated) or "&#160;" * 24
            self.out.append(f'</ul><p class="dated">Dated {dated}</p>')
        self.out.append("</header>")

    def visit_Execution(self, execution: Execution) -> None:
        self.out.append(
            f'<section class="execution"><h2 class="part" id="{escape(execution.anchor)}">'
            f"{escape(execution.title)}</h2><p>{escape(execution.text)}</p>"
        )
        self.visit_all(execution.blocks)
        self.out.append("</section>")

    def visit_SignatureBlock(self, block: SignatureBlock) -> None:
        lines = (
            ("Signature", ""),
            ("Name", block.name),
            ("Position", block.position),
            ("Date", ""),
        )
        cells = "".join(
            f"<dt>{label}</dt>"
            + (f"<dd>{escape(value)}</dd>" if value else '<dd class="blank"></dd>')
            for label, value in lines
        )
        self.out.append(
            f'<div class="signature"><p><strong>{escape(block.form)}</strong> '
            f"({escape(block.role)})</p><dl>{cells}</dl></div>"
        )

    def visit_Note(self, note: Note) -> None:
        self.out.append(f'<p class="note">{tracked(note.change, escape(note.text))}</p>')

    def visit_Contents(self, contents: Contents) -> None:
        self.out.append(
            f'<nav class="toc" aria-label="{escape(contents.title)}">'
            f"<h2>{escape(contents.title)}</h2><ol>"
        )
        open_part = False
        for entry in contents.entries:
            link = f'<a href="#{escape(entry.anchor)}">{escape(entry.text)}</a>'
            if entry.level == 1:
                if open_part:
                    self.out.append("</ol></li>")
                self.out.append(f"<li>{link}<ol>")
                open_part = True
            else:
                cls = "" if entry.included else ' class="not-used"'
                self.out.append(f"<li{cls}>{link}</li>")
        if open_part:
            self.out.append("</ol></li>")
        self.out.append("</ol></nav>")

    def visit_Part(self, part: Part) -> None:
        self.out.append(
            f'<section><h2 class="part" id="part-{escape(part.id)}">{escape(part.title)}</h2>'
        )
        if part.banner:
            self.visit(part.banner)
        self.visit_all(part.clauses)
        self.out.append("</section>")

    def visit_Clause(self, clause: Clause) -> None:
        cls = "clause" if clause.included else "clause not-used"
        self.out.append(
            f'<section><h3 class="{cls}" id="{escape(clause.id)}">'
            f"{tracked(clause.change, escape(clause.heading))}</h3>"
        )
        self.visit_all(clause.blocks)
        self.out.append("</section>")

    # blocks ---------------------------------------------------------------------------------
    def visit_Heading(self, heading: Heading) -> None:
        self.out.append(f"<h4>{tracked(heading.change, escape(heading.text))}</h4>")

    def visit_Table(self, table: Table) -> None:
        change = table.change
        self.out.append("<table>")
        if table.header:
            cells = "".join(f"<th>{tracked(change, escape(h))}</th>" for h in table.header)
            self.out.append(f"<thead><tr>{cells}</tr></thead>")
        self.out.append("<tbody>")
        for index, row in enumerate(table.rows):
            change = table.row_change(index)
            cells = "".join(f"<td>{tracked(change, self.runs(c))}</td>" for c in row)
            self.out.append(f"<tr>{cells}</tr>")
        self.out.append("</tbody></table>")

    def visit_Definition(self, definition: Definition) -> None:
        term = definition.term
        content = tracked(definition.change, self.runs(definition.runs))
        self.out.append(
            f'<p class="definition" id="{term_id(term.term)}"><span class="defterm">'
            f"{tracked(definition.change, escape(term.text))}</span> {content}</p>"
        )

    def _numbered(
        self, number: str, anchor: str, content: str, extra: str, change: Change | None
    ) -> None:
        content = tracked(change, content)
        if number:
            ident = f' id="{escape(anchor)}"' if anchor else ""
            self.out.append(
                f'<p class="para{extra}"{ident}><span class="num">'
                f"{tracked(change, escape(number))}</span><span>{content}</span></p>"
            )
        else:
            self.out.append(f'<p class="plain{extra}">{content}</p>')

    def visit_NotUsed(self, block: NotUsed) -> None:
        self._numbered(block.number, block.anchor, escape(block.text), " not-used", block.change)

    def visit_Paragraph(self, block: Paragraph) -> None:
        self._numbered(block.number, block.anchor, self.runs(block.runs), "", block.change)
        if block.items:
            self._items(block.items)

    def _items(self, items: tuple[Item, ...]) -> None:
        self.out.append('<ol class="items">')
        self.visit_all(items)
        self.out.append("</ol>")

    def visit_Item(self, item: Item) -> None:
        content = tracked(item.change, self.runs(item.runs))
        self.out.append(
            f"<li><span>{tracked(item.change, escape(item.marker))}</span><span>{content}</span>"
        )
        if item.items:
            self._items(item.items)
        self.out.append("</li>")


class HtmlWriter(Writer):
    name = "html"
    suffix = ".html"

    def render(self, document: Document) -> bytes:
        translator = HtmlTranslator()
        translator.visit(document)
        return "\n".join(translator.out).encode("utf-8")

"""HTML: one self-contained file with a contents list; every cross-reference is a working link."""

from __future__ import annotations

import re
from html import escape

from acocontract.tree import (
    Deletion,
    Document,
    Heading,
    Insertion,
    Item,
    Paragraph,
    Placeholder,
    Ref,
    Run,
    Table,
    Term,
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
@media print {
  body { font-size: 11pt; }
  nav.toc { page-break-after: always; }
  h2.part { page-break-before: always; }
  a.ref, a.term { color: inherit; text-decoration: none; border: 0; }
  .placeholder { background: none; border: 1px dashed #999; }
}
"""

_SLUG = re.compile(r"[^A-Za-z0-9]+")


def term_id(term: str) -> str:
    return "def-" + _SLUG.sub("-", term).strip("-")


def part_id(part: str) -> str:
    return "part-" + part


def runs_html(runs: tuple[Run, ...] | list[Run], *, link_terms: bool = True) -> str:
    out = []
    for run in runs:
        if isinstance(run, Ref):
            out.append(f'<a class="ref" href="#{escape(run.target)}">{escape(run.text)}</a>')
        elif isinstance(run, Term):
            if link_terms:
                out.append(f'<a class="term" href="#{term_id(run.term)}">{escape(run.text)}</a>')
            else:
                out.append(escape(run.text))
        elif isinstance(run, Placeholder):
            out.append(f'<span class="placeholder">{escape(run.text)}</span>')
        elif isinstance(run, Insertion):
            out.append(f"<ins>{runs_html(run.runs, link_terms=link_terms)}</ins>")
        elif isinstance(run, Deletion):
            out.append(f"<del>{runs_html(run.runs, link_terms=link_terms)}</del>")
        else:
            out.append(escape(run.text))
    return "".join(out)


def _items(items: tuple[Item, ...], out: list[str]) -> None:
    out.append('<ol class="items">')
    for item in items:
        out.append(f"<li><span>{escape(item.marker)}</span><span>{runs_html(item.runs)}</span>")
        if item.items:
            _items(item.items, out)
        out.append("</li>")
    out.append("</ol>")


def _paragraph(block: Paragraph, out: list[str]) -> None:
    if block.style == "definition" and block.runs and isinstance(block.runs[0], Term):
        term = block.runs[0]
        out.append(
            f'<p class="definition" id="{term_id(term.term)}"><span class="defterm">'
            f"{escape(term.text)}</span>{runs_html(block.runs[1:])}</p>"
        )
        return
    extra = " not-used" if block.style == "not-used" else ""
    if block.number:
        out.append(
            f'<p class="para{extra}" id="{escape(block.anchor)}"><span class="num">'
            f"{escape(block.number)}</span><span>{runs_html(block.runs)}</span></p>"
        )
    else:
        out.append(f'<p class="plain{extra}">{runs_html(block.runs)}</p>')
    if block.items:
        _items(block.items, out)


def render_html(document: Document) -> bytes:
    title = f"{document.title}: {document.subtitle}"
    out = [
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
    banner = f'<div class="banner">{escape(document.banner)}</div>' if document.banner else ""
    if banner:
        out.append(banner)
    out += [
        '<header class="doc">',
        f"<h1>{escape(document.title)}</h1>",
        f'<p class="subtitle">{escape(document.subtitle)}</p>',
        f'<p class="edition">National clause library edition {escape(document.edition)}</p>',
        "</header>",
        '<nav class="toc" aria-label="Contents"><h2>Contents</h2><ol>',
    ]
    for part in document.parts:
        out.append(f'<li><a href="#{part_id(part.id)}">{escape(part.title)}</a><ol>')
        for clause in part.clauses:
            cls = "" if clause.included else ' class="not-used"'
            out.append(f'<li{cls}><a href="#{escape(clause.id)}">{escape(clause.heading)}</a></li>')
        out.append("</ol></li>")
    out += ["</ol></nav>", "<main>"]
    for part in document.parts:
        out.append(f'<section><h2 class="part" id="{part_id(part.id)}">{escape(part.title)}</h2>')
        if banner:
            out.append(banner)
        for clause in part.clauses:
            cls = "clause" if clause.included else "clause not-used"
            out.append(
                f'<section><h3 class="{cls}" id="{escape(clause.id)}">{escape(clause.heading)}</h3>'
            )
            for block in clause.blocks:
                if isinstance(block, Heading):
                    out.append(f"<h4>{escape(block.text)}</h4>")
                elif isinstance(block, Table):
                    out.append("<table>")
                    if block.header:
                        out.append(
                            "<thead><tr>"
                            + "".join(f"<th>{escape(h)}</th>" for h in block.header)
                            + "</tr></thead>"
                        )
                    out.append("<tbody>")
                    for row in block.rows:
                        out.append(
                            "<tr>" + "".join(f"<td>{runs_html(c)}</td>" for c in row) + "</tr>"
                        )
                    out.append("</tbody></table>")
                else:
                    _paragraph(block, out)
            out.append("</section>")
        out.append("</section>")
    out += ["</main>", "</body>", "</html>", ""]
    return "\n".join(out).encode("utf-8")

"""Markdown: clean and diff-friendly (one paragraph per line, no hard wrapping)."""

from __future__ import annotations

import re

from acocontract.tree import (
    Deletion,
    Document,
    Heading,
    Insertion,
    Item,
    Paragraph,
    Placeholder,
    Run,
    Table,
    Term,
)

_SPECIAL = re.compile(r"([\\`*_<>])")
_LEADING = re.compile(r"^(#|[-+]\s|\d+[.)]\s)")


def escape(text: str) -> str:
    return _SPECIAL.sub(r"\\\1", text)


def runs_md(runs: tuple[Run, ...] | list[Run]) -> str:
    out = []
    for run in runs:
        if isinstance(run, Insertion):
            out.append(f"<ins>{runs_md(run.runs)}</ins>")
        elif isinstance(run, Deletion):
            out.append(f"<del>{runs_md(run.runs)}</del>")
        elif isinstance(run, Placeholder):
            out.append(f"_{escape(run.text)}_")
        else:
            out.append(escape(run.text))
    return "".join(out)


def _line(text: str) -> str:
    return "\\" + text if _LEADING.match(text) else text


def _items(items: tuple[Item, ...], depth: int, out: list[str]) -> None:
    for item in items:
        out.append(f"{'  ' * depth}- {item.marker} {runs_md(item.runs)}")
        _items(item.items, depth + 1, out)


def _cell(runs: tuple[Run, ...]) -> str:
    return runs_md(runs).replace("|", "\\|") or " "


def render_markdown(document: Document) -> bytes:
    out: list[str] = [f"# {escape(document.title)}", "", f"**{escape(document.subtitle)}**", ""]
    out += [f"National clause library edition {escape(document.edition)}", ""]
    if document.banner:
        out += [f"> **{escape(document.banner)}**", ""]
    out += ["## Contents", ""]
    for part in document.parts:
        out.append(f"- {escape(part.title)}")
        out.extend(f"  - {escape(c.heading)}" for c in part.clauses)
    out.append("")
    for part in document.parts:
        out += [f"## {escape(part.title)}", ""]
        if document.banner:
            out += [f"> **{escape(document.banner)}**", ""]
        for clause in part.clauses:
            out += [f"### {escape(clause.heading)}", ""]
            for block in clause.blocks:
                if isinstance(block, Heading):
                    out += [f"#### {escape(block.text)}", ""]
                elif isinstance(block, Table):
                    width = max([len(block.header)] + [len(r) for r in block.rows])
                    header = list(block.header) + [""] * (width - len(block.header))
                    out.append("| " + " | ".join(escape(h) or " " for h in header) + " |")
                    out.append("|" + "---|" * width)
                    for row in block.rows:
                        cells = [_cell(c) for c in row] + [" "] * (width - len(row))
                        out.append("| " + " | ".join(cells) + " |")
                    out.append("")
                else:
                    out += [_paragraph(block), ""]
                    if block.items:
                        _items(block.items, 0, out)
                        out.append("")
    return ("\n".join(out).rstrip("\n") + "\n").encode("utf-8")


def _paragraph(block: Paragraph) -> str:
    if block.style == "definition" and block.runs and isinstance(block.runs[0], Term):
        return f"**{escape(block.runs[0].text)}**{runs_md(block.runs[1:])}"
    text = runs_md(block.runs)
    if block.number:
        return f"**{escape(block.number)}** {text}"
    return _line(text)

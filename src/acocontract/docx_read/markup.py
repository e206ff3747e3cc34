"""The markup Word wraps text in, read the way Word reads it: content controls, custom XML and
alternate content opened in place, text boxes found where they are anchored, tracked changes
inside tracked changes, paragraph properties, symbols."""

from __future__ import annotations

from collections.abc import Iterator
from typing import NamedTuple

from acocontract.docx_read import names as w
from acocontract.docx_read.model import Change
from acocontract.docx_read.numbering import symbol_text
from acocontract.docx_read.parts import Element
from acocontract.docx_read.styles import on_off

CHANGES = {
    w.INS: Change.INSERTED,
    w.DEL: Change.DELETED,
    w.MOVE_FROM: Change.MOVED_FROM,
    w.MOVE_TO: Change.MOVED_TO,
}


def branch(alternate: Element) -> Element | None:
    """The one branch of `mc:AlternateContent` that is read: the first choice, else the
    fallback (Word understands every choice it writes; both hold the same text)."""
    found = alternate.find(w.CHOICE)
    return found if found is not None else alternate.find(w.FALLBACK)


def looked_through(parent: Element) -> Iterator[Element]:
    """The children of a block, row or table, with content controls, custom XML and
    alternate content opened in place (iteratively: nesting cannot exhaust the stack)."""
    stack = [iter(parent)]
    while stack:
        child = next(stack[-1], None)
        if child is None:
            stack.pop()
            continue
        tag = child.tag
        if tag == w.SDT:
            inner = child.find(w.SDT_CONTENT)
        elif tag == w.CUSTOM_XML:
            inner = child
        elif tag == w.ALTERNATE:
            inner = branch(child)
        else:
            yield child
            continue
        if inner is not None:
            stack.append(iter(inner))


def text_boxes(element: Element) -> Iterator[Element]:
    """The outermost w:txbxContent under a drawing, picture or object."""
    stack = [element]
    while stack:
        node = stack.pop()
        if node.tag == w.TXBX_CONTENT:
            yield node
            continue
        children = [branch(node)] if node.tag == w.ALTERNATE else list(node)
        stack.extend(reversed([c for c in children if c is not None]))


class ParagraphProperties(NamedTuple):
    """What a paragraph's w:pPr says."""

    style: str = ""
    numbered: Element | None = None
    mark: Change = Change.NONE
    mark_hidden: bool | None = None
    formatting_changed: bool = False


def paragraph_properties(properties: Element | None) -> ParagraphProperties:
    """What a paragraph's w:pPr says, read in one pass over it."""
    if properties is None:
        return ParagraphProperties()
    style, numbered, mark, hidden, changed = "", None, Change.NONE, None, False
    for prop in properties:
        tag = prop.tag
        if tag == w.P_STYLE:
            style = str(prop.get(w.VAL, ""))
        elif tag == w.NUM_PR:
            numbered = prop
        elif tag == w.R_PR:
            mark = mark_change(prop)
            hidden = on_off(prop.find(w.VANISH))
            changed = changed or prop.find(w.R_PR_CHANGE) is not None
        elif tag == w.P_PR_CHANGE:
            changed = True
    return ParagraphProperties(style, numbered, mark, hidden, changed)


def mark_change(properties: Element | None) -> Change:
    """The tracked change of a paragraph mark (its w:rPr) or of a table row (w:trPr)."""
    if properties is None:
        return Change.NONE
    return next((CHANGES[p.tag] for p in properties if p.tag in CHANGES), Change.NONE)


def nested_change(outer: Change, inner: Change) -> Change:
    """The change of text inside another change: text inserted and then deleted is in no view;
    otherwise the inner change is what the text went through last."""
    if outer in (Change.INSERTED, Change.MOVED_TO) and inner is Change.DELETED:
        return Change.INSERTED_THEN_DELETED
    if outer is Change.INSERTED_THEN_DELETED or inner is Change.NONE:
        return outer
    return inner


def symbol(element: Element) -> str:
    """A w:sym character (a symbol font's private-use code; its bullets as a reader sees them)."""
    try:
        code = int(str(element.get(w.CHAR, "")), 16)
    except ValueError:
        return ""
    if not 0x20 <= code <= 0x10FFFF or 0xD800 <= code <= 0xDFFF:
        return ""
    return symbol_text(chr(code), str(element.get(w.FONT, "")))

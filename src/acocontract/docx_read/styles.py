"""styles.xml: each style's name, what it is based on, whether it hides text, and the list
numbering a paragraph style brings."""

from __future__ import annotations

from dataclasses import dataclass

from acocontract.docx_read.names import W
from acocontract.docx_read.parts import Element

_MAX_CHAIN = 32  # basedOn links followed at most (a loop in styles.xml ends here)
_OFF = ("0", "false", "off", "none")


def on_off(element: Element | None) -> bool | None:
    """An on/off property: None when absent, else whether it is on (`w:val` defaults to on)."""
    if element is None:
        return None
    return element.get(f"{W}val", "1").lower() not in _OFF


@dataclass(frozen=True)
class Style:
    id: str
    name: str
    kind: str  # paragraph | character | table | numbering
    based_on: str
    hidden: bool | None  # w:rPr/w:vanish, None when the style does not say
    num_id: str | None  # w:pPr/w:numPr/w:numId
    level: int | None  # w:pPr/w:numPr/w:ilvl


def int_value(element: Element | None, default: int | None = None) -> int | None:
    """An element's integer `w:val`, or the default when absent or not a number."""
    if element is None:
        return default
    try:
        return int(element.get(f"{W}val", ""))
    except ValueError:
        return default


class Styles:
    def __init__(self, root: Element | None) -> None:
        self.by_id: dict[str, Style] = {}
        self.default_paragraph = ""
        self.default_character = ""
        self.default_hidden = False
        self.numbering_cache: dict[str, tuple[str | None, int | None]] = {}
        if root is None:
            return
        vanish = root.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}vanish")
        self.default_hidden = bool(on_off(vanish))
        for element in root.iter(f"{W}style"):
            style = _style(element)
            self.by_id.setdefault(style.id, style)
            if str(element.get(f"{W}default", "0")).lower() not in ("1", "true", "on"):
                continue
            if style.kind == "paragraph" and not self.default_paragraph:
                self.default_paragraph = style.id
            elif style.kind == "character" and not self.default_character:
                self.default_character = style.id

    def name(self, style_id: str) -> str:
        style = self.by_id.get(style_id)
        return style.name if style else style_id

    def chain(self, style_id: str) -> list[Style]:
        """The style, then the style it is based on, and so on (a loop ends the chain)."""
        out: list[Style] = []
        seen: set[str] = set()
        while style_id and style_id not in seen and len(out) < _MAX_CHAIN:
            seen.add(style_id)
            style = self.by_id.get(style_id)
            if style is None:
                break
            out.append(style)
            style_id = style.based_on
        return out

    def _hides(self, style_id: str) -> bool | None:
        return next((s.hidden for s in self.chain(style_id) if s.hidden is not None), None)

    def hidden(self, direct: bool | None, char_style: str, para_style: str) -> bool:
        """Whether a run is hidden: its own w:vanish, else its character style's and its
        paragraph style's (a toggle: set in both, they cancel), else the document default."""
        if direct is not None:
            return direct
        by_char = self._hides(char_style or self.default_character)
        by_para = self._hides(para_style)
        if by_char is None and by_para is None:
            return self.default_hidden
        return bool(by_char) != bool(by_para)

    def numbering(self, style_id: str) -> tuple[str | None, int | None]:
        """The list (numId) and level a paragraph style brings, each from the nearest style in
        its chain that says."""
        found = self.numbering_cache.get(style_id)
        if found is None:
            found = self.numbering_cache[style_id] = self._numbering(style_id)
        return found

    def _numbering(self, style_id: str) -> tuple[str | None, int | None]:
        num_id: str | None = None
        level: int | None = None
        for style in self.chain(style_id):
            if num_id is None:
                num_id = style.num_id
            if level is None:
                level = style.level
        return num_id, level


def _style(element: Element) -> Style:
    def val(path: str) -> str:
        found = element.find(path)
        return "" if found is None else str(found.get(f"{W}val", ""))

    num = element.find(f"{W}pPr/{W}numPr")
    num_id = level = None
    if num is not None:
        found = num.find(f"{W}numId")
        num_id = None if found is None else str(found.get(f"{W}val", ""))
        level = int_value(num.find(f"{W}ilvl"))
    style_id = str(element.get(f"{W}styleId", ""))
    return Style(
        id=style_id,
        name=val(f"{W}name") or style_id,
        kind=str(element.get(f"{W}type", "paragraph")),
        based_on=val(f"{W}basedOn"),
        hidden=on_off(element.find(f"{W}rPr/{W}vanish")),
        num_id=num_id,
        level=level,
    )

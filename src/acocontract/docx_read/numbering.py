"""numbering.xml: Word's automatic list numbers, counted as Word counts them.

A paragraph names a list instance (`w:num`, by numId) and a level; the instance inherits an
abstract definition (`w:abstractNum`, perhaps through a numbering style) whose levels give the
start value, number format and label text ("(%1)", "%1.%2"). Instances of one abstract
definition share its counters, so a second instance continues the first, unless it overrides
a level's start (`w:startOverride`), which restarts that level when the instance is first
used. A level restarts after a higher level is used, or only after the levels `w:lvlRestart`
names.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from acocontract.docx_read.model import ListItem
from acocontract.docx_read.names import W
from acocontract.docx_read.parts import Element
from acocontract.docx_read.styles import Styles, int_value, on_off

LEVELS = 9
_MAX_START = 32_767  # Word's largest start value
_MAX_LINKS = 8  # numbering-style links followed at most
_PLACEHOLDER = re.compile(r"%([1-9])")
_ROMAN = (
    (1000, "m"),
    (900, "cm"),
    (500, "d"),
    (400, "cd"),
    (100, "c"),
    (90, "xc"),
    (50, "l"),
    (40, "xl"),
    (10, "x"),
    (9, "ix"),
    (5, "v"),
    (4, "iv"),
    (1, "i"),
)
# Bullets drawn from symbol fonts, as a reader sees them, by the font's character code (Word
# writes the code, or its private-use form U+F0xx); without a known font, the commonest.
_GLYPHS = {
    "symbol": {0xB7: "•"},
    "wingdings": {0x6C: "●", 0x6E: "■", 0x71: "❑", 0x76: "❖", 0xA7: "▪", 0xD8: "➢", 0xFC: "✓"},
}
_PRIVATE_USE = {0xB7: "•", 0xA7: "▪", 0xD8: "➢", 0xFC: "✓"}


def symbol_text(text: str, font: str = "") -> str:
    """Text in a symbol font as the characters a reader sees."""
    glyphs = _GLYPHS.get(font.lower(), {})
    out = []
    for char in text:
        code = ord(char)
        private = 0xF000 <= code <= 0xF0FF
        low = code - 0xF000 if private else code
        out.append(glyphs.get(low) or (_PRIVATE_USE.get(low, char) if private else char))
    return "".join(out)


@dataclass(frozen=True)
class Level:
    start: int = 1
    format: str = "decimal"
    text: str = ""  # w:lvlText, with %1..%9 for the levels' numbers
    restart: int | None = None  # w:lvlRestart: None restarts after any higher level, 0 never
    legal: bool = False  # w:isLgl: every number in the label shown as decimal
    style: str = ""  # w:pStyle: the paragraph style that brings this level
    font: str = ""  # the label's font (a bullet's character depends on it)


@dataclass(frozen=True)
class Instance:
    abstract: str
    levels: dict[int, Level] = field(default_factory=dict)  # w:lvlOverride/w:lvl
    starts: dict[int, int] = field(default_factory=dict)  # w:lvlOverride/w:startOverride


def _clamp(value: int | None, default: int) -> int:
    return default if value is None else max(0, min(value, _MAX_START))


def _level(element: Element) -> Level:
    def val(name: str) -> str:
        found = element.find(f"{W}{name}")
        return "" if found is None else str(found.get(f"{W}val", ""))

    text = element.find(f"{W}lvlText")
    return Level(
        start=_clamp(int_value(element.find(f"{W}start")), 1),
        format=val("numFmt") or "decimal",
        text="" if text is None else str(text.get(f"{W}val", "")),
        restart=int_value(element.find(f"{W}lvlRestart")),
        legal=bool(on_off(element.find(f"{W}isLgl"))),
        style=val("pStyle"),
        font=_font(element.find(f"{W}rPr/{W}rFonts")),
    )


def _font(fonts: Element | None) -> str:
    if fonts is None:
        return ""
    return str(fonts.get(f"{W}ascii") or fonts.get(f"{W}hAnsi") or "")


def _levels(parent: Element) -> dict[int, Level]:
    out: dict[int, Level] = {}
    for element in parent.findall(f"{W}lvl"):
        index = _index(element.get(f"{W}ilvl"))
        if index is not None:
            out.setdefault(index, _level(element))
    return out


def _index(value: str | None) -> int | None:
    try:
        index = int(value or "")
    except ValueError:
        return None
    return index if 0 <= index < LEVELS else None


class Numbering:
    """The list definitions of a document."""

    def __init__(self, root: Element | None, styles: Styles) -> None:
        self.styles = styles
        self.abstracts: dict[str, dict[int, Level]] = {}
        self.links: dict[str, str] = {}  # abstractNumId -> numbering style (w:numStyleLink)
        self.instances: dict[str, Instance] = {}
        self.definitions: dict[str, tuple[str, dict[int, Level]] | None] = {}  # by numId
        if root is not None:
            self._read(root)

    def _read(self, root: Element) -> None:
        for element in root.findall(f"{W}abstractNum"):
            key = str(element.get(f"{W}abstractNumId", ""))
            self.abstracts.setdefault(key, _levels(element))
            link = element.find(f"{W}numStyleLink")
            if link is not None:
                self.links[key] = str(link.get(f"{W}val", ""))
        for element in root.findall(f"{W}num"):
            abstract = element.find(f"{W}abstractNumId")
            if abstract is None:
                continue
            levels: dict[int, Level] = {}
            starts: dict[int, int] = {}
            for override in element.findall(f"{W}lvlOverride"):
                index = _index(override.get(f"{W}ilvl"))
                if index is None:
                    continue
                start = int_value(override.find(f"{W}startOverride"))
                if start is not None:
                    starts[index] = _clamp(start, 1)
                replaced = override.find(f"{W}lvl")
                if replaced is not None:
                    levels[index] = _level(replaced)
            key = str(abstract.get(f"{W}val", ""))
            self.instances.setdefault(
                str(element.get(f"{W}numId", "")), Instance(key, levels, starts)
            )

    def _abstract(self, num_id: str) -> tuple[str, dict[int, Level]] | None:
        """The abstract definition an instance uses, through numbering-style links."""
        instance = self.instances.get(num_id)
        for _ in range(_MAX_LINKS):
            if instance is None:
                return None
            key = instance.abstract
            link = self.links.get(key)
            if not link:
                return key, self.abstracts.get(key, {})
            linked, _ = self.styles.numbering(link)
            instance = self.instances.get(linked or "")
        return None

    def definition(self, num_id: str) -> tuple[str, dict[int, Level]] | None:
        """The counter key and the levels (with the instance's overrides) of a list."""
        if num_id not in self.definitions:
            found = self._abstract(num_id)
            if found is not None:
                key, levels = found
                found = key, {**levels, **self.instances[num_id].levels}
            self.definitions[num_id] = found
        return self.definitions[num_id]

    def level_for_style(self, num_id: str, style_id: str) -> int | None:
        found = self.definition(num_id)
        if found is None:
            return None
        return next((i for i, level in sorted(found[1].items()) if level.style == style_id), None)


class Counter:
    """The lists' counters, as paragraphs are read in document order."""

    def __init__(self, numbering: Numbering) -> None:
        self.numbering = numbering
        self.counts: dict[str, list[int | None]] = {}  # by abstract definition
        self.pending: dict[str, set[int]] = {}  # levels to restart at their next use
        self.started: set[tuple[str, int]] = set()  # (numId, level) whose override was applied

    def item(self, num_id: str, index: int) -> ListItem | None:
        """Count one paragraph at this list and level, and say the label Word shows for it."""
        found = self.numbering.definition(num_id)
        if found is None or not 0 <= index < LEVELS:
            return None
        key, levels = found
        level = levels.get(index)
        if level is None:
            return None
        counts = self.counts.setdefault(key, [None] * LEVELS)
        pending = self.pending.setdefault(key, set())
        starts = self.numbering.instances[num_id].starts
        start = starts.get(index, level.start)
        if index in starts and (num_id, index) not in self.started:
            self.started.add((num_id, index))
            counts[index] = start
        elif counts[index] is None or index in pending:
            counts[index] = start
        else:
            counts[index] = (counts[index] or 0) + 1
        pending.discard(index)
        for deeper in range(index + 1, LEVELS):
            below = levels.get(deeper)
            restart = below.restart if below else None
            if restart is None or restart > deeper or index < restart:
                pending.add(deeper)
        return ListItem(num_id, index, level.format, _label(level, levels, counts, starts))


def _label(
    level: Level, levels: dict[int, Level], counts: list[int | None], starts: dict[int, int]
) -> str:
    if level.format == "bullet":
        return symbol_text(level.text, level.font)

    def number(match: re.Match[str]) -> str:
        index = int(match[1]) - 1
        shown = levels.get(index, Level())
        if shown.format in ("bullet", "none"):
            return ""
        value = counts[index]
        if value is None:
            value = starts.get(index, shown.start)
        return format_number(value, "decimal" if level.legal else shown.format)

    return _PLACEHOLDER.sub(number, level.text)


def format_number(value: int, style: str) -> str:
    """A number as Word shows it in a list format (decimal for formats not modelled here)."""
    value = max(0, min(value, 99_999))
    if style in ("lowerLetter", "upperLetter"):
        if value == 0:
            return ""
        letter = chr(ord("a") + (value - 1) % 26) * ((value - 1) // 26 + 1)
        return letter if style == "lowerLetter" else letter.upper()
    if style in ("lowerRoman", "upperRoman"):
        roman = _roman(value)
        return roman if style == "lowerRoman" else roman.upper()
    if style == "decimalZero":
        return f"{value:02d}"
    if style == "ordinal":
        suffix = "th" if 10 <= value % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(value % 10)
        return f"{value}{suffix or 'th'}"
    if style == "none":
        return ""
    return str(value)


def _roman(value: int) -> str:
    out = []
    for amount, letters in _ROMAN:
        count, value = divmod(value, amount)
        out.append(letters * count)
    return "".join(out)

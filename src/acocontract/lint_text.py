"""Library lint on the text itself, whatever the variant: placeholders no profile can supply,
names from after the edition's date, and defined terms written without their markup."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from acocontract.context import ROW_NAMES, document_context
from acocontract.errors import Diagnostic, error
from acocontract.library import DocumentSpec, Edition
from acocontract.tailor import tailor
from acocontract.templating import names
from acocontract.variants_space import REFERENCE_VARIANTS, variant_profile


def sample_contexts(edition: Edition) -> dict[str, dict[str, Any]]:
    """What clause text is given, per document, taken from the fullest variants; `values` and
    table rows are open-ended, so only their names count."""
    contexts: dict[str, dict[str, Any]] = {}
    for variant in REFERENCE_VARIANTS:
        profile = variant_profile(variant)
        for tailored in tailor(profile, edition):
            context = document_context(profile, edition, tailored, [])
            context.update(dict.fromkeys(("values", *ROW_NAMES)))
            contexts.setdefault(tailored.spec.id, context)
    return contexts


def unknown_name(code: list[Any], context: Mapping[str, Any]) -> str | None:
    """The first name a program reads that the context does not give, or None. Attributes are
    checked one level down, on the mapping-valued names."""
    for name, attr in names(code):
        if name not in context:
            return f"the placeholder {name!r} is not something a profile supplies"
        sample = context[name]
        if attr is not None and isinstance(sample, Mapping) and attr not in sample:
            return f"{name}.{attr} is not something a profile supplies"
    return None


def text_problems(edition: Edition) -> list[Diagnostic]:
    """Placeholders that no profile can supply (checked on the text, whatever the variant)."""
    out = []
    contexts = sample_contexts(edition)
    for document in edition.documents:
        context = contexts.get(document.id, {})
        for clause in document.clauses:
            for spec in clause.texts():
                problem = unknown_name(spec.program.code, context)
                if problem:
                    out.append(
                        error(
                            spec.path,
                            spec.line,
                            spec.column,
                            "unknown-placeholder",
                            problem,
                            "see the table of placeholders in clauses/README.md",
                        )
                    )
    return out


_MARKUP = re.compile(r"\[\[[^\[\]]*\]\]|\{%.*?%\}|ref\(\s*(?:\"[^\"]*\"|'[^']*')\s*\)", re.S)
_EXPRESSION = re.compile(r"\{\{.*?\}\}", re.S)


def _words(term: str) -> re.Pattern[str]:
    return re.compile(r"(?<![\w-])" + re.escape(term).replace(r"\ ", r"\s+") + r"(?![\w-])", re.I)


def era_problems(edition: Edition) -> list[Diagnostic]:
    """Names the edition must not use because they came in after it was published."""
    out = []
    later = [(name, day, _words(name)) for name, day in edition.later_terms]
    for document in edition.documents:
        for clause in document.clauses:
            for spec in clause.texts():
                for name, day, pattern in later:
                    match = pattern.search(spec.source)
                    if match and match.group(0).split() == name.split():
                        out.append(
                            error(
                                spec.path,
                                spec.line,
                                spec.column,
                                "later-term",
                                f"{name!r} came in on {day}, after this edition "
                                f"({edition.id}, {edition.published}) was published",
                                "use what the text of that date would say",
                            )
                        )
    return out


def term_patterns(document: DocumentSpec, words: int = 2) -> list[tuple[str, re.Pattern[str]]]:
    """Each defined term of at least `words` words, longest first, with its words' pattern.
    National text is checked for terms of two words or more (a single word such as "services"
    is too often meant in its ordinary sense); local wording for every term."""
    terms = sorted(
        {d.term for c in document.clauses for d in c.definitions if len(d.term.split()) >= words},
        key=len,
        reverse=True,
    )
    return [(term, _words(term)) for term in terms]


def unmarked_problems(edition: Edition) -> list[Diagnostic]:
    """A defined term of two or more words written without its markup: in lower case
    anywhere ("contract year" where [[Contract Year]] is meant), or in capitals in running text
    (a placeholder's description, which cannot hold markup, may name it in capitals)."""
    out = []
    general = {w.casefold() for w in edition.general_words}
    for document in edition.documents:
        patterns = term_patterns(document)
        for clause in document.clauses:
            own = {d.text.source: d.term for d in clause.definitions}
            for spec in clause.texts():
                mine = [(t, p) for t, p in patterns if own.get(spec.source) != t]
                for said, term, how in unmarked_in(spec.source, mine, general):
                    out.append(
                        error(
                            spec.path,
                            spec.line,
                            spec.column,
                            "unmarked-term",
                            f"{said!r} is the defined term {term!r} written {how}",
                            f"write [[{term}]] where the defined meaning is meant, or other "
                            "words where it is not",
                        )
                    )
    return out


_TITLE_WORD = re.compile(r"[A-Z][\w'’-]*")


def _in_a_name(text: str, start: int, end: int) -> bool:
    """Whether a capitalised phrase is part of a longer name ("Local Authority Social Services
    and ... Regulations 2009"): a capitalised word right before or after it."""
    before = text[:start].rstrip().rsplit(None, 1)
    after = text[end:].lstrip().split(None, 1)
    # a capital that only starts a sentence ("The Provider must") makes no name
    opens = len(before) < 2 or before[0].rstrip()[-1:] in (".", ":", ";", "!", "?")
    return bool(
        (before and _TITLE_WORD.fullmatch(before[-1]) and text[:start].endswith(" ") and not opens)
        or (after and _TITLE_WORD.match(after[0]))
    )


def unmarked_in(
    source: str, patterns: list[tuple[str, re.Pattern[str]]], general: set[str]
) -> list[tuple[str, str, str]]:
    """(what is written, the term, how) for each use of a defined term's words without its
    markup in a text's source."""
    text = _MARKUP.sub(lambda m: " " * len(m.group(0)), source)
    inside = {i for m in _EXPRESSION.finditer(text) for i in range(m.start(), m.end())}
    found = []
    for term, pattern in patterns:
        for match in pattern.finditer(text):
            said = match.group(0)
            lowered = said.split() != term.split()
            if lowered:
                problem = " ".join(said.split()).casefold() not in general
            else:
                problem = match.start() not in inside and not _in_a_name(
                    text, match.start(), match.end()
                )
            if problem:
                found.append((said, term, "in lower case" if lowered else "without its markup"))
            text = text[: match.start()] + " " * len(said) + text[match.end() :]
    return found

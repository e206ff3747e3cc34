"""Library lint on the text itself, whatever the variant: placeholders no profile can supply."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from acocontract.context import ROW_NAMES, document_context
from acocontract.errors import Diagnostic, error
from acocontract.library import Edition
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

"""Clause text: Jinja placeholders checked once, then run as data into inline runs.

Clause text is Jinja syntax restricted to expressions and `{% if %}`: no loops, macros,
assignments or includes, so a text can neither run forever nor reach Python internals. Values
from the profile are data: they are inserted as text and never evaluated. Inline markup:

    [[Service User]]           a defined term        [[Service User|Service Users]]
    {{ ref("GC14.2") }}         a cross-reference, printed as the paragraph's number
    {{ local("wpap", "the annual payment") }}   a profile value, or a placeholder for completion
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, Protocol, cast

from acocontract.errors import AcoError, Diagnostic, error
from acocontract.templating.evaluate import Evaluator, Refused, clean
from acocontract.templating.program import (
    EMPTY,
    Output,
    Program,
    TemplateProblem,
    compile_source,
    compile_text,
    local_keys,
    names,
    segments,
)
from acocontract.tree import Ref, Run, split_label

__all__ = [
    "EMPTY",
    "Evaluator",
    "Output",
    "Program",
    "Refused",
    "TemplateProblem",
    "clean",
    "compile_source",
    "compile_text",
    "local_keys",
    "names",
    "render_runs",
    "resolve_parts",
    "segments",
    "template_error",
]

HINT = "see clauses/README.md for what clause text may contain"

Resolver = Callable[[str], str]  # target -> printed label; raises LookupError(message)


class Located(Protocol):
    """Where a text was written, for its diagnostics: path, line and column."""

    @property
    def path(self) -> str: ...
    @property
    def line(self) -> int: ...
    @property
    def column(self) -> int: ...


def template_error(
    where: Located, lineno: int | None, message: str, code: str = "template", hint: str = HINT
) -> Diagnostic:
    line = where.line + (lineno or 1) - 1
    column = where.column if (lineno or 1) == 1 else 1
    return error(where.path, line, column, code, message, hint)


def render_runs(
    program: Program, where: Located, context: Mapping[str, Any] | Evaluator, resolve: Resolver
) -> tuple[tuple[Run, ...], tuple[str, ...]]:
    """A text's runs for this context, and the defined terms it uses; `resolve` names each
    reference target or refuses it."""
    output = program.output
    if output is None:
        evaluator = context if isinstance(context, Evaluator) else Evaluator(context)
        try:
            output = segments(evaluator.run(program.code))
        except Refused as err:
            raise AcoError([template_error(where, None, str(err))]) from None
    return resolve_parts(output, where, resolve), output.terms


def resolve_parts(output: Output, where: Located, resolve: Resolver) -> tuple[Run, ...]:
    """Runs with each reference resolved (or refused) for this document."""
    if not output.refs:
        return cast(tuple[Run, ...], output.parts)  # no references: the runs themselves
    runs: list[Run] = []
    for part in output.parts:
        if part.__class__ is not str:
            runs.append(cast(Run, part))
            continue
        target = part
        try:
            label = resolve(target)
            # a paragraph's number is the last word of its label (see tree.split_label)
            runs.append(Ref(target, label, split_label(label)[0] if "." in target else ""))
        except LookupError as err:
            raise AcoError(
                [
                    template_error(
                        where,
                        None,
                        str(err.args[0]),
                        "broken-ref",
                        "refer only to clauses that exist and apply wherever this text applies",
                    )
                ]
            ) from None
    return tuple(runs)

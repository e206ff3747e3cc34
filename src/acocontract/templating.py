"""Clause text: sandboxed Jinja placeholders, then inline markup into runs.

Clause text is a Jinja template (sandboxed, StrictUndefined) restricted to expressions and
`{% if %}`: no loops, macros, assignments or includes, so a template can neither run forever
nor reach Python internals. Values from the profile are data: they are inserted as text and
never evaluated. Inline markup:

    [[Service User]]           a defined term        [[Service User|Service Users]]
    {{ ref("GC14.2") }}         a cross-reference, printed as the paragraph's number
    {{ local("wpap", "the annual payment") }}   a profile value, or a placeholder for completion
"""

from __future__ import annotations

import functools
import hashlib
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from acocontract.errors import AcoError, error
from acocontract.library import Text as TextSpec
from acocontract.tree import Placeholder, Ref, Run, Term, Text

OPEN, CLOSE = "\ue000", "\ue001"
_MARKER = re.compile(f"{OPEN}([RTL]):([^{CLOSE}]*){CLOSE}")
_TERM_SOURCE = re.compile(r"\[\[([^\[\]|]+)(?:\|([^\[\]]+))?\]\]")
_CONTROL = re.compile(f"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f{OPEN}{CLOSE}]")
_SPACE = re.compile(r"\s+")
_CONSTANT_REF = re.compile(r"""\{\{\s*ref\(\s*(?:"([^"{}\\]+)"|'([^'{}\\]+)')\s*\)\s*\}\}""")
MAX_OUTPUT = 100_000

ALLOWED_FILTERS = {
    "and_list",
    "capitalize",
    "default",
    "first",
    "join",
    "last",
    "length",
    "lower",
    "map",
    "sort",
    "title",
    "trim",
    "upper",
    "list",
    "string",
}
HELPERS = {"ref", "local"}


@dataclass(frozen=True)
class Marker:
    kind: str  # R ref, L local placeholder
    value: str

    def __str__(self) -> str:
        return f"{OPEN}{self.kind}:{self.value}{CLOSE}"


def clean(value: object) -> str:
    """A value from the profile as safe text: no control characters, no markup sentinels."""
    return _CONTROL.sub("", str(value))


def and_list(values: Any) -> str:
    items = [clean(v) for v in values]
    if len(items) <= 2:
        return " and ".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def _finalize(value: Any) -> str:
    if isinstance(value, Marker):
        return str(value)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list | tuple):
        return and_list(value)
    return clean(value)


@functools.cache
def environment() -> Any:
    from jinja2 import StrictUndefined
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    class Env(ImmutableSandboxedEnvironment):
        intercepted_binops = frozenset(["*", "**", "//", "%"])

        def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
            from jinja2.exceptions import SecurityError

            raise SecurityError(f"the operator {operator!r} is not allowed in clause text")

    from jinja2 import FileSystemBytecodeCache, FunctionLoader

    from acocontract import cache

    compiled = cache.folder("templates")
    env = Env(
        undefined=StrictUndefined,
        autoescape=False,
        finalize=_finalize,
        loader=FunctionLoader(lambda name: (_SOURCES[name], None, lambda: True)),
        bytecode_cache=FileSystemBytecodeCache(str(compiled)) if compiled else None,
        cache_size=-1,
    )
    env.filters = {name: env.filters[name] for name in ALLOWED_FILTERS if name in env.filters}
    env.filters["and_list"] = and_list
    env.tests = {name: env.tests[name] for name in ("defined", "none", "string", "number")}
    env.globals = {}
    return env


_ALLOWED_NODES = {
    "Template",
    "Output",
    "TemplateData",
    "Name",
    "Const",
    "Getattr",
    "Getitem",
    "Call",
    "Filter",
    "Test",
    "If",
    "Compare",
    "Operand",
    "And",
    "Or",
    "Not",
    "CondExpr",
    "List",
    "Tuple",
    "Concat",
    "Keyword",
}


def _check_nodes(node: Any) -> str | None:
    """The first construct that clause text may not use, or None."""
    kind = type(node).__name__
    if kind not in _ALLOWED_NODES:
        words = {
            "For": "loops",
            "Macro": "macros",
            "Assign": "assignments",
            "AssignBlock": "assignments",
            "Include": "includes",
            "Import": "imports",
            "FromImport": "imports",
            "Extends": "template inheritance",
            "CallBlock": "call blocks",
        }
        if kind in ("Add", "Sub", "Mul", "Div", "FloorDiv", "Mod", "Pow"):
            return "arithmetic is not allowed in clause text"
        return words.get(kind, f"{kind} expressions") + " are not allowed in clause text"
    if kind == "Call" and not (type(node.node).__name__ == "Name" and node.node.name in HELPERS):
        return "only ref() and local() may be called in clause text"
    if kind == "Filter" and node.name not in ALLOWED_FILTERS:
        return f"the filter {node.name!r} is not allowed in clause text"
    if kind in ("Name", "Getattr") and (
        getattr(node, "name", "").startswith("_") or getattr(node, "attr", "").startswith("_")
    ):
        return "names starting with _ are not allowed in clause text"
    for child in node.iter_child_nodes():
        problem = _check_nodes(child)
        if problem:
            return problem
    return None


def _template_error(
    spec: TextSpec,
    lineno: int | None,
    message: str,
    code: str = "template",
    hint: str = "see clauses/README.md for what clause text may contain",
) -> AcoError:
    line = spec.line + (lineno or 1) - 1
    return AcoError(
        [
            error(
                spec.path,
                line,
                spec.column if (lineno or 1) == 1 else 1,
                code,
                message,
                hint,
            )
        ]
    )


_SOURCES: dict[str, str] = {}  # template name (a digest of its source) -> source
_VERIFIED: set[str] = set()  # names whose source passed the checks below


def _prepared(spec: TextSpec) -> tuple[str, str]:
    source = _TERM_SOURCE.sub(
        lambda m: f"{OPEN}T:{m.group(1).strip()}|{(m.group(2) or m.group(1)).strip()}{CLOSE}",
        spec.source,
    )
    return "t" + hashlib.sha256(source.encode()).hexdigest(), source


def verify(spec: TextSpec) -> str:
    """Refuse anything outside the allowed subset of Jinja; the template's name when it passes."""
    from jinja2.exceptions import TemplateSyntaxError

    name, source = _prepared(spec)
    if name in _VERIFIED:
        return name
    try:
        tree = environment().parse(source)
    except TemplateSyntaxError as err:
        raise _template_error(spec, err.lineno, f"template syntax error: {err.message}") from None
    problem = _check_nodes(tree)
    if problem:
        raise _template_error(spec, None, problem)
    _VERIFIED.add(name)
    return name


def verify_texts(specs: list[TextSpec]) -> list[str]:
    """Check every text, reporting every problem at once; the names that passed."""
    problems = []
    for spec in specs:
        if "{" in spec.source:
            try:
                verify(spec)
            except AcoError as err:
                problems.extend(err.diagnostics)
    if problems:
        raise AcoError(problems)
    return sorted(_VERIFIED)


def mark_verified(names: list[str]) -> None:
    """Texts checked when a cached edition was made need not be checked again."""
    _VERIFIED.update(names)


@functools.lru_cache(maxsize=8192)
def compile_text(spec: TextSpec) -> Any:
    """Compile a clause text once (the compiled code is cached on disk between runs)."""
    name = verify(spec)
    _SOURCES[name] = _prepared(spec)[1]
    return environment().get_template(name)


def unknown_name(spec: TextSpec, context: Mapping[str, Any]) -> str | None:
    """The first placeholder in a clause text that is not in `context` (a sample of what text
    is given), or None. Attributes are checked one level down, on the mapping-valued names."""
    verify(spec)  # the allowed subset first, with its located messages
    tree = environment().parse(_TERM_SOURCE.sub("", spec.source))
    for node in tree.find_all(_node_class("Name")):
        if node.ctx == "load" and node.name not in context and node.name not in HELPERS:
            return f"the placeholder {node.name!r} is not something a profile supplies"
    for node in tree.find_all(_node_class("Getattr")):
        base = node.node
        sample = context.get(base.name) if type(base).__name__ == "Name" else None
        if isinstance(sample, Mapping) and node.attr not in sample:
            return f"{base.name}.{node.attr} is not something a profile supplies"
    return None


def _node_class(name: str) -> Any:
    from jinja2 import nodes

    return getattr(nodes, name)


Resolver = Callable[[str], str]  # target -> printed label; raises LookupError(message)


def render_runs(spec: TextSpec, context: Mapping[str, Any], resolve: Resolver) -> tuple[Run, ...]:
    """Render a clause text into runs; `resolve` names a reference target or raises AcoError."""
    if "{" not in spec.source:  # plain text with [[terms]]: nothing for Jinja to do
        return parse_runs(_prepared(spec)[1], spec, resolve)
    constant = _CONSTANT_REF.sub(
        lambda m: str(Marker("R", m.group(1) or m.group(2))), _prepared(spec)[1]
    )
    if "{" not in constant:  # only {{ ref("GC14") }} with constant targets: no evaluation needed
        return parse_runs(constant, spec, resolve)
    from jinja2.exceptions import SecurityError, TemplateError, UndefinedError

    template = compile_text(spec)
    values = context.get("values", {})

    def ref(target: Any) -> Marker:
        return Marker("R", clean(target))

    def local(key: Any, description: Any = "") -> Any:
        if isinstance(values, Mapping) and key in values:
            return values[key]
        return Marker("L", clean(description or key))

    try:
        out = template.render({**context, "ref": ref, "local": local})
    except UndefinedError as err:
        raise _template_error(spec, None, f"unknown placeholder: {err.message}") from None
    except SecurityError as err:
        raise _template_error(spec, None, f"refused by the sandbox: {err}") from None
    except (TemplateError, TypeError, ValueError, RecursionError) as err:
        raise _template_error(spec, None, f"the text could not be filled in: {err}") from None
    if len(out) > MAX_OUTPUT:
        raise _template_error(spec, None, "the text is longer than any clause should be")
    return parse_runs(out, spec, resolve)


def parse_runs(out: str, spec: TextSpec, resolve: Resolver) -> tuple[Run, ...]:
    runs: list[Run] = []
    position = 0
    text = _SPACE.sub(" ", out).strip()
    for match in _MARKER.finditer(text):
        if match.start() > position:
            runs.append(Text(text[position : match.start()]))
        kind, value = match.group(1), match.group(2)
        if kind == "R":
            try:
                runs.append(Ref(value, resolve(value)))
            except LookupError as err:
                raise _template_error(
                    spec,
                    None,
                    str(err.args[0]),
                    "broken-ref",
                    "refer only to clauses that exist and apply wherever this text applies",
                ) from None
        elif kind == "T":
            term, _, shown = value.partition("|")
            runs.append(Term(term, shown or term))
        else:
            runs.append(Placeholder(f"[{value}]"))
        position = match.end()
    if position < len(text):
        runs.append(Text(text[position:]))
    return tuple(runs)

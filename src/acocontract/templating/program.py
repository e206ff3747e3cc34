"""Clause text to a checked program: Jinja's sandboxed parser, then an allowed subset as data.

Clause text is Jinja syntax. It is parsed once by Jinja's `ImmutableSandboxedEnvironment`, every
node is checked against the subset clause text may use (expressions and `{% if %}`; only the
helpers `ref()` and `local()`; an allowed set of filters and tests; no names starting with `_`;
bounded nesting), and the checked tree is kept as plain nested lists. Those lists are what the
library cache stores and what `evaluate` runs: no code is generated, compiled or cached.

Program code, as nested lists:

    ["data", text]                      literal text
    ["out", expr]                       print an expression
    ["if", expr, [body...], [else...]]  a conditional block

    ["const", value]   ["name", n]   ["attr", expr, n]   ["item", expr, expr]
    ["call", "ref" | "local", [args], [[key, expr]...]]
    ["filter", name, expr, [args], [[key, expr]...]]   ["test", name, expr, [args]]
    ["and", a, b]   ["or", a, b]   ["not", a]   ["cond", test, a, b | None]
    ["cmp", expr, [[op, expr]...]]   ["list", [exprs]]   ["concat", [exprs]]
"""

from __future__ import annotations

import functools
import hashlib
import re
from typing import Any, NamedTuple

from acocontract.tree import Placeholder, Run, Term, Text

OPEN, CLOSE = "\ue000", "\ue001"
TERM_SOURCE = re.compile(r"\[\[([^\[\]|]+)(?:\|([^\[\]]+))?\]\]")
MAX_DEPTH = 24  # brackets and blocks nested within one text

ALLOWED_FILTERS = frozenset(
    {
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
)
ALLOWED_TESTS = frozenset({"defined", "none", "string", "number"})
HELPERS = frozenset({"ref", "local"})

_REFUSED = {
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
_ARITHMETIC = {"Add", "Sub", "Mul", "Div", "FloorDiv", "Mod", "Pow", "Neg", "Pos"}


class TemplateProblem(Exception):
    """Clause text that may not be used: `lineno` is the line within the text (1-based)."""

    def __init__(self, message: str, lineno: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.lineno = lineno


Segment = Run | str  # a run, or the target of a reference not yet resolved


class Output(NamedTuple):
    """A filled-in text split into runs; references stay targets until a document resolves
    them. `refs` says whether there are any; `terms` are the defined terms it uses."""

    parts: tuple[Segment, ...]
    refs: bool
    terms: tuple[str, ...]


def _output(parts: tuple[Segment, ...]) -> Output:
    refs = any(part.__class__ is str for part in parts)
    return Output(parts, refs, tuple(p.term for p in parts if isinstance(p, Term)))


class Program:
    """A checked clause text: its code and, when it needs no profile data, its output
    (`output`), already split into runs."""

    __slots__ = ("_output", "_stored", "code")

    def __init__(self, code: list[Any], output: Output | None) -> None:
        self.code = code
        self._output = output
        self._stored: list[Any] | None = None  # the output as the cache stored it, until used

    @property
    def output(self) -> Output | None:
        if self._stored is not None:
            self._output = _output(tuple(map(_part_from_json, self._stored)))
            self._stored = None
        return self._output

    @classmethod
    def of(cls, code: list[Any]) -> Program:
        static = _static(code)
        return cls(code, None if static is None else segments(static))

    def to_json(self) -> Any:
        """The code, or for a text that needs no data its runs: plain lists either way."""
        output = self.output
        if output is None:
            return {"code": self.code}
        return {"parts": [_part_json(p) for p in output.parts]}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Program:
        if "parts" in data:
            program = cls([], None)
            program._stored = data["parts"]  # made into runs when first used
            return program
        return cls.of(data["code"])


EMPTY = Program([], Output((), False, ()))  # stands for a text that failed its checks


def _part_json(part: Segment) -> Any:
    if isinstance(part, str):
        return part
    if isinstance(part, Term):
        return [part.term, part.text]
    if isinstance(part, Placeholder):
        return ["", part.text]
    if isinstance(part, Text):
        return [part.text]
    raise TypeError(f"a program's output holds no {type(part).__name__}")


def _part_from_json(data: Any) -> Segment:
    if data.__class__ is str:
        return data
    if len(data) == 1:
        return Text(data[0])
    return Placeholder(data[1]) if data[0] == "" else Term(data[0], data[1])


_MARKER = re.compile(f"{OPEN}([RTL]):([^{CLOSE}]*){CLOSE}")
_SPACE = re.compile(r"\s+")


@functools.lru_cache(maxsize=16384)
def segments(out: str) -> Output:
    """A filled-in text as runs, references still unresolved (their targets, as text): the
    same text always gives the same segments."""
    found: list[Segment] = []
    position = 0
    text = _SPACE.sub(" ", out).strip()
    for match in _MARKER.finditer(text):
        if match.start() > position:
            found.append(Text(text[position : match.start()]))
        kind, value = match.group(1), match.group(2)
        if kind == "R":
            found.append(value)
        elif kind == "T":
            term, _, shown = value.partition("|")
            found.append(Term(term, shown or term))
        else:
            found.append(Placeholder(f"[{value}]"))
        position = match.end()
    if position < len(text):
        found.append(Text(text[position:]))
    return _output(tuple(found))


def prepared(source: str) -> str:
    """`[[Term|shown]]` markup as markers Jinja passes through untouched."""
    return TERM_SOURCE.sub(
        lambda m: f"{OPEN}T:{m.group(1).strip()}|{(m.group(2) or m.group(1)).strip()}{CLOSE}",
        source,
    )


def marker(kind: str, value: str) -> str:
    return f"{OPEN}{kind}:{value}{CLOSE}"


@functools.cache
def _environment() -> Any:
    from jinja2 import StrictUndefined
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    return ImmutableSandboxedEnvironment(undefined=StrictUndefined, autoescape=False)


def _nesting(source: str) -> int:
    depth = deepest = 0
    for char in source:
        if char in "([{":
            depth += 1
            deepest = max(deepest, depth)
        elif char in ")]}":
            depth = max(0, depth - 1)
    return deepest


_CONSTANT_REF = re.compile(r"""\{\{\s*ref\(\s*(?:"([^"{}\\]+)"|'([^'{}\\]+)')\s*\)\s*\}\}""")


def compile_source(source: str) -> Program:
    """A clause text as a checked program; raises TemplateProblem. A text whose only
    placeholders are references to fixed clause numbers needs no parser: it is its output."""
    text = prepared(source)
    if "{" in text:
        text = _CONSTANT_REF.sub(lambda m: marker("R", m.group(1) or m.group(2)), text)
    if "{" not in text:
        return Program([["data", text]], segments(text))
    if _nesting(text) > MAX_DEPTH + 2:  # the {{ }} themselves count twice
        raise TemplateProblem(f"the text nests brackets deeper than {MAX_DEPTH} levels")
    from jinja2.exceptions import TemplateSyntaxError

    try:
        tree = _environment().parse(text)
    except TemplateSyntaxError as err:
        raise TemplateProblem(f"template syntax error: {err.message}", err.lineno) from None
    except RecursionError:
        raise TemplateProblem(f"the text nests deeper than {MAX_DEPTH} levels") from None
    return Program.of(_statements(tree.body, 0))


@functools.lru_cache(maxsize=4096)
def _cached(digest: str, source: str) -> Program:
    return compile_source(source)


def compile_text(source: str) -> Program:
    """`compile_source`, once per distinct text in a process."""
    return _cached(hashlib.sha256(source.encode()).hexdigest(), source)


def _static(code: list[Any]) -> str | None:
    """The output of code made only of literal text and constant references."""
    out = []
    for node in code:
        if node[0] == "data":
            out.append(node[1])
        elif node[0] == "out" and _constant_ref(node[1]):
            out.append(marker("R", str(node[1][2][0][1])))
        else:
            return None
    return "".join(out)


def _constant_ref(expr: list[Any]) -> bool:
    return (
        expr[0] == "call"
        and expr[1] == "ref"
        and len(expr[2]) == 1
        and not expr[3]
        and expr[2][0][0] == "const"
        and isinstance(expr[2][0][1], str)
    )


def _statements(nodes: list[Any], depth: int) -> list[Any]:
    if depth > MAX_DEPTH:
        raise TemplateProblem(f"the text nests deeper than {MAX_DEPTH} levels")
    out: list[Any] = []
    for node in nodes:
        kind = type(node).__name__
        if kind == "Output":
            for child in node.nodes:
                if type(child).__name__ == "TemplateData":
                    out.append(["data", child.data])
                else:
                    out.append(["out", _expr(child, depth + 1)])
        elif kind == "If":
            otherwise = _statements(node.else_, depth + 1)
            for branch in reversed(node.elif_):
                otherwise = [
                    [
                        "if",
                        _expr(branch.test, depth + 1),
                        _statements(branch.body, depth + 1),
                        otherwise,
                    ]
                ]
            out.append(
                ["if", _expr(node.test, depth + 1), _statements(node.body, depth + 1), otherwise]
            )
        else:
            raise _refused(node)
    return out


def _refused(node: Any) -> TemplateProblem:
    kind = type(node).__name__
    if kind in _ARITHMETIC:
        return TemplateProblem("arithmetic is not allowed in clause text")
    what = _REFUSED.get(kind, f"{kind} expressions")
    return TemplateProblem(f"{what} are not allowed in clause text")


def _args(node: Any, depth: int) -> tuple[list[Any], list[Any]]:
    if node.dyn_args is not None or node.dyn_kwargs is not None:
        raise TemplateProblem("*args and **kwargs are not allowed in clause text")
    args = [_expr(a, depth + 1) for a in node.args]
    kwargs = [[k.key, _expr(k.value, depth + 1)] for k in node.kwargs]
    return args, kwargs


def _expr(node: Any, depth: int) -> list[Any]:
    if depth > MAX_DEPTH:
        raise TemplateProblem(f"the text nests deeper than {MAX_DEPTH} levels")
    kind = type(node).__name__
    if kind == "Const":
        return ["const", node.value]
    if kind == "Name":
        if node.name.startswith("_"):
            raise TemplateProblem("names starting with _ are not allowed in clause text")
        if node.name in HELPERS:
            raise TemplateProblem('ref and local must be called, as in ref("GC14")')
        return ["name", node.name]
    if kind == "Getattr":
        if node.attr.startswith("_"):
            raise TemplateProblem("names starting with _ are not allowed in clause text")
        return ["attr", _expr(node.node, depth + 1), node.attr]
    if kind == "Getitem":
        return ["item", _expr(node.node, depth + 1), _expr(node.arg, depth + 1)]
    if kind == "Call":
        callee = node.node
        if not (type(callee).__name__ == "Name" and callee.name in HELPERS):
            raise TemplateProblem("only ref() and local() may be called in clause text")
        return ["call", callee.name, *_args(node, depth)]
    if kind == "Filter":
        if node.name not in ALLOWED_FILTERS:
            raise TemplateProblem(f"the filter {node.name!r} is not allowed in clause text")
        return ["filter", node.name, _expr(node.node, depth + 1), *_args(node, depth)]
    if kind == "Test":
        if node.name not in ALLOWED_TESTS:
            raise TemplateProblem(f"the test {node.name!r} is not allowed in clause text")
        return ["test", node.name, _expr(node.node, depth + 1), _args(node, depth)[0]]
    if kind in ("And", "Or"):
        return [kind.lower(), _expr(node.left, depth + 1), _expr(node.right, depth + 1)]
    if kind == "Not":
        return ["not", _expr(node.node, depth + 1)]
    if kind == "CondExpr":
        otherwise = _expr(node.expr2, depth + 1) if node.expr2 is not None else None
        return ["cond", _expr(node.test, depth + 1), _expr(node.expr1, depth + 1), otherwise]
    if kind == "Compare":
        ops = [[op.op, _expr(op.expr, depth + 1)] for op in node.ops]
        return ["cmp", _expr(node.expr, depth + 1), ops]
    if kind in ("List", "Tuple"):
        return ["list", [_expr(item, depth + 1) for item in node.items]]
    if kind == "Concat":
        return ["concat", [_expr(item, depth + 1) for item in node.nodes]]
    raise _refused(node)


def names(code: list[Any]) -> list[tuple[str, str | None]]:
    """Every profile name a program reads: (name, attribute or None), in order."""
    found: list[tuple[str, str | None]] = []

    def visit(node: Any) -> None:
        if not isinstance(node, list) or not node or not isinstance(node[0], str):
            if isinstance(node, list):
                for child in node:
                    visit(child)
            return
        if node[0] == "attr" and node[1][0] == "name":
            found.append((node[1][1], node[2]))
            return
        if node[0] == "name":
            found.append((node[1], None))
            return
        if node[0] == "const":
            return
        for child in node[1:]:
            visit(child)

    visit(code)
    return found


def local_keys(code: list[Any]) -> list[str]:
    """The profile `values` a program can take through local("key", ...)."""
    found: list[str] = []

    def visit(node: Any) -> None:
        if not isinstance(node, list):
            return
        if node and node[0] == "call" and node[1] == "local":
            args = node[2]
            if args and args[0][0] == "const" and isinstance(args[0][1], str):
                found.append(args[0][1])
        for child in node:
            visit(child)

    visit(code)
    return list(dict.fromkeys(found))

"""The translator every writer is: one `visit_<Node>` method per node type, dispatched by type.

As in docutils and Sphinx, a writer walks the one document tree and translates each node; it
never re-derives a layout decision (that is assembly's job), and it fails loudly on a node it
does not know instead of falling through, so a new node cannot be silently dropped by a format.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, ClassVar

from acocontract.tree import Document


class UnknownNode(TypeError):
    """A writer was given a node it has no `visit_` method for: a bug, never a user's mistake."""


class Translator:
    """Base class: `visit(node)` calls `self.visit_<ClassName>(node)`."""

    _functions: ClassVar[dict[type, Callable[[Any, Any], Any]]] = {}

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        cls._functions = {}

    def visit(self, node: object) -> Any:
        function = self._functions.get(type(node))
        if function is None:
            function = self._find(type(node))
        return function(self, node)

    @classmethod
    def _find(cls, kind: type) -> Callable[[Any, Any], Any]:
        function: Callable[[Any, Any], Any] | None = getattr(cls, "visit_" + kind.__name__, None)
        if function is None or not callable(function):
            raise UnknownNode(f"{cls.__name__} cannot write a {kind.__name__} node")
        cls._functions[kind] = function
        return function

    def visit_all(self, nodes: Iterable[object]) -> None:
        for node in nodes:
            self.visit(node)


class Writer:
    """A format: a name, a file suffix, and how a document tree becomes bytes."""

    name: ClassVar[str]
    suffix: ClassVar[str]

    def render(self, document: Document) -> bytes:
        raise NotImplementedError

    def render_many(self, documents: dict[str, Document]) -> dict[str, bytes]:
        """Every document at once (a format that converts in batches overrides this)."""
        return {key: self.render(document) for key, document in documents.items()}

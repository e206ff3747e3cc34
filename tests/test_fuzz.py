"""Mutated profiles end in success or a located diagnostic: never a traceback, never a hang."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from acocontract.check import check_file
from acocontract.loader import load_yaml
from acocontract.pipeline import Built, assembled, render_sets
from acocontract.validate import to_json

from conftest import FIXTURES

BASES = [to_json(load_yaml(p).data) for p in sorted((FIXTURES / "profiles").glob("*.yaml"))]

values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(10**6), 10**9)
    | st.floats(allow_nan=False)
    | st.text(max_size=30)
    | st.sampled_from(["2020-02-30", "virtual", "acute", "A00001", ""]),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=6,
)


def _paths(data: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix]
    if isinstance(data, dict):
        for key, value in data.items():
            found += _paths(value, (*prefix, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            found += _paths(value, (*prefix, index))
    return found


def _mutate(data: Any, path: tuple[Any, ...], action: str, value: Any) -> Any:
    if not path:
        return value if action == "set" else data
    copy = json.loads(json.dumps(data))
    parent = copy
    for step in path[:-1]:
        parent = parent[step]
    last = path[-1]
    if action == "delete":
        del parent[last]
    elif action == "set":
        parent[last] = value
    elif action == "add" and isinstance(parent, dict):
        parent[f"{last}_extra"] = value
    elif action == "add" and isinstance(parent, list):
        parent.append(value)
    return copy


@st.composite
def mutated_texts(draw: st.DrawFn) -> str:
    base = draw(st.sampled_from(BASES))
    data = base
    for _ in range(draw(st.integers(1, 3))):
        paths = _paths(data)
        path = draw(st.sampled_from(paths))
        data = _mutate(data, path, draw(st.sampled_from(["delete", "set", "add"])), draw(values))
    text = json.dumps(data, indent=1, ensure_ascii=draw(st.booleans()))
    if draw(st.booleans()):  # damage the text itself too
        at = draw(st.integers(0, len(text)))
        junk = draw(st.text(alphabet="{}[]:,-!&*'\"\t\n #|>%@`", max_size=4))
        cut = draw(st.integers(0, 4))
        text = text[:at] + junk + text[at + cut :]
    return text


@pytest.mark.usefixtures("fixture_library")
@settings(
    max_examples=int(__import__("os").environ.get("FUZZ_EXAMPLES", "150")),
    deadline=5000,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(text=mutated_texts())
def test_mutated_profiles_succeed_or_fail_with_located_diagnostics(
    tmp_path_factory: pytest.TempPathFactory, text: str
) -> None:
    path = tmp_path_factory.mktemp("fuzz") / "p.yaml"
    path.write_text(text, encoding="utf-8")
    checked = assembled(check_file(path, "p.yaml"))
    if isinstance(checked, Built):
        files = render_sets({"p": checked}, ["md", "html", "docx"])["p"]
        assert "manifest.json" in files
        return
    assert checked.diagnostics
    lines = len(text.splitlines()) + 1
    for diagnostic in checked.diagnostics:
        assert diagnostic.path == "p.yaml"
        assert 1 <= diagnostic.line <= lines
        assert diagnostic.column >= 1
        assert diagnostic.code and diagnostic.message


def test_mutation_helpers_change_the_profile() -> None:
    base = BASES[0]
    assert "model" not in _mutate(base, ("model",), "delete", None)
    assert _mutate(base, ("population",), "set", "many")["population"] == "many"

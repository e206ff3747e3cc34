from __future__ import annotations

import time
from pathlib import Path

import pytest

from acocontract.errors import AcoError
from acocontract.loader import load_yaml, parse_yaml


def codes(err: AcoError) -> list[tuple[int, int, str]]:
    return [(d.line, d.column, d.code) for d in err.diagnostics]


def test_positions_of_keys_and_values_are_kept() -> None:
    loaded = parse_yaml("a: 1\nb:\n  - x\n  - {c: 2}\n", "f.yaml")
    assert loaded.data == {"a": 1, "b": ["x", {"c": 2}]}
    assert loaded.where(("b", 1, "c")) == (4, 9)
    assert loaded.where(("b", 1, "c"), key=True) == (4, 6)
    assert loaded.where(("a",), key=True) == (1, 1)


def test_duplicate_key_is_located_at_the_second_one() -> None:
    with pytest.raises(AcoError) as caught:
        parse_yaml("name: a\nmodel: virtual\nname: b\n", "p.yaml")
    assert codes(caught.value) == [(3, 1, "duplicate-key")]
    assert "line 1" in caught.value.diagnostics[0].hint


def test_tags_that_would_construct_objects_are_refused(tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    source = f"a: !!python/object/apply:os.system ['touch {marker}']\nb: !custom x\n"
    with pytest.raises(AcoError) as caught:
        parse_yaml(source, "p.yaml")
    assert codes(caught.value) == [(1, 4, "yaml-tag"), (2, 4, "yaml-tag")]
    assert not marker.exists()


def test_alias_bomb_is_refused_quickly() -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 12):
        refs = ", ".join([f"*a{i - 1}"] * 10)
        lines.append(f"a{i}: &a{i} [{refs}]")
    started = time.monotonic()
    with pytest.raises(AcoError) as caught:
        parse_yaml("\n".join(lines) + "\n", "bomb.yaml")
    assert time.monotonic() - started < 5
    assert caught.value.diagnostics[0].code == "too-large"


def test_tab_indentation_is_a_located_syntax_error() -> None:
    with pytest.raises(AcoError) as caught:
        parse_yaml("a:\n\t- b\n", "t.yaml")
    diag = caught.value.diagnostics[0]
    assert (diag.line, diag.code) == (2, "yaml-syntax")
    assert "tabs" in diag.hint


def test_non_utf8_bytes_are_located(tmp_path: Path) -> None:
    path = tmp_path / "latin1.yaml"
    path.write_bytes(b"name: ok\nprovider: Caf\xe9 Ltd\n")
    with pytest.raises(AcoError) as caught:
        load_yaml(path, "latin1.yaml")
    assert codes(caught.value) == [(2, 14, "not-utf8")]


def test_impossible_date_stays_text_for_the_schema_to_reject() -> None:
    loaded = parse_yaml("d: 2018-02-30\n", "d.yaml")
    assert loaded.data == {"d": "2018-02-30"}


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.yaml"
    path.write_text("# nothing here\n")
    with pytest.raises(AcoError) as caught:
        load_yaml(path)
    assert caught.value.diagnostics[0].code == "empty-file"


def test_escaped_surrogate_pairs_are_joined_and_lone_ones_refused() -> None:
    assert parse_yaml('a: "\\ud83d\\ude00"\n', "s.yaml").data == {"a": "\U0001f600"}
    with pytest.raises(AcoError) as caught:
        parse_yaml('a: "x\\ud800"\n', "s.yaml")
    assert codes(caught.value) == [(1, 4, "bad-character")]

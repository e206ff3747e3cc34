"""Where the bundled clause library and schemas live: inside the wheel, or in a checkout."""

from __future__ import annotations

import functools
import json
import os
from pathlib import Path
from typing import Any

_HERE = Path(__file__).resolve().parent


def data_dir(name: str) -> Path:
    """`clauses` or `schemas`: shipped inside the package, or at the top of a source checkout."""
    for candidate in (_HERE / name, _HERE.parent.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"the bundled {name!r} folder is missing from this installation")


def library_roots() -> list[Path]:
    """Where editions are looked for, in order: each folder of ACOCONTRACT_CLAUSES
    (colon-separated), then the bundled library."""
    setting = os.environ.get("ACOCONTRACT_CLAUSES", "")
    roots = [Path(p) for p in setting.split(os.pathsep) if p.strip()]
    return [*roots, data_dir("clauses")]


@functools.cache
def schema(name: str) -> dict[str, Any]:
    """A bundled JSON Schema by file stem, e.g. `profile`."""
    loaded: dict[str, Any] = json.loads(
        (data_dir("schemas") / f"{name}.schema.json").read_text("utf-8")
    )
    return loaded

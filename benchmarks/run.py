"""`make bench`: acocontract measured against pandoc (and python-docx) on the same content.

Every figure is measured side by side in this one run, on this machine: commands that are
compared run alternately, round after round, and the table gives the minimum and the median.
The results, with the machine and versions, go to benchmarks/RESULTS.md. Targets (issue 9) are
reported as met or missed, never asserted: timing belongs here, not in the unit tests.
"""

from __future__ import annotations

import io
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
FULLEST = ROOT / "profiles" / "westshire-pacs.yaml"
RESULTS = ROOT / "benchmarks" / "RESULTS.md"
ROUNDS = 10

Row = tuple[str, str, str, str]


def timed(action: Callable[[], object]) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def alternating(actions: Sequence[Callable[[], object]], rounds: int) -> list[list[float]]:
    """Each action once per round, in turn, so that a busy moment hits them all alike."""
    for action in actions:  # warm the file cache and any user cache first
        action()
    times: list[list[float]] = [[] for _ in actions]
    for _ in range(rounds):
        for index, action in enumerate(actions):
            times[index].append(timed(action))
    return times


def command(*args: str | Path, env: dict[str, str] | None = None) -> Callable[[], object]:
    def run() -> object:
        return subprocess.run(
            [str(a) for a in args],
            check=True,
            capture_output=True,
            env={**os.environ, **(env or {})},
        )

    return run


def spread(times: list[float], unit: str = "s") -> str:
    scale, digits = (1000, 0) if unit == "ms" else (1, 3)
    low, mid = min(times) * scale, statistics.median(times) * scale
    return f"{low:.{digits}f} / {mid:.{digits}f} {unit}"


def verdict(value: float, target: float) -> str:
    return "met" if value <= target else "missed"


def whole_process(work: Path) -> list[Row]:
    """Warm and cold builds of the fullest profile against pandoc on its contract's Markdown."""
    acocontract = BIN / "acocontract"
    out = work / "build"
    subprocess.run([acocontract, "build", FULLEST, "-o", out], check=True, capture_output=True)
    markdown = out / FULLEST.stem / "aco-contract.md"
    pandoc = shutil.which("pandoc")
    warm = command(acocontract, "build", FULLEST, "-o", work / "warm")
    cold = command(
        acocontract, "build", FULLEST, "-o", work / "cold", env={"ACOCONTRACT_CACHE": "off"}
    )
    if pandoc is None:
        times = alternating([warm, cold], ROUNDS)
        return [
            ("warm `build`, fullest profile", spread(times[0]), "", ""),
            ("cold `build` (cache off)", spread(times[1]), "", ""),
            ("pandoc", "not installed: no ratio", "", ""),
        ]
    convert = command(pandoc, markdown, "-o", work / "pandoc.docx")
    warm_t, pandoc_t, cold_t = alternating([warm, convert, cold], ROUNDS)
    base = statistics.median(pandoc_t)
    warm_ratio = statistics.median(warm_t) / base
    cold_ratio = statistics.median(cold_t) / base
    return [
        (
            "whole-process warm `build` of the fullest profile (3 formats, every document)",
            spread(warm_t),
            "",
            "",
        ),
        ("the same with the cache off (a fresh CI runner)", spread(cold_t), "", ""),
        ("pandoc: that build's aco-contract.md to docx", spread(pandoc_t), "", ""),
        (
            "warm build / pandoc (medians)",
            f"{warm_ratio:.2f}x",
            "<= 0.3x",
            verdict(warm_ratio, 0.3),
        ),
        (
            "cold build / pandoc (medians)",
            f"{cold_ratio:.2f}x",
            "<= 0.6x",
            verdict(cold_ratio, 0.6),
        ),
    ]


def writers() -> list[Row]:
    """In process: the docx writer against writing the same XML strings and zipping them, and
    against python-docx's add_paragraph loop on the same paragraphs."""
    from acocontract.pipeline import Built, prepare
    from acocontract.render import writer
    from acocontract.render.docx import render_docx
    from acocontract.tree import Paragraph, plain, walk

    built = prepare(FULLEST)
    assert isinstance(built, Built), "the fullest profile builds"
    document = next(d for d in built.documents if d.id == "aco-contract")
    data = render_docx(document)
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        parts = [(info, package.read(info.filename)) for info in package.infolist()]
    strings = [(info, content.decode("utf-8")) for info, content in parts]

    def raw() -> bytes:
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
            for info, text in strings:
                package.writestr(info, text.encode("utf-8"))
        return buffer.getvalue()

    paragraphs = [plain(n.runs) for n in walk(document) if isinstance(n, Paragraph)]

    def python_docx_loop() -> bytes:
        import docx

        made = docx.Document()
        for text in paragraphs:
            made.add_paragraph(text)
        buffer = io.BytesIO()
        made.save(buffer)
        return buffer.getvalue()

    ours, zipped = alternating([lambda: render_docx(document), raw], ROUNDS)
    ratio = statistics.median(ours) / statistics.median(zipped)
    loop = alternating([python_docx_loop], 3)[0]
    rows = [
        (
            "docx writer, full ACO Contract (in process, page estimate included)",
            spread(ours, "ms"),
            "",
            "",
        ),
        ("writing the same XML strings and zipping them", spread(zipped, "ms"), "", ""),
        ("docx writer / XML and zip", f"{ratio:.2f}x", "<= 2x", verdict(ratio, 2)),
        (
            f"python-docx add_paragraph loop, the same {len(paragraphs):,} paragraphs",
            spread(loop, "ms"),
            "",
            "",
        ),
    ]
    for name in ("md", "html"):
        times = alternating([lambda n=name: writer(n).render(document)], ROUNDS)[0]
        rows.append((f"{name} writer, full ACO Contract (in process)", spread(times, "ms"), "", ""))
    return rows


def _scaled_library(root: Path, factor: int) -> Path:
    """A copy of the bundled aco-2017-08 edition whose every clause has `factor` times its
    paragraphs (each copy numbered on from the last), so the library is `factor` times as big."""
    from ruamel.yaml import YAML

    yaml = YAML(typ="safe", pure=False)
    yaml.width = 4096
    target = root / f"x{factor}"
    shutil.copytree(ROOT / "clauses" / "aco-2017-08", target / "aco-2017-08")
    for path in (target / "aco-2017-08").rglob("*.yaml"):
        if path.name == "edition.yaml":
            continue
        data = yaml.load(path.read_text())
        paragraphs = data.get("paragraphs") if isinstance(data, dict) else None
        if not paragraphs or not all(isinstance(p, dict) and "n" in p for p in paragraphs):
            continue
        last = max(int(p["n"]) for p in paragraphs)
        copies = []
        for k in range(1, factor):
            for p in paragraphs:
                copy = {key: value for key, value in p.items() if key != "anchor"}
                copy["n"] = int(p["n"]) + last * k
                copies.append(copy)
        data["paragraphs"] = paragraphs + copies
        with path.open("w") as handle:
            yaml.dump(data, handle)
    return target


def library_lint(work: Path) -> list[Row]:
    """`check --library` on the bundled edition at 1x, 2x and 4x its size (each run parses the
    library afresh: the cache folder is new for each size)."""
    rows: list[Row] = []
    base = 0.0
    for factor in (1, 2, 4):
        library = _scaled_library(work / "libraries", factor)
        env = {"ACOCONTRACT_CLAUSES": str(library), "ACOCONTRACT_CACHE": str(work / f"c{factor}")}
        lint = command(
            BIN / "acocontract", "check", "--library", "--edition", "aco-2017-08", env=env
        )
        times = [timed(lint) for _ in range(3 if factor == 1 else 1)]
        median = statistics.median(times)
        base = base or median
        if factor == 1:
            target, state = "<= 15 s", verdict(median, 15)
        else:  # linear or better: k times the library in at most k times the time (10% slack)
            target, state = f"<= {factor}x the 1x time", verdict(median / base, factor * 1.1)
        rows.append(
            (
                f"`check --library`, aco-2017-08 at {factor}x its size (every variant)",
                f"{spread(times)} ({median / base:.2f}x the 1x time)",
                target,
                state,
            )
        )
    return rows


def start_up() -> list[Row]:
    times = alternating([command(BIN / "acocontract", "--help")], ROUNDS)[0]
    median = statistics.median(times)
    return [("`acocontract --help`", spread(times), "< 0.3 s", verdict(median, 0.3))]


def version(*args: str) -> str:
    try:
        found = subprocess.run(args, capture_output=True, text=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return f"{args[0]} not installed"
    return found.splitlines()[0] if found else args[0]


def main() -> None:
    from acocontract import __version__

    work = Path(tempfile.mkdtemp(prefix="acocontract-bench-"))
    try:
        rows = [*whole_process(work), *writers(), *library_lint(work), *start_up()]
    finally:
        shutil.rmtree(work, ignore_errors=True)
    lines = [
        "# Benchmark results",
        "",
        "Written by `make bench` (benchmarks/run.py). Times are minimum / median; commands",
        f"that are compared ran alternately, {ROUNDS} rounds, in one run on one machine.",
        "",
        f"- machine: {platform.machine()}, {os.cpu_count()} cores, {platform.system()} "
        f"{platform.release()}",
        f"- Python {platform.python_version()}, acocontract {__version__}, "
        f"{version('pandoc', '--version')}",
        f"- fullest profile: {FULLEST.relative_to(ROOT)}",
        "",
        "| measurement | result | target | |",
        "|---|---|---|---|",
        *[f"| {a} | {b} | {c} | {d} |" for a, b, c, d in rows],
        "",
    ]
    RESULTS.write_text("\n".join(lines))
    print("\n".join(lines))


if __name__ == "__main__":
    main()

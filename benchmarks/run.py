"""`make bench`: acocontract measured against pandoc and python-docx on the same content.

Every figure is a median of repeated runs, measured side by side in this one run, and written
with the machine and versions to benchmarks/RESULTS.md. Targets are reported, not asserted.
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
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
FULLEST = ROOT / "profiles" / "westshire-pacs.yaml"
MATRIX = ROOT / "matrices" / "examples.yaml"
RESULTS = ROOT / "benchmarks" / "RESULTS.md"


def median_time(action: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def command(*args: str | Path) -> Callable[[], object]:
    def run() -> object:
        return subprocess.run([str(a) for a in args], check=True, capture_output=True)

    return run


def python_docx_loop(paragraphs: list[tuple[str, str]]) -> bytes:
    """The plain python-docx way: one add_paragraph call per paragraph."""
    import docx

    document = docx.Document()
    for style, text in paragraphs:
        document.add_paragraph(text, style=style)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def paragraphs_of(tree: object) -> list[tuple[str, str]]:
    from acocontract.tree import Document, Heading, Paragraph, Table, plain

    assert isinstance(tree, Document)
    out = []
    for part in tree.parts:
        out.append(("Heading 1", part.title))
        for clause in part.clauses:
            out.append(("Heading 2", clause.heading))
            for block in clause.blocks:
                if isinstance(block, Heading):
                    out.append(("Heading 3", block.text))
                elif isinstance(block, Paragraph):
                    out.append(("Normal", f"{block.number}\t{plain(block.runs)}".strip()))
                    stack = list(block.items)
                    while stack:
                        item = stack.pop(0)
                        out.append(("List Paragraph", f"{item.marker}\t{plain(item.runs)}"))
                        stack[0:0] = list(item.items)
                elif isinstance(block, Table):
                    for row in block.rows:
                        out.append(("Normal", " | ".join(plain(c) for c in row)))
    return out


def version(*args: str) -> str:
    try:
        out = subprocess.run(list(args), check=True, capture_output=True, text=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return "not installed"
    return out.splitlines()[0].strip()


def main() -> None:
    acocontract = BIN / "acocontract"
    pandoc = shutil.which("pandoc")
    work = Path(tempfile.mkdtemp(prefix="acocontract-bench-"))
    rows: list[tuple[str, str, str, str]] = []

    build = median_time(command(acocontract, "build", FULLEST, "-o", work / "build"), 5)
    markdown = work / "build" / FULLEST.stem / "aco-contract.md"
    rows.append(
        (
            "whole `build` of the fullest profile (every document, docx+html+md, process start)",
            f"{build:.2f} s",
            "",
            "",
        )
    )
    if pandoc:
        pandoc_time = median_time(command(pandoc, markdown, "-o", work / "pandoc.docx"), 5)
        ratio = build / pandoc_time
        rows.append(("pandoc: the ACO Contract's Markdown to docx", f"{pandoc_time:.2f} s", "", ""))
        rows.append(
            ("build / pandoc", f"{ratio:.2f}", "<= 0.5", "met" if ratio <= 0.5 else "missed")
        )
    else:
        rows.append(("pandoc", "not installed", "", ""))

    from acocontract.assemble import assemble
    from acocontract.profile import check_profile_file
    from acocontract.render.docx import render_docx
    from acocontract.render.html import render_html
    from acocontract.render.markdown import render_markdown
    from acocontract.tailor import tailor

    checked = check_profile_file(FULLEST)
    assert checked.profile and checked.edition
    tree = next(d for d in checked.documents if d.id == "aco-contract")
    profile, edition = checked.profile, checked.edition
    tailored = next(t for t in tailor(profile, edition) if t.spec.id == "aco-contract")
    assemble_time = median_time(lambda: assemble(profile, edition, tailored), 5)
    rows.append(
        (
            "assemble the full ACO Contract tree (in process)",
            f"{assemble_time * 1000:.0f} ms",
            "",
            "",
        )
    )
    writer_times = {}
    for name, writer in (("md", render_markdown), ("html", render_html), ("docx", render_docx)):
        writer_times[name] = median_time(lambda w=writer: w(tree), 7)
        rows.append(
            (
                f"{name} writer, full ACO Contract (in process)",
                f"{writer_times[name] * 1000:.0f} ms",
                "",
                "",
            )
        )
    paragraphs = paragraphs_of(tree)
    loop = median_time(lambda: python_docx_loop(paragraphs), 3)
    speedup = loop / writer_times["docx"]
    rows.append(
        (
            f"python-docx add_paragraph loop, same {len(paragraphs):,} paragraphs",
            f"{loop * 1000:.0f} ms",
            "",
            "",
        )
    )
    rows.append(
        (
            "docx writer speed-up over the add_paragraph loop",
            f"{speedup:.1f}x",
            ">= 10x",
            "met" if speedup >= 10 else "missed",
        )
    )

    def cold(jobs: int) -> Callable[[], object]:
        def run() -> object:
            out = work / f"variants-j{jobs}"
            shutil.rmtree(out, ignore_errors=True)
            return command(acocontract, "variants", MATRIX, "-o", out, "-j", str(jobs))()

        return run

    j1 = median_time(cold(1), 3)
    j2 = median_time(cold(2), 3)
    warm = median_time(command(acocontract, "variants", MATRIX, "-o", work / "variants-j2"), 5)
    rows.append(("`variants` example matrix, cold, -j 1", f"{j1:.2f} s", "", ""))
    rows.append(("`variants` example matrix, cold, -j 2", f"{j2:.2f} s", "", ""))
    rows.append(
        ("-j 1 / -j 2", f"{j1 / j2:.2f}x", ">= 1.6x", "met" if j1 / j2 >= 1.6 else "missed")
    )
    rows.append(
        (
            "`variants` example matrix, warm (nothing changed)",
            f"{warm:.2f} s",
            "< 1 s",
            "met" if warm < 1 else "missed",
        )
    )
    help_time = median_time(command(acocontract, "--help"), 7)
    rows.append(
        (
            "`acocontract --help`",
            f"{help_time:.3f} s",
            "< 0.3 s",
            "met" if help_time < 0.3 else "missed",
        )
    )

    import docx as python_docx

    from acocontract import __version__

    lines = [
        "# Benchmark results",
        "",
        "Written by `make bench` (benchmarks/run.py). Medians of repeated runs, all measured in",
        "the same run on the same machine.",
        "",
        f"- machine: {platform.machine()}, {os.cpu_count()} cores, {platform.system()} "
        f"{platform.release()}",
        f"- Python {platform.python_version()}, acocontract {__version__}, "
        f"python-docx {python_docx.__version__ if hasattr(python_docx, '__version__') else '?'}, "
        f"{version('pandoc', '--version')}",
        f"- fullest profile: {FULLEST.relative_to(ROOT)}; matrix: {MATRIX.relative_to(ROOT)}",
        "",
        "| measurement | result | target | |",
        "|---|---|---|---|",
        *[f"| {a} | {b} | {c} | {d} |" for a, b, c, d in rows],
        "",
    ]
    RESULTS.write_text("\n".join(lines))
    print("\n".join(lines))
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()

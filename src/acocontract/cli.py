"""The command line: parse options, call the pipeline, map errors to exit codes. Nothing else."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from acocontract import __version__

if TYPE_CHECKING:
    from rich.console import Console

    from acocontract.errors import Diagnostic

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    help="Assemble NHS accountable care contracts from the national clause library and a profile.",
)

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


def _console(stderr: bool = True) -> Console:
    from rich.console import Console

    return Console(stderr=stderr, highlight=False, soft_wrap=True)


def _print_diagnostics(diagnostics: list[Diagnostic], console: Console | None = None) -> None:
    from rich.text import Text

    out = console or _console()
    for d in diagnostics:
        colour = "red" if d.is_error else "yellow"
        line = Text(f"{d.path}:{d.line}:{d.column}: ")
        line.append(f"{d.severity}[{d.code}]", style=f"bold {colour}")
        line.append(f": {d.message}")
        out.print(line)
        if d.hint:
            out.print(Text(f"  hint: {d.hint}", style="dim"))


@contextmanager
def _reported() -> Iterator[None]:
    """Every command's one exit for a user's mistake: located diagnostics, then exit 1."""
    from acocontract.errors import AcoError

    try:
        yield
    except AcoError as err:
        _print_diagnostics(err.diagnostics)
        errors = sum(d.is_error for d in err.diagnostics)
        _console().print(f"{_count(errors, 'error')}: nothing was written.")
        raise typer.Exit(EXIT_PROBLEMS) from None


def _count(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _formats(value: str) -> list[str]:
    from acocontract.render import ALL_FORMATS

    chosen = [f.strip() for f in value.split(",") if f.strip()]
    bad = [f for f in chosen if f not in ALL_FORMATS]
    if bad or not chosen:
        raise typer.BadParameter(
            f"unknown format {bad[0]!r}" if bad else "no format given",
            param_hint="--format",
        )
    return list(dict.fromkeys(chosen))


def _version(value: bool) -> None:
    if value:
        typer.echo(f"acocontract {__version__}")
        raise typer.Exit()


@app.callback()
def main_callback(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version."),
    ] = False,
) -> None:
    """Assemble NHS accountable care contracts from the national clause library and a profile."""


ProfilesArg = Annotated[list[Path], typer.Argument(help="Profile YAML files.", show_default=False)]


@app.command()
def build(
    profiles: ProfilesArg,
    out: Annotated[Path, typer.Option("-o", "--out", help="Output folder.")] = Path("out"),
    formats: Annotated[
        str, typer.Option("--format", "-f", help="Comma-separated: docx,html,md,pdf.")
    ] = "docx,html,md",
    draft: Annotated[
        bool,
        typer.Option("--draft", help="Also apply requested derogations; marks the draft."),
    ] = False,
) -> None:
    """Build every document of each profile into OUT/<profile name>/, with a manifest."""
    chosen = _formats(formats)
    from acocontract.pipeline import build as run_build

    with _reported():
        result = run_build(profiles, out, chosen, draft=draft)
    if result.warnings:
        _print_diagnostics(result.warnings)
    console = _console()
    for name, files in result.documents.items():
        console.print(f"built {out / name}: {', '.join(files)}", markup=False)


def _github_escape(text: str, prop: bool = False) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if prop:
        text = text.replace(":", "%3A").replace(",", "%2C")
    return text


def _diagnostic_json(d: Diagnostic) -> dict[str, Any]:
    return {
        "path": d.path,
        "line": d.line,
        "column": d.column,
        "severity": d.severity,
        "code": d.code,
        "message": d.message,
        "hint": d.hint,
    }


@app.command()
def check(
    profiles: Annotated[
        list[Path] | None, typer.Argument(help="Profile YAML files.", show_default=False)
    ] = None,
    output_format: Annotated[str, typer.Option("--format", help="text, json or github.")] = "text",
    strict: Annotated[bool, typer.Option("--strict", help="Fail on warnings too.")] = False,
    library: Annotated[
        bool, typer.Option("--library", help="Lint the clause library over every variant.")
    ] = False,
    edition: Annotated[
        str | None, typer.Option("--edition", help="Edition to lint (default: newest).")
    ] = None,
) -> None:
    """Report every problem in every profile (or in the clause library) at once."""
    if output_format not in ("text", "json", "github"):
        raise typer.BadParameter("choose text, json or github", param_hint="--format")
    if not profiles and not library:
        raise typer.BadParameter("give profile files, or --library", param_hint="PROFILE")
    from acocontract.errors import AcoError, sort_diagnostics
    from acocontract.pipeline import check_all, output_name_problems

    diagnostics: list[Diagnostic] = []
    summary = ""
    if profiles:
        diagnostics += output_name_problems(profiles)
        diagnostics += [d for c in check_all(profiles) for d in c.diagnostics]
        summary = f"checked {len(profiles)} profile{'s' if len(profiles) != 1 else ''}"
    if library:
        from acocontract.lint import lint_library

        try:
            result = lint_library(edition)
        except AcoError as err:
            diagnostics += err.diagnostics
        else:
            diagnostics += result.diagnostics
            summary += ("; " if summary else "") + (
                f"linted edition {result.edition} over {result.variants} variants "
                f"({result.documents} documents)"
            )
    diagnostics = sort_diagnostics(diagnostics)
    errors = sum(d.is_error for d in diagnostics)
    warnings = len(diagnostics) - errors
    if output_format == "json":
        typer.echo(json.dumps([_diagnostic_json(d) for d in diagnostics], indent=2))
    elif output_format == "github":
        for d in diagnostics:
            props = (
                f"file={_github_escape(d.path, True)},line={d.line},col={d.column},"
                f"title={_github_escape(d.code, True)}"
            )
            message = d.message + (f" (hint: {d.hint})" if d.hint else "")
            typer.echo(f"::{d.severity} {props}::{_github_escape(message)}")
    else:
        console = _console(stderr=False)
        _print_diagnostics(diagnostics, console)
        state = (
            "clean"
            if not diagnostics
            else f"{_count(errors, 'error')}, {_count(warnings, 'warning')}"
        )
        console.print(f"{summary}: {state}", markup=False)
    if errors or (strict and warnings):
        raise typer.Exit(EXIT_PROBLEMS)


@app.command()
def clauses(
    profile: Annotated[
        Path | None, typer.Option("--profile", "-p", help="Say whether each clause applies.")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    edition_id: Annotated[str | None, typer.Option("--edition", help="Edition.")] = None,
) -> None:
    """List every clause of the library: id, title, when it applies (and, with a profile, why)."""
    from acocontract.explain import clause_table

    with _reported():
        rows = clause_table(profile, edition_id)
    if as_json:
        typer.echo(json.dumps(rows, indent=2, ensure_ascii=False))
        return
    from rich.table import Table

    table = Table(show_lines=False)
    for column in ("document", "id", "title", "applies"):
        table.add_column(column)
    if profile:
        table.add_column("in this profile")
    for row in rows:
        cells = [row["document"], row["id"], row["title"], row["applies"]]
        if profile:
            cells.append(("yes: " if row["included"] else "no: ") + row["reason"])
        table.add_row(*cells)
    _console(stderr=False).print(table)


@app.command()
def explain(
    profile: Annotated[Path, typer.Argument(help="Profile YAML file.", show_default=False)],
    clause: Annotated[str, typer.Argument(help="A clause or paragraph: GC14, SC36.4, Sch2L.")],
) -> None:
    """Why a clause is in or out of this profile's contract."""
    from acocontract.explain import explain_clause

    with _reported():
        text = explain_clause(profile, clause)
    typer.echo(text)


@app.command()
def diff(
    profile: Annotated[
        Path | None, typer.Argument(help="Profile YAML file.", show_default=False)
    ] = None,
    output_format: Annotated[
        str, typer.Option("--format", help="text, md, html or docx.")
    ] = "text",
    out: Annotated[Path | None, typer.Option("-o", "--out", help="Write to this file.")] = None,
    draft: Annotated[
        bool, typer.Option("--draft", help="Include requested derogations too.")
    ] = False,
    from_edition: Annotated[
        str | None, typer.Option("--from-edition", help="Compare national editions: from.")
    ] = None,
    to_edition: Annotated[
        str | None, typer.Option("--to-edition", help="Compare national editions: to.")
    ] = None,
) -> None:
    """Redline: national wording against a profile's derogations, or edition against edition."""
    if output_format not in ("text", "md", "html", "docx"):
        raise typer.BadParameter("choose text, md, html or docx", param_hint="--format")
    editions = from_edition is not None or to_edition is not None
    if editions and (profile is not None or from_edition is None or to_edition is None):
        raise typer.BadParameter("give --from-edition and --to-edition, and no profile")
    if not editions and profile is None:
        raise typer.BadParameter("give a profile, or --from-edition and --to-edition")
    if output_format == "docx" and out is None:
        raise typer.BadParameter("a Word redline needs -o FILE.docx", param_hint="-o")
    from acocontract.diff import derogation_redline, edition_redline

    with _reported():
        if editions:
            assert from_edition is not None and to_edition is not None
            document = edition_redline(from_edition, to_edition)
        else:
            assert profile is not None
            document = derogation_redline(profile, draft=draft)
    if output_format == "text" and out is None:
        from acocontract.render.text import render_rich

        console = _console(stderr=False)
        console.print(render_rich(document, colour=console.is_terminal and not console.no_color))
        return
    from acocontract.render import writer
    from acocontract.render.text import render_text

    data = render_text(document) if output_format == "text" else writer(output_format)(document)
    if out is None:
        sys.stdout.write(data.decode("utf-8"))
        return
    from acocontract.write import write_file

    with _reported():
        write_file(out, data)


@app.command()
def compare(
    profile: Annotated[Path, typer.Argument(help="Profile YAML file.", show_default=False)],
    document: Annotated[
        Path, typer.Argument(help="A contract .docx, perhaps edited.", show_default=False)
    ],
) -> None:
    """Assurance: report every clause whose wording in DOCUMENT differs from the build."""
    from acocontract.compare import compare as run_compare

    with _reported():
        result = run_compare(profile, document)
    console = _console(stderr=False)
    for d in result.differences:
        if d.note:
            console.print(f"{d.where}: {d.note}", markup=False)
            continue
        words = []
        if d.removed:
            words.append("removed: " + " ".join(d.removed))
        if d.added:
            words.append("added: " + " ".join(d.added))
        console.print(f"{d.where}: wording differs; " + "; ".join(words), markup=False)
    for clause in result.tracked:
        console.print(f"{clause}: tracked changes are left in the file", markup=False)
    if result.matches:
        console.print(
            f"{document.as_posix()} matches the {result.document} built from the profile",
            markup=False,
        )
        return
    count = len(result.differences) + len(result.tracked)
    console.print(f"{document.as_posix()}: {_count(count, 'difference')}", markup=False)
    raise typer.Exit(EXIT_PROBLEMS)


def _shard(value: str | None) -> tuple[int, int] | None:
    if value is None:
        return None
    k, _, n = value.partition("/")
    if not (k.isdigit() and n.isdigit() and 1 <= int(k) <= int(n)):
        raise typer.BadParameter("write the shard as K/N, e.g. 2/3", param_hint="--shard")
    return int(k), int(n)


@app.command()
def variants(
    matrix: Annotated[Path, typer.Argument(help="Matrix YAML file.", show_default=False)],
    out: Annotated[Path, typer.Option("-o", "--out", help="Output folder.")] = Path("out"),
    jobs: Annotated[
        int | None, typer.Option("-j", "--jobs", min=1, help="Parallel processes (default: cores).")
    ] = None,
    shard_spec: Annotated[
        str | None, typer.Option("--shard", help="Build only share K of N (K/N).")
    ] = None,
    check_only: Annotated[
        bool, typer.Option("--check", help="Build in memory; exit 1 if any output on disk differs.")
    ] = False,
    formats: Annotated[
        str, typer.Option("--format", "-f", help="Comma-separated: docx,html,md,pdf.")
    ] = "docx,html,md",
) -> None:
    """Build every variant a matrix describes (cached, parallel, shardable)."""
    chosen = _formats(formats)
    shard_of = _shard(shard_spec)
    from acocontract.variants import run_variants

    console = _console()
    with _reported():
        if console.is_terminal and not check_only:
            from rich.progress import Progress

            with Progress(console=console, transient=True) as bar:
                task = bar.add_task("variants", total=None)

                def tick(message: str) -> None:
                    bar.update(task, advance=1, description=message)

                result = run_variants(
                    matrix, out, formats=chosen, jobs=jobs, shard_of=shard_of, progress=tick
                )
        else:

            def line(message: str) -> None:
                console.print(message, markup=False)

            result = run_variants(
                matrix,
                out,
                formats=chosen,
                jobs=jobs,
                shard_of=shard_of,
                check=check_only,
                progress=None if check_only else line,
            )
    for name, reason in sorted(result.skipped.items()):
        console.print(f"skipped {name}: {reason}", markup=False)
    if check_only:
        for path in result.differing:
            console.print(f"out of date: {out / path}", markup=False)
        if result.differing:
            console.print(f"{_count(len(result.differing), 'output')} differ", markup=False)
            raise typer.Exit(EXIT_PROBLEMS)
        console.print("every output is up to date", markup=False)
        return
    console.print(
        f"{len(result.built)} built, {len(result.cached)} unchanged, {len(result.skipped)} skipped",
        markup=False,
    )


def main() -> None:
    try:
        app()
    except KeyboardInterrupt:
        sys.stderr.write("interrupted: nothing was written\n")
        sys.exit(130)

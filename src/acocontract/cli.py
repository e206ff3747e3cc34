"""The command line: parse options, call the pipeline, map errors to exit codes. Nothing else."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from acocontract import __version__

if TYPE_CHECKING:
    from acocontract.errors import Diagnostic
    from acocontract.variants import Options, VariantsResult

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    help="Assemble NHS accountable care contracts from the national clause library and a profile.",
)

EXIT_PROBLEMS = 1


@contextmanager
def _reported() -> Iterator[None]:
    """Every command's one exit for a user's mistake: located diagnostics, then exit 1."""
    from acocontract.errors import AcoError
    from acocontract.output import count, print_diagnostics, say

    try:
        yield
    except AcoError as err:
        print_diagnostics(err.diagnostics)
        errors = sum(d.is_error for d in err.diagnostics)
        say(f"{count(errors, 'error')}: nothing was written.")
        raise typer.Exit(EXIT_PROBLEMS) from None


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
    from acocontract.output import print_diagnostics, say
    from acocontract.pipeline import build as run_build

    with _reported():
        result = run_build(profiles, out, chosen, draft=draft)
    print_diagnostics(result.warnings)
    for name, files in result.documents.items():
        say(f"built {(out / name).as_posix()}: {', '.join(files)}")


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
    from acocontract.output import as_github, as_json, count, print_diagnostics, say
    from acocontract.pipeline import output_name_problems, prepare

    diagnostics: list[Diagnostic] = []
    summary = ""
    if profiles:
        diagnostics += output_name_problems(profiles)
        diagnostics += [d for path in profiles for d in prepare(path).diagnostics]
        summary = f"checked {count(len(profiles), 'profile')}"
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
        typer.echo(as_json(diagnostics))
    elif output_format == "github":
        if diagnostics:
            typer.echo(as_github(diagnostics))
    else:
        print_diagnostics(diagnostics, sys.stdout)
        state = (
            "clean"
            if not diagnostics
            else f"{count(errors, 'error')}, {count(warnings, 'warning')}"
        )
        say(f"{summary}: {state}", sys.stdout)
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
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    from acocontract.output import safe

    table = Table(show_lines=False)
    for column in ("document", "id", "title", "applies"):
        table.add_column(column)
    if profile:
        table.add_column("in this profile")
    for row in rows:
        cells = [row["document"], row["id"], row["title"], row["applies"]]
        if profile:
            cells.append(("yes: " if row["included"] else "no: ") + row["reason"])
        table.add_row(*(Text(safe(c)) for c in cells))  # text, never rich markup
    Console(highlight=False, soft_wrap=True).print(table)


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
    from acocontract.render import DIFF_FORMATS

    if output_format not in DIFF_FORMATS:
        raise typer.BadParameter("choose " + ", ".join(DIFF_FORMATS), param_hint="--format")
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
        from rich.console import Console

        from acocontract.output import colour
        from acocontract.render.text import render_rich

        console = Console(highlight=False, soft_wrap=True)
        console.print(render_rich(document, colour=colour(sys.stdout)))
        return
    from acocontract.render import writer

    data = writer(output_format).render(document)
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
    from acocontract.output import count, say

    with _reported():
        result = run_compare(profile, document)
    for d in result.differences:
        if d.note:
            say(f"{d.where}: {d.note}", sys.stdout)
            continue
        words = []
        if d.removed:
            words.append("removed: " + " ".join(d.removed))
        if d.added:
            words.append("added: " + " ".join(d.added))
        say(f"{d.where}: wording differs; " + "; ".join(words), sys.stdout)
    for clause in result.tracked:
        say(f"{clause}: tracked changes are left in the file", sys.stdout)
    if result.matches:
        say(
            f"{document.as_posix()} matches the {result.document} built from the profile",
            sys.stdout,
        )
        return
    found = len(result.differences) + len(result.tracked)
    say(f"{document.as_posix()}: {count(found, 'difference')}", sys.stdout)
    raise typer.Exit(EXIT_PROBLEMS)


def _shard(value: str | None) -> tuple[int, int] | None:
    if value is None:
        return None
    k, _, n = value.partition("/")
    if not (k.isascii() and n.isascii() and k.isdigit() and n.isdigit()):
        raise typer.BadParameter("write the shard as K/N, e.g. 2/3", param_hint="--shard")
    if not 1 <= int(k) <= int(n):
        raise typer.BadParameter("write the shard as K/N, e.g. 2/3", param_hint="--shard")
    return int(k), int(n)


@app.command()
def variants(
    matrix: Annotated[Path, typer.Argument(help="Matrix YAML file.", show_default=False)],
    out: Annotated[Path, typer.Option("-o", "--out", help="Output folder.")] = Path("out"),
    jobs: Annotated[
        int | None,
        typer.Option("-j", "--jobs", min=1, help="Parallel processes (default and most: cores)."),
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
    max_variants: Annotated[
        int, typer.Option("--max-variants", min=1, help="Refuse a matrix of more variants.")
    ] = 5_000,
) -> None:
    """Build every variant a matrix describes (cached, parallel, shardable)."""
    from acocontract.output import say
    from acocontract.variants import Options

    options = Options(_formats(formats), jobs, _shard(shard_spec), check_only, max_variants)
    with _reported():
        result = _run_variants(matrix, out, options)
    for name, reason in sorted(result.skipped.items()):
        say(f"skipped {name}: {reason}")
    if check_only:
        _report_check(out, result.differing)
        return
    say(f"{len(result.built)} built, {len(result.cached)} unchanged, {len(result.skipped)} skipped")


def _run_variants(matrix: Path, out: Path, options: Options) -> VariantsResult:
    """With a progress bar on a terminal, plain lines otherwise (none for --check)."""
    from acocontract.output import colour, say
    from acocontract.variants import run_variants

    if not colour(sys.stderr) or options.check:
        return run_variants(matrix, out, options, None if options.check else say)
    from rich.console import Console
    from rich.progress import Progress

    with Progress(console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task("variants", total=None)

        def tick(message: str) -> None:
            bar.update(task, advance=1, description=message)

        return run_variants(matrix, out, options, tick)


def _report_check(out: Path, differing: list[str]) -> None:
    from acocontract.output import count, say

    for path in differing:
        say(f"out of date: {(out / path).as_posix()}")
    if differing:
        say(f"{count(len(differing), 'output')} differ")
        raise typer.Exit(EXIT_PROBLEMS)
    say("every output is up to date")


def _terminate(signum: int, _frame: object) -> None:
    """SIGTERM or SIGHUP unwinds like an interruption, so staging folders are removed."""
    raise KeyboardInterrupt


def main() -> None:
    import signal

    for name in ("SIGTERM", "SIGHUP"):
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), _terminate)
    try:
        app()
    except KeyboardInterrupt:
        sys.stderr.write("interrupted: nothing was written\n")
        sys.exit(130)

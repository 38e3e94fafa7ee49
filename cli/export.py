"""pagu export xlsx|csv|json: every view of a budget at one point in time, as one Excel
workbook (a sheet per view) or a directory of CSV or JSON files (a file per view)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from cli.context import (
    budget_options,
    choose_budget,
    db_option,
    open_read_model,
    time_options,
    time_point,
)

if TYPE_CHECKING:
    from projections.views.bundle import ExportedView

F = TypeVar("F", bound=Callable[..., Any])


def _export_options(output_help: str) -> Callable[[F], F]:
    def decorate(f: F) -> F:
        f = db_option(f)
        f = budget_options(f)
        f = time_options(f)
        f = click.option(
            "--show-printed",
            is_flag=True,
            help="Add the figures the source document printed and flag where they disagree.",
        )(f)
        return click.option(
            "-o",
            "--output",
            required=True,
            type=click.Path(path_type=Path),
            help=output_help,
        )(f)

    return decorate


@click.group()
def export() -> None:
    """Every view at once, for Excel or other programs: APBD murni, the APBD-P
    comparison (BAB III), the evaluation (Tabel 1), the realization, the SPM (Tabel 2),
    the documents imported with their reconciliation findings, and the audit trail.

    Each view is exactly what its own command prints with the same --as-of,
    --effective, --skpd and --year."""


def _views(
    db: str | None,
    as_of: str | None,
    effective: str | None,
    skpd: str | None,
    tahun: int | None,
    show_printed: bool,
) -> tuple[tuple[str, int], list[ExportedView]]:
    from projections.views.bundle import every_view

    read_model = open_read_model(db)
    try:
        with read_model.connect() as conn:
            budget = choose_budget(conn, skpd, tahun)
            point = time_point(conn, as_of, effective)
            return budget, every_view(conn, point, budget, show_printed=show_printed)
    finally:
        read_model.close()


def _done(views: list[ExportedView], where: Path, what: str) -> None:
    click.echo(f"Ditulis: {len(views)} {what} ke {where}")
    for view in views:
        click.echo(f"  {view.sheet:<24} {len(view.report.rows):>6} baris  {view.report.title}")


@export.command()
@_export_options("The workbook to write (.xlsx).")
def xlsx(
    output: Path,
    show_printed: bool,
    as_of: str | None,
    effective: str | None,
    skpd: str | None,
    tahun: int | None,
    db: str | None,
) -> None:
    """One Excel workbook, a sheet per view: official headings, rupiah and percentages
    as real numbers, frozen header rows, program, kegiatan and total rows set apart."""
    from cli.xlsx import Sheet, write_workbook
    from events.errors import InvalidInput

    if output.suffix.lower() != ".xlsx":
        raise InvalidInput(f"-o {output}: an Excel workbook's name ends in .xlsx")
    budget, views = _views(db, as_of, effective, skpd, tahun, show_printed)
    _writable(output.parent)
    write_workbook(
        output,
        [Sheet(view.sheet, view.report, view.rollups) for view in views],
        title=f"{budget[0]} Tahun {budget[1]}",
    )
    _done(views, output, "lembar")


@export.command()
@_export_options("The directory to write the CSV files into (created if missing).")
def csv(
    output: Path,
    show_printed: bool,
    as_of: str | None,
    effective: str | None,
    skpd: str | None,
    tahun: int | None,
    db: str | None,
) -> None:
    """A CSV file per view (the view's --format csv: headings, plain decimal numbers),
    and index.json naming each file's view, notes and columns."""
    _write_files(output, "csv", db, as_of, effective, skpd, tahun, show_printed)


@export.command("json")
@_export_options("The directory to write the JSON files into (created if missing).")
def json_command(
    output: Path,
    show_printed: bool,
    as_of: str | None,
    effective: str | None,
    skpd: str | None,
    tahun: int | None,
    db: str | None,
) -> None:
    """A JSON file per view (the view's --format json: row objects, money as exact
    decimal strings), and index.json naming each file's view, notes and columns."""
    _write_files(output, "json", db, as_of, effective, skpd, tahun, show_printed)


def _write_files(
    output: Path,
    fmt: str,
    db: str | None,
    as_of: str | None,
    effective: str | None,
    skpd: str | None,
    tahun: int | None,
    show_printed: bool,
) -> None:
    from cli.output import render

    if output.exists() and not output.is_dir():
        from events.errors import InvalidInput

        raise InvalidInput(f"-o {output}: not a directory (CSV and JSON go a file per view)")
    budget, views = _views(db, as_of, effective, skpd, tahun, show_printed)
    output.mkdir(parents=True, exist_ok=True)
    _writable(output)
    index = []
    for view in views:
        name = f"{view.stem}.{fmt}"
        (output / name).write_text(render(view.report, fmt) + "\n", encoding="utf-8")
        index.append(
            {
                "file": name,
                "view": view.sheet,
                "title": view.report.title,
                "notes": [note for note in view.report.notes if note],
                "rows": len(view.report.rows),
                "columns": [
                    {"key": c.key, "heading": c.heading, "kind": c.kind}
                    for c in view.report.columns
                ],
            }
        )
    (output / "index.json").write_text(
        json.dumps(
            {"skpd": budget[0], "tahun": budget[1], "files": index}, ensure_ascii=False, indent=2
        )
        + "\n",
        encoding="utf-8",
    )
    _done(views, output, "berkas")


def _writable(directory: Path) -> None:
    import os

    from events.errors import InvalidInput

    where = directory if str(directory) else Path(".")
    if not where.is_dir():
        raise InvalidInput(f"-o: the directory {where} does not exist")
    if not os.access(where, os.W_OK):
        raise InvalidInput(f"-o: the directory {where} is not writable")

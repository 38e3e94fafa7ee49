"""pagu export xlsx|csv|json: every view of a budget at one point in time, as one Excel
workbook (a sheet per view) or a directory of CSV or JSON files (a file per view)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from cli.context import budget_options, db_option, time_options
from cli.main import SuggestingGroup
from cli.viewing import Viewed, show_printed_option
from cli.writing import collected
from events.i18n import _

if TYPE_CHECKING:
    from projections.views.bundle import ExportedView

F = TypeVar("F", bound=Callable[..., Any])


def file_options(file_help: str) -> Callable[[F], F]:
    """-o/--file, and --output, its old spelling: on `realize` --output is the physical
    output, so a file is --file everywhere (the old spelling works, with a note)."""

    def decorate(f: F) -> F:
        f = click.option(
            "--output",
            "old_output",
            default=None,
            hidden=True,
            type=click.Path(path_type=Path),
            help="Old spelling of --file.",
        )(f)
        return click.option(
            "-o", "--file", "target", default=None, type=click.Path(path_type=Path), help=file_help
        )(f)

    return decorate


def chosen_file(target: Path | None, old_output: Path | None) -> Path:
    """The file or directory given by -o/--file (or, with a note, by --output)."""
    from events.errors import InvalidInput

    if old_output is not None:
        click.echo(_("note: --output is now -o/--file (the old spelling still works)"), err=True)
        if target is not None and target != old_output:
            raise InvalidInput(_("give the file once: -o/--file (--output is its old spelling)"))
        target = old_output
    if target is None:
        raise click.UsageError(_("Missing option '-o' / '--file'."))
    return target


def _export_options(output_help: str) -> Callable[[F], F]:
    """-o/--file, --show-printed, and the time point, budget and ledger as `view`."""

    def decorate(f: F) -> F:
        f = collected(Viewed, "view", time_options, budget_options, db_option)(f)
        return file_options(output_help)(show_printed_option(f))

    return decorate


def sign_options(f: F) -> F:
    """Who signs the printed sheets (the signature block under each table)."""
    for name, text in reversed(
        (
            ("place", "Where it is signed (Tenggarong)."),
            ("date", "When (2024-09-30; written out as 30 September 2024)."),
            ("title", 'The signer\'s office ("Kepala Dinas Sosial").'),
            ("name", "The signer's name."),
            ("nip", "The signer's NIP."),
        )
    ):
        f = click.option(f"--sign-{name}", f"sign_{name}", default=None, metavar="TEXT", help=text)(
            f
        )
    return click.option(
        "--sign-config",
        envvar="PAGU_SIGN_CONFIG",
        default=None,
        type=click.Path(path_type=Path, dir_okay=False),
        help="A TOML file with a [signature] table (place, date, title, name, nip); "
        "--sign-* options override it. Default: $PAGU_SIGN_CONFIG.",
    )(f)


@click.group(cls=SuggestingGroup)
def export() -> None:
    """Every view at once, for Excel or other programs: APBD murni, the APBD-P
    comparison (BAB III), the evaluation (Tabel 1), the realization, the SPM (Tabel 2),
    the documents imported with their reconciliation findings, and the audit trail.

    Each view is exactly what its own command prints with the same --as-of,
    --effective, --skpd and --year."""


def _views(view: Viewed, show_printed: bool) -> tuple[tuple[str, int], list[ExportedView]]:
    from projections.views.bundle import every_view

    return view.read(
        lambda conn, point, budget: (
            budget,
            every_view(conn, point, budget, show_printed=show_printed),
        )
    )


def _done(views: list[ExportedView], where: Path, what: str) -> None:
    from cli.safe import clean_cell

    click.echo(f"Ditulis: {len(views)} {what} ke {clean_cell(str(where))}")
    for view in views:
        title = clean_cell(view.report.title)
        click.echo(f"  {view.sheet:<24} {len(view.report.rows):>6} baris  {title}")


@export.command()
@_export_options("The workbook to write (.xlsx).")
@sign_options
def xlsx(
    target: Path | None,
    old_output: Path | None,
    show_printed: bool,
    view: Viewed,
    sign_config: Path | None,
    sign_place: str | None,
    sign_date: str | None,
    sign_title: str | None,
    sign_name: str | None,
    sign_nip: str | None,
) -> None:
    """One Excel workbook, a sheet per view: official headings, rupiah and percentages
    as real numbers, frozen header rows, program, kegiatan and total rows set apart.

    Each sheet prints landscape on the smallest paper its columns fit at 70% or more
    (A4, F4, A3), the headings on every page, page numbers in the footer, the title
    above and a signature block below (--sign-* or --sign-config; blanks otherwise)."""
    from cli.xlsx import Sheet, write_workbook
    from cli.xlsxprint import Signature
    from events.errors import InvalidInput

    output = chosen_file(target, old_output)
    if output.suffix.lower() != ".xlsx":
        raise InvalidInput(
            _("-o {output}: an Excel workbook's name ends in .xlsx").format(output=output)
        )
    signature = Signature.load(
        sign_config,
        place=sign_place,
        date=sign_date,
        title=sign_title,
        name=sign_name,
        nip=sign_nip,
    )
    from ledger.outputs import output_file

    output_file(output, view.db)
    budget, views = _views(view, show_printed)
    _writable(output.parent)
    write_workbook(
        output,
        [Sheet(view.sheet, view.report, view.rollups) for view in views],
        title=f"{budget[0]} Tahun {budget[1]}",
        signature=signature,
    )
    _done(views, output, "lembar")


def _files_command(name: str, fmt: str, what: str, doc: str) -> click.Command:
    """`pagu export NAME -o DIR`: a file per view in the format `fmt`."""

    def command(
        target: Path | None, old_output: Path | None, show_printed: bool, view: Viewed
    ) -> None:
        _write_files(chosen_file(target, old_output), fmt, view, show_printed)

    command.__doc__ = doc
    where = f"The directory to write the {what} files into (created if missing)."
    options = _export_options(where)
    return export.command(name)(options(command))


csv = _files_command(
    "csv",
    "csv",
    "CSV",
    """A CSV file per view (the view's --format csv: headings, plain decimal numbers),
    and index.json naming each file's view, notes and columns.""",
)
csv_excel_id = _files_command(
    "csv-excel-id",
    "csv-excel-id",
    "CSV",
    """A CSV file per view for Excel on an Indonesian locale (the view's --format
    csv-excel-id: semicolons, decimal commas, a UTF-8 BOM, codes kept as text), and
    index.json.""",
)
json_command = _files_command(
    "json",
    "json",
    "JSON",
    """A JSON file per view (the view's --format json: row objects, money as exact
    decimal strings), and index.json naming each file's view, notes and columns.""",
)


def _write_files(output: Path, fmt: str, asked: Viewed, show_printed: bool) -> None:
    from cli.output import dumps, render

    if output.exists() and not output.is_dir():
        from events.errors import InvalidInput

        raise InvalidInput(
            _("-o {output}: not a directory (CSV and JSON go a file per view)").format(
                output=output
            )
        )
    budget, views = _views(asked, show_printed)
    output.mkdir(parents=True, exist_ok=True)
    _writable(output)
    index = []
    extension, end = ("csv", "") if fmt == "csv-excel-id" else (fmt, "\n")
    from ledger.outputs import output_file

    for name in [f"{view.stem}.{extension}" for view in views] + ["index.json"]:
        output_file(output / name, asked.db)  # every file checked before any is written
    for view in views:
        name = f"{view.stem}.{extension}"
        with (output / name).open("w", encoding="utf-8", newline="") as written:
            written.write(render(view.report, fmt) + end)
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
        dumps({"skpd": budget[0], "tahun": budget[1], "files": index}) + "\n", encoding="utf-8"
    )
    _done(views, output, "berkas")


def _writable(directory: Path) -> None:
    import os

    from events.errors import InvalidInput

    where = directory if str(directory) else Path(".")
    if not where.is_dir():
        raise InvalidInput(_("-o: the directory {where} does not exist").format(where=where))
    if not os.access(where, os.W_OK):
        raise InvalidInput(_("-o: the directory {where} is not writable").format(where=where))

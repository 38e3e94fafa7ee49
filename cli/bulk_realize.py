"""pagu realize, with a file: `--from FILE` records a quarter's realization for many
lines in one transaction, `--template FILE` writes the file to fill in.

The single `pagu realize KODE` (cli.changes) is this command without those options: its
arguments and options are taken from it as they are, KODE made optional, so the two
never drift apart.
"""

from __future__ import annotations

import inspect
from decimal import Decimal
from pathlib import Path
from typing import Any

import click

from cli import changes
from cli.completion import complete_kode
from cli.context import bring_up_to_date, choose_budget, open_ledger, open_read_model
from cli.output import emit
from cli.writing import _acknowledgement

_SINGLE = changes.realize
LISTED = 500  # a real run lists its events up to this many, else sums them per triwulan
# options of the single command that a file gives per row instead
_PER_ROW = ("quarter", "spent", "output", "cumulative", "allow_overrun", "reason", "doc",
            "doc_date", "effective")  # fmt: skip


def _params() -> list[click.Parameter]:
    params: list[click.Parameter] = []
    for param in _SINGLE.params:
        if isinstance(param, click.Argument) and param.name == "kode":
            param = click.Argument(["kode"], required=False, shell_complete=complete_kode)
        params.append(param)
    return [
        *params,
        click.Option(
            ["--from", "from_file"],
            default=None,
            metavar="FILE",
            help="Record every row of a CSV or xlsx file, all or nothing (README).",
        ),
        click.Option(
            ["--sheet"], default=None, metavar="NAME", help="The xlsx sheet (default: the first)."
        ),
        click.Option(
            ["--dry-run"],
            is_flag=True,
            help="With --from: list what would be recorded, write nothing.",
        ),
        click.Option(
            ["--template"],
            default=None,
            metavar="FILE",
            help="Write a file to fill in (.xlsx or .csv), one row per sub kegiatan and quarter.",
        ),
    ]


def _run(**options: Any) -> None:
    from events.errors import InvalidInput
    from events.i18n import _

    from_file, template = options.pop("from_file"), options.pop("template")
    sheet, dry_run = options.pop("sheet"), options.pop("dry_run")
    if from_file and template:
        raise InvalidInput(_("give --from FILE or --template FILE, not both"))
    if template:
        if dry_run or sheet:  # a template is written, never planned, and has one sheet
            raise InvalidInput(_("--dry-run and --sheet go with --from FILE, not --template"))
        extra = [name for name in _PER_ROW if options.get(name) and name != "quarter"]
        if options["kode"] or extra:
            raise InvalidInput(
                _("--template writes a file for every sub kegiatan: leave out KODE")
            )
        _template(Path(template), options)
        return
    if from_file:
        given = [name for name in _PER_ROW if options.get(name)]
        if options["kode"] or given:
            shown = ", ".join("--" + name.replace("_", "-") for name in given) or "KODE"
            raise InvalidInput(
                _(
                    "--from takes every figure from the file: leave out {shown} (the columns "
                    "triwulan, realisasi keuangan, realisasi fisik, tanggal, alasan give them)"
                ).format(shown=shown)
            )
        _from_file(Path(from_file), sheet, dry_run, options)
        return
    if sheet or dry_run:
        raise InvalidInput(_("--sheet and --dry-run go with --from FILE"))
    if not options["kode"]:
        raise InvalidInput(_("KODE is required (or --from FILE, or --template FILE)"))
    _SINGLE.callback(**options)  # type: ignore[misc]


def _from_file(path: Path, sheet: str | None, dry_run: bool, options: dict[str, Any]) -> None:
    from cli.context import resolve_actor
    from events.errors import InvalidInput
    from events.i18n import _
    from events.text import plain_text
    from ledger.bulk import realize_rows
    from ledger.importer.realization_file import read_realization_file

    db, fmt = options["db"], options["fmt"]
    actor = plain_text(resolve_actor(options["actor"]))
    if not actor:
        raise InvalidInput(_("--actor: who records this cannot be empty"))
    read_model = open_read_model(db)
    try:
        with read_model.connect() as conn:
            skpd, tahun = choose_budget(conn, options["skpd"], options["tahun"])
        file = read_realization_file(path, sheet)
        ledger = open_ledger(db, create=False)
        try:
            result = realize_rows(
                ledger, file, skpd=skpd, tahun=tahun, actor=actor, dry_run=dry_run
            )
        finally:
            ledger.close()
        if dry_run or len(result.recorded.events) <= LISTED:
            report = _acknowledgement(result.recorded)
        else:
            report = _summary(result.recorded)
        if dry_run:
            report.title = (
                f"Akan dicatat (--dry-run, tidak ada yang ditulis): {len(report.rows)} peristiwa"
            )
        report.notes = [*_notes(result), *report.notes]
        emit(report, fmt)
        if not dry_run:
            bring_up_to_date(read_model, len(result.recorded.events))
    finally:
        read_model.close()


def _summary(recorded: Any) -> Any:
    """A long file's acknowledgement: per triwulan, how many entries and how much money
    (the events themselves: `pagu audit --kind realization`)."""
    from events.i18n import _
    from events.money import format_rupiah
    from projections.report import Column, Report

    columns = [
        Column("quarter", "Triwulan"),
        Column("events", "Peristiwa", "number"),
        Column("spent", "Realisasi Keuangan (Rp)"),
        Column("first", "ID Peristiwa pertama", "id"),
        Column("last", "ID Peristiwa terakhir", "id"),
    ]
    quarters: dict[str, list[Any]] = {}
    for event in recorded.events:
        quarters.setdefault(event.quarter.name, []).append(event)
    rows = [
        {
            "quarter": name,
            "events": len(events),
            "spent": format_rupiah(
                sum((e.spent for e in events if e.spent is not None), Decimal(0))
            ),
            "first": str(events[0].event_id),
            "last": str(events[-1].event_id),
        }
        for name, events in quarters.items()
    ]
    return Report(
        title=f"Dicatat: {len(recorded.events)} peristiwa",
        columns=columns,
        rows=rows,
        notes=[*recorded.notes, _("every event: pagu audit --kind realization --since today")],
    )


def _notes(result: Any) -> list[str]:
    from events.i18n import _

    notes = [_("{count} rows read").format(count=result.rows)]
    if result.unchanged:
        notes.append(
            _("{count} rows already recorded as they are, skipped (rows {rows})").format(
                count=len(result.unchanged), rows=_rows(result.unchanged)
            )
        )
    if result.empty:
        notes.append(_("{count} rows without figures, skipped").format(count=len(result.empty)))
    return notes


def _rows(numbers: list[int]) -> str:
    shown = ", ".join(str(n) for n in numbers[:20])
    return shown + (", ..." if len(numbers) > 20 else "")


def _template(path: Path, options: dict[str, Any]) -> None:
    from cli.context import time_point
    from events.errors import InvalidInput
    from events.i18n import _
    from events.periods import Quarter
    from ledger.outputs import output_file
    from projections.views.realization_template import template_report

    output_file(path, options["db"])
    suffix = path.suffix.lower()
    if suffix not in (".xlsx", ".csv"):
        raise InvalidInput(
            _("--template {name}: name an .xlsx or a .csv file").format(name=path.name)
        )
    quarter = Quarter.parse(options["quarter"]) if options["quarter"] else None
    read_model = open_read_model(options["db"])
    try:
        with read_model.connect() as conn:
            budget = choose_budget(conn, options["skpd"], options["tahun"])
            report = template_report(conn, time_point(conn, None, None), budget, quarter=quarter)
    finally:
        read_model.close()
    headings = [column.heading for column in report.columns]
    table = [[row[column.key] for column in report.columns] for row in report.rows]
    try:
        if suffix == ".csv":
            _write_csv(path, headings, table)
        else:
            _write_xlsx(path, report.title, headings, table)
    except OSError as problem:
        raise InvalidInput(
            _("cannot write {path}: {problem}").format(
                path=path, problem=problem.strerror or problem
            )
        ) from None
    click.echo(
        _("{path}: {count} rows ({title}, {note})").format(
            path=path, count=len(table), title=report.title, note=report.notes[0]
        )
    )


def _write_csv(path: Path, headings: list[str], table: list[list[Any]]) -> None:
    import csv

    from cli.output import csv_text

    with path.open("w", encoding="utf-8-sig", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(headings)
        for row in table:
            writer.writerow(["" if v is None else csv_text(str(v)) for v in row])


def _write_xlsx(path: Path, title: str, headings: list[str], table: list[list[Any]]) -> None:
    from decimal import Decimal

    from openpyxl import Workbook
    from openpyxl.styles import Font

    from cli.safe import clean
    from cli.xlsx import set_text

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Realisasi"
    sheet.append(headings)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    spent = headings.index("Realisasi Keuangan")
    for number, row in enumerate(table, start=2):
        for column, value in enumerate(row, start=1):
            if value is None:
                continue
            cell = sheet.cell(row=number, column=column)
            if column - 1 == spent:
                cell.value = Decimal(value)  # a number, as a bendahara types it
                cell.number_format = "#,##0.00"
            else:
                set_text(cell, clean(str(value)))
    for letter, width in zip(
        "ABCDEFGHIJKLM", (18, 40, 40, 10, 12, 9, 20, 16, 10, 12, 16, 20, 20), strict=True
    ):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A2"
    book.properties.title = title
    book.save(path)


realize = click.Command(
    "realize",
    callback=_run,
    params=_params(),
    help=(
        inspect.cleandoc(_SINGLE.help or "")
        + "\n\nWith --from FILE (CSV or xlsx): every row is one such entry (columns kode, "
        "triwulan, realisasi keuangan, realisasi fisik, kumulatif, tanggal, referensi, "
        "catatan, alasan), all recorded in one transaction or none; rows already recorded "
        "as they are are skipped. --template FILE writes the file to fill in."
    ),
)

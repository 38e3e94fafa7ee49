"""Turning a parsed document into events: only what the ledger does not know yet.

Each fact the document states is compared with what the line already holds for that
fact (the murni pagu with the murni pagu, the Tabel 1 target with the Tabel 1 target);
a verb is called only where they differ. So importing the same document twice adds
nothing, and a later document for the same SKPD and year adds only its changes.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any
from uuid import UUID

from events.codes import Kode, Level
from events.line import LineEvent, SpmIndicatorRecorded
from events.periods import Quarter, Stage
from events.records import fields_of
from events.sources import DocumentRef, Provenance
from events.targets import Target
from ledger.importer.model import BudgetRow, EvaluationRow, ParsedDocument
from ledger.line import Basis, BudgetLine, ImportedDocument, Realized, line_id
from ledger.service import Ledger

LOAD_STEP = 10  # lines loaded between two progress calls


@dataclass
class DocumentBases:
    """Who, why and on what authority, for each kind of fact in one document."""

    doc: ParsedDocument
    actor: str

    def _at(self, table: str, row: int) -> Provenance:
        return Provenance(self.doc.sha256, table, row)

    def murni(self, row: int) -> Basis:
        apbd = DocumentRef(
            f"APBD {self.doc.pemda} Tahun Anggaran {self.doc.tahun} (sebelum perubahan), "
            f"sebagaimana dimuat dalam {self.doc.title}".replace("APBD  ", "APBD "),
            None,
        )
        return Basis(
            self.actor,
            f"APBD murni {self.doc.tahun}",
            apbd,
            date(self.doc.tahun, 1, 1),
            self._at("BAB III", row),
        )

    def perubahan(self, row: int, reason: str | None) -> Basis:
        return Basis(
            self.actor,
            reason or f"APBD Perubahan {self.doc.tahun}",
            DocumentRef(self.doc.title, self.doc.date),
            self.doc.date,
            self._at("BAB III", row),
        )

    def before_year(self, table: str, row: int, reason: str) -> Basis:
        """Facts that hold before the fiscal year starts (the Renstra target, realization
        up to last year): dated the last day of the year before."""
        return self.document(table, row, reason, date(self.doc.tahun - 1, 12, 31))

    def year_start(self, table: str, row: int, reason: str, line: BudgetLine) -> Basis:
        """This year's facts that hold from its start, or from the line's entry into the
        budget when that came later (the Renja target of a line new in the APBD-P)."""
        return self.document(
            table, row, reason, max(date(self.doc.tahun, 1, 1), line.effective_from)
        )

    def quarter(self, table: str, row: int, reason: str) -> Basis:
        """Facts about the quarter the document reports on: dated at its end."""
        return self.document(
            table, row, reason, self.doc.realization_quarter.last_day(self.doc.tahun)
        )

    def document(self, table: str, row: int, reason: str, effective: date | None = None) -> Basis:
        return Basis(
            self.actor,
            reason,
            DocumentRef(self.doc.title, self.doc.date),
            effective or self.doc.date,
            self._at(table, row),
        )


class DocumentPlan:
    """Applies a parsed document to the ledger's lines, in memory, ready to save."""

    def __init__(
        self,
        ledger: Ledger | None,
        doc: ParsedDocument,
        actor: str,
        progress: Callable[[int, int], None] | None = None,
    ) -> None:
        self.ledger = ledger  # None: plan against an empty ledger (a dry run on a new store)
        self.progress = progress  # told (lines loaded, lines to load)
        self.doc = doc
        self.bases = DocumentBases(doc, actor)
        self.lines: dict[Kode, BudgetLine] = {}
        self.evaluation = {row.kode: row for row in doc.evaluation_rows}

    def build(self) -> list[BudgetLine]:
        doc = self.doc
        ids = [line_id(doc.skpd, doc.tahun, doc.urusan)] + [
            line_id(doc.skpd, doc.tahun, row.kode) for row in doc.budget_rows if row.kode
        ]
        for line in self._load(ids).values():
            self.lines[line.kode] = line
        self.dinas()
        for budget_row in doc.budget_rows:
            self.budget_row(budget_row)
        for evaluation_row in doc.evaluation_rows:
            if evaluation_row.kode in self.lines:
                self.evaluation_row(evaluation_row)
        return list(self.lines.values())

    def _load(self, ids: list[UUID]) -> dict[UUID, BudgetLine]:
        """The lines the ledger already holds (replaying each one's events: on a long
        history the slow part of an import, hence the progress in steps)."""
        if self.ledger is None:
            return {}
        if self.progress is None:
            return self.ledger.lines(ids)
        found: dict[UUID, BudgetLine] = {}
        for start in range(0, len(ids), LOAD_STEP):
            found.update(self.ledger.lines(ids[start : start + LOAD_STEP]))
            self.progress(min(start + LOAD_STEP, len(ids)), len(ids))
        return found

    # ---- the Dinas line ------------------------------------------------------------

    def dinas(self) -> None:
        doc = self.doc
        line = self.lines.get(doc.urusan)
        if line is None:
            basis = self.bases.murni(0)
            line = BudgetLine.register(
                skpd=doc.skpd,
                tahun=doc.tahun,
                kode=doc.urusan,
                nama=doc.skpd,
                indicator=None,
                location=doc.pemda or None,
                stage=Stage.MURNI,
                basis=Basis(
                    basis.actor,
                    f"Perangkat daerah {doc.skpd}",
                    basis.document,
                    basis.effective,
                    Provenance(doc.sha256, "Dokumen", 1),
                ),
            )
            self.lines[doc.urusan] = line
        if any(self._in_perubahan(row) for row in doc.budget_rows):
            # the document holds the APBD-P: the budget is in that edition from its date
            line.enact_edition(
                Stage.PERUBAHAN, self.bases.document("Dokumen", 0, f"APBD Perubahan {doc.tahun}")
            )
        for spm in doc.spm_rows:
            fields = fields_of(spm, SpmIndicatorRecorded.ROW)
            if line.facts.latest("spm", spm.number) != fields:
                basis = self.bases.quarter("Tabel 2", spm.line_no, "Capaian SPM (Tabel 2)")
                line.record_spm_indicator(basis, number=spm.number, **fields)
        real = doc.dinas_realization
        if real is not None:
            output = (
                Target(real.physical_percent, "%") if real.physical_percent is not None else None
            )
            spent = line.latest_realization(real.quarter, "spent")
            done = line.latest_realization(real.quarter, "output")
            known = (done.output if done else None, spent.spent if spent else None)
            if known != (output, real.spent):
                basis = self.bases.document(
                    "Teks",
                    real.line_no,
                    f"Realisasi fisik dan keuangan s/d triwulan {real.quarter.name} (e-pantau)",
                    real.quarter.last_day(doc.tahun),
                )
                record_to_date(line, real.quarter, output, real.spent, basis)
        figures: dict[str, Decimal | None] = {s.name: s.value for s in doc.stated}
        if real is not None:
            figures |= {
                "realization_base": real.printed_base,
                "realization_rate": real.printed_rate,
            }
        if doc.total_row is not None:
            figures |= self._money_figures(doc.total_row)
        self._printed(line, "Dokumen", doc.total_row.line_no if doc.total_row else 0, figures)

    # ---- BAB III -------------------------------------------------------------------

    @staticmethod
    def _in_perubahan(row: BudgetRow) -> bool:
        return row.perubahan_pagu is not None or any(
            c.perubahan_target is not None or c.perubahan_indicator for c in row.indicators
        )

    def budget_row(self, row: BudgetRow) -> None:
        assert row.kode is not None
        note = self.evaluation.get(row.kode)
        reason = note.note if note and note.note else None
        first = row.indicators[0]
        in_murni = row.murni_pagu is not None or first.murni_target is not None
        line = self.lines.get(row.kode)
        if line is None:
            basis = (
                self.bases.murni(row.line_no)
                if in_murni
                else self.bases.perubahan(row.line_no, reason)
            )
            line = BudgetLine.register(
                skpd=self.doc.skpd,
                tahun=self.doc.tahun,
                kode=row.kode,
                nama=row.nama,
                indicator=first.murni_indicator or first.perubahan_indicator,
                location=(row.murni_location if in_murni else row.perubahan_location),
                stage=Stage.MURNI if in_murni else Stage.PERUBAHAN,
                basis=basis,
            )
            self.lines[row.kode] = line
        murni = self.bases.murni(row.line_no)
        perubahan = self.bases.perubahan(row.line_no, reason)
        for number, columns in enumerate(row.indicators, start=1):
            basis_m = murni.at(Provenance(self.doc.sha256, "BAB III", columns.line_no))
            basis_p = perubahan.at(Provenance(self.doc.sha256, "BAB III", columns.line_no))
            if in_murni and (columns.murni_indicator or columns.murni_target):
                self._target(
                    line,
                    number,
                    columns.murni_indicator,
                    columns.murni_target,
                    Stage.MURNI,
                    basis_m,
                )
            indicator_p = columns.perubahan_indicator or columns.murni_indicator
            if indicator_p or columns.perubahan_target:
                self._target(
                    line, number, indicator_p, columns.perubahan_target, Stage.PERUBAHAN, basis_p
                )
            pagu = (
                row.forward_pagu if number == 1 and row.kode.level is Level.SUB_KEGIATAN else None
            )
            known = line.facts.latest("forward", (self.doc.forward_year, number))
            if (columns.forward_target, pagu) != (known or (None, None)):
                line.set_forward_estimate(
                    year=self.doc.forward_year,
                    indicator_no=number,
                    target=columns.forward_target,
                    pagu=pagu,
                    basis=basis_p.because(f"Perkiraan maju {self.doc.forward_year}"),
                )
        on = self.doc.date
        # each figure is compared with what its own edition holds on the document's date
        perubahan_location = line.current_location(Stage.PERUBAHAN, on=on)
        if row.perubahan_location and row.perubahan_location != perubahan_location:
            line.revise_location(row.perubahan_location, Stage.PERUBAHAN, perubahan)
        if row.kode.level is Level.SUB_KEGIATAN:
            murni_pagu = line.current_pagu(Stage.MURNI, on=murni.effective)
            if in_murni and row.murni_pagu is not None and murni_pagu != row.murni_pagu:
                line.set_pagu(row.murni_pagu, Stage.MURNI, murni)
            perubahan_pagu = line.current_pagu(Stage.PERUBAHAN, on=on)
            if row.perubahan_pagu is not None and perubahan_pagu != row.perubahan_pagu:
                line.set_pagu(row.perubahan_pagu, Stage.PERUBAHAN, perubahan)
            self._printed(line, "BAB III", row.line_no, {"difference": row.printed_difference})
        else:
            self._printed(line, "BAB III", row.line_no, self._money_figures(row))

    def _target(
        self,
        line: BudgetLine,
        number: int,
        indicator: str | None,
        target: Target | None,
        stage: Stage,
        basis: Basis,
    ) -> None:
        if not line.holds_target(number, (indicator, target), stage, basis.effective):
            line.set_target(number, indicator, target, stage, basis)

    @staticmethod
    def _money_figures(row: BudgetRow) -> dict[str, Decimal | None]:
        return {
            "murni_pagu": row.murni_pagu,
            "perubahan_pagu": row.perubahan_pagu,
            "difference": row.printed_difference,
            "forward_pagu": row.forward_pagu,
        }

    def _printed(
        self, line: BudgetLine, table: str, row: int, figures: dict[str, Decimal | None]
    ) -> None:
        if figures and line.facts.latest("printed", table) != figures:
            basis = self.bases.document(table, row, f"Angka tercetak di {table}")
            line.note_printed_figures(table, figures, basis)

    # ---- Tabel 1 -------------------------------------------------------------------

    def evaluation_row(self, row: EvaluationRow) -> None:
        line = self.lines[row.kode]
        doc = self.doc
        reason = "Evaluasi Renja (Tabel 1)"
        facts = line.facts
        if row.renstra is not None and facts.latest("renstra") != row.renstra:
            line.set_renstra_target(
                row.renstra, self.bases.before_year("Tabel 1", row.line_no, reason)
            )
        if row.prior is not None and facts.latest("prior") != (doc.prior_year, row.prior):
            line.record_prior_realization(
                doc.prior_year, row.prior, self.bases.before_year("Tabel 1", row.line_no, reason)
            )
        if row.target is not None and facts.latest("renja") != (doc.tahun, row.target):
            line.set_renja_target(
                doc.tahun, row.target, self.bases.year_start("Tabel 1", row.line_no, reason, line)
            )
        # a line that entered the budget after the quarter (new in the APBD-P) has its
        # figure dated on its entry: no fact is in force before its line exists
        quarter_end = max(doc.realization_quarter.last_day(doc.tahun), line.effective_from)
        if row.realization is not None:
            latest = line.latest_realization(doc.realization_quarter, "output")
            if latest is None or latest.output != row.realization:
                quarter = doc.realization_quarter
                to_date = f"Realisasi s/d triwulan {quarter.name} (Tabel 1)"
                basis = self.bases.document("Tabel 1", row.line_no, to_date, quarter_end)
                record_to_date(line, quarter, row.realization, None, basis)
        printed = {
            "rate": row.printed_rate,
            "cumulative": row.printed_cumulative.value if row.printed_cumulative else None,
            "achievement": row.printed_achievement,
        }
        if any(value is not None for value in printed.values()):
            self._printed(line, "Tabel 1", row.line_no, printed)
        if row.note and row.note not in facts.values("note"):
            line.attach_note(row.note, self.bases.quarter("Tabel 1", row.line_no, reason))

    def record_import(self, findings: list[dict[str, Any]], events: int) -> None:
        """Remember the document itself, once: what it held and its reconciliation report."""
        doc = self.doc
        line = self.lines[doc.urusan]
        if doc.sha256 in line.facts.imported:
            return
        counts = Counter(row.kode.level.value for row in doc.budget_rows if row.kode)
        file = ImportedDocument(doc.sha256, Path(doc.path).name, doc.title, doc.date)
        line.record_document_import(
            file,
            counts={
                **counts,
                "tabel_1": len(doc.evaluation_rows),
                "tabel_2": len(doc.spm_rows),
                "events": events,
            },
            findings=findings,
            basis=self.bases.document("Dokumen", 0, f"Impor dokumen {Path(doc.path).name}"),
        )


def record_to_date(
    line: BudgetLine,
    quarter: Quarter,
    output: Target | None,
    spent: Decimal | None,
    basis: Basis,
) -> None:
    """A realization as a document prints it: to date ("s/d triwulan"), and held to the
    pagu (an import never records an overrun)."""
    realized = Realized(quarter, output, spent, cumulative=True)
    line.record_realization(realized, allow_overrun=False, basis=basis)


def pending_events(lines: list[BudgetLine]) -> list[LineEvent]:
    found: list[LineEvent] = []
    for line in lines:
        found.extend(e for e in line.pending_events if isinstance(e, LineEvent))
    return found

"""Writers at the same time still make one chain: each reads the head it chains from
while holding the writers' lock (PostgreSQL's advisory lock, SQLite's write lock)."""

from __future__ import annotations

import threading
from datetime import date
from decimal import Decimal

from events import Kode, Stage
from ledger.integrity import verify_store
from ledger.line import Basis
from ledger.service import open_ledger
from tests.tampering import SKPD, sub_kegiatan

WRITERS, EACH = 4, 8


def test_concurrent_writers_make_one_intact_chain(imported: str) -> None:
    ledger = open_ledger(imported, create=False)
    kodes = [line.kode.text for line in sub_kegiatan(ledger)]
    ledger.close()
    failures: list[BaseException] = []
    start = threading.Barrier(WRITERS)

    def write(writer: int) -> None:
        own = open_ledger(imported, create=False)
        try:
            start.wait()
            for i in range(EACH):
                kode = Kode(kodes[(writer + i * WRITERS) % 3])  # writers collide on lines

                def revise(kode: Kode = kode, i: int = i) -> None:
                    line = own.get_line(SKPD, 2024, kode)
                    basis = Basis(f"writer {writer}", f"revisi {i}", None, date(2024, 9, 1))
                    line.set_pagu(
                        (line.current_pagu() or Decimal(0)) + Decimal(1), Stage.PERUBAHAN, basis
                    )
                    own.save_lines([line])

                own.run(revise, attempts=50)
        except BaseException as problem:  # noqa: BLE001 - reported below
            failures.append(problem)
        finally:
            own.close()

    threads = [threading.Thread(target=write, args=(n,)) for n in range(WRITERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not failures, failures
    verdict = verify_store(imported)
    assert verdict.intact, verdict.damage
    assert verdict.events == 783 + WRITERS * EACH

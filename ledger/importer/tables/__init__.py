"""A parser per part of a Renja Perubahan document, combined by `ledger.importer.document`:

prose.py    the text: who, when, the Dinas-level figures it states
bab3.py     BAB III, the APBD-P table
tabel1.py   Tabel 1, the evaluation (Permendagri 86/2017)
tabel2.py   Tabel 2, the minimum service standards (SPM)
base.py     the state they share, cells, errors naming their line
"""

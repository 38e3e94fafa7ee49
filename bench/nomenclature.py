"""Names for synthetic ledgers: regions of a province, their SKPD, and program, kegiatan
and sub kegiatan names in the style of the Permendagri 90/2019 nomenclature.

The lists are real enough to make generated reports read like real ones (Kalimantan
Timur's kabupaten/kota and kecamatan, the usual Dinas/Badan of a pemda, the standard
"PROGRAM PENUNJANG URUSAN" with its kegiatan and sub kegiatan); figures are invented.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Region:
    name: str  # "Kabupaten Kutai Kartanegara"
    short: str  # "Kutai Kartanegara", used in SKPD names and account names
    unit: str  # "1" province, "2" kabupaten/kota (the code's unit digit)
    kecamatan: tuple[str, ...] = ()


@dataclass(frozen=True)
class Agency:
    """A kind of SKPD: its bidang urusan code, its name, and its own programs."""

    urusan: str  # "1.06"
    name: str  # "Dinas Sosial"
    abbr: str  # "dinsos", used for actors
    programs: tuple[tuple[int, str], ...]  # (program number, PROGRAM NAME)
    province_only: bool = False


_KTT = (
    "Tenggarong",
    "Tenggarong Seberang",
    "Loa Kulu",
    "Loa Janan",
    "Sebulu",
    "Muara Kaman",
    "Kota Bangun",
    "Samboja",
    "Muara Jawa",
    "Sanga-Sanga",
    "Anggana",
    "Muara Badak",
    "Marang Kayu",
    "Kembang Janggut",
    "Tabang",
    "Kenohan",
    "Muara Muntai",
    "Muara Wis",
)

REGIONS: tuple[Region, ...] = (
    Region("Provinsi Kalimantan Timur", "Provinsi Kalimantan Timur", "1"),
    Region("Kabupaten Kutai Kartanegara", "Kabupaten Kutai Kartanegara", "2", _KTT),
    Region(
        "Kota Samarinda",
        "Kota Samarinda",
        "2",
        (
            "Samarinda Ulu",
            "Samarinda Ilir",
            "Samarinda Kota",
            "Samarinda Seberang",
            "Samarinda Utara",
            "Sungai Kunjang",
            "Sungai Pinang",
            "Sambutan",
            "Palaran",
            "Loa Janan Ilir",
        ),
    ),
    Region(
        "Kota Balikpapan",
        "Kota Balikpapan",
        "2",
        (
            "Balikpapan Kota",
            "Balikpapan Selatan",
            "Balikpapan Utara",
            "Balikpapan Timur",
            "Balikpapan Barat",
            "Balikpapan Tengah",
        ),
    ),
    Region(
        "Kabupaten Kutai Timur",
        "Kabupaten Kutai Timur",
        "2",
        (
            "Sangatta Utara",
            "Sangatta Selatan",
            "Bengalon",
            "Muara Wahau",
            "Kongbeng",
            "Kaliorang",
            "Sangkulirang",
            "Rantau Pulung",
            "Teluk Pandan",
            "Busang",
            "Long Mesangat",
            "Telen",
            "Muara Ancalong",
            "Karangan",
            "Kaubun",
            "Sandaran",
            "Batu Ampar",
            "Muara Bengkal",
        ),
    ),
    Region(
        "Kabupaten Berau",
        "Kabupaten Berau",
        "2",
        (
            "Tanjung Redeb",
            "Gunung Tabur",
            "Sambaliung",
            "Teluk Bayur",
            "Talisayan",
            "Biduk-Biduk",
            "Pulau Derawan",
            "Maratua",
            "Segah",
            "Kelay",
            "Tabalar",
            "Batu Putih",
            "Biatan",
        ),
    ),
    Region(
        "Kabupaten Paser",
        "Kabupaten Paser",
        "2",
        (
            "Tanah Grogot",
            "Kuaro",
            "Long Ikis",
            "Long Kali",
            "Batu Sopang",
            "Muara Komam",
            "Pasir Belengkong",
            "Tanjung Harapan",
            "Batu Engau",
            "Muara Samu",
        ),
    ),
    Region(
        "Kabupaten Kutai Barat",
        "Kabupaten Kutai Barat",
        "2",
        (
            "Barong Tongkok",
            "Melak",
            "Sekolaq Darat",
            "Linggang Bigung",
            "Long Iram",
            "Bentian Besar",
            "Damai",
            "Jempang",
            "Muara Lawa",
            "Muara Pahu",
            "Nyuatan",
            "Penyinggahan",
            "Siluq Ngurai",
            "Bongan",
            "Mook Manaar Bulatn",
            "Tering",
        ),
    ),
    Region(
        "Kota Bontang",
        "Kota Bontang",
        "2",
        ("Bontang Utara", "Bontang Selatan", "Bontang Barat"),
    ),
    Region(
        "Kabupaten Penajam Paser Utara",
        "Kabupaten Penajam Paser Utara",
        "2",
        ("Penajam", "Waru", "Babulu", "Sepaku"),
    ),
    Region(
        "Kabupaten Mahakam Ulu",
        "Kabupaten Mahakam Ulu",
        "2",
        ("Long Bagun", "Long Hubung", "Laham", "Long Apari", "Long Pahangai"),
    ),
)

AGENCIES: tuple[Agency, ...] = (
    Agency(
        "1.01",
        "Dinas Pendidikan",
        "disdik",
        (
            (2, "PROGRAM PENGELOLAAN PENDIDIKAN"),
            (3, "PROGRAM PENGEMBANGAN KURIKULUM"),
            (4, "PROGRAM PENDIDIK DAN TENAGA KEPENDIDIKAN"),
        ),
    ),
    Agency(
        "1.02",
        "Dinas Kesehatan",
        "dinkes",
        (
            (2, "PROGRAM PEMENUHAN UPAYA KESEHATAN PERORANGAN DAN UPAYA KESEHATAN MASYARAKAT"),
            (3, "PROGRAM PENINGKATAN KAPASITAS SUMBER DAYA MANUSIA KESEHATAN"),
            (4, "PROGRAM SEDIAAN FARMASI, ALAT KESEHATAN DAN MAKANAN MINUMAN"),
            (5, "PROGRAM PEMBERDAYAAN MASYARAKAT BIDANG KESEHATAN"),
        ),
    ),
    Agency(
        "1.03",
        "Dinas Pekerjaan Umum dan Penataan Ruang",
        "dpupr",
        (
            (2, "PROGRAM PENGELOLAAN SUMBER DAYA AIR"),
            (3, "PROGRAM PENGELOLAAN DAN PENGEMBANGAN SISTEM PENYEDIAAN AIR MINUM"),
            (10, "PROGRAM PENYELENGGARAAN JALAN"),
        ),
    ),
    Agency(
        "1.04",
        "Dinas Perumahan dan Kawasan Permukiman",
        "disperkim",
        ((2, "PROGRAM PENGEMBANGAN PERUMAHAN"), (3, "PROGRAM KAWASAN PERMUKIMAN")),
    ),
    Agency(
        "1.05",
        "Satuan Polisi Pamong Praja",
        "satpolpp",
        (
            (2, "PROGRAM PENINGKATAN KETENTERAMAN DAN KETERTIBAN UMUM"),
            (4, "PROGRAM PENCEGAHAN, PENANGGULANGAN, PENYELAMATAN KEBAKARAN"),
        ),
    ),
    Agency(
        "1.06",
        "Dinas Sosial",
        "dinsos",
        (
            (2, "PROGRAM PEMBERDAYAAN SOSIAL"),
            (4, "PROGRAM REHABILITASI SOSIAL"),
            (5, "PROGRAM PERLINDUNGAN DAN JAMINAN SOSIAL"),
            (6, "PROGRAM PENANGANAN BENCANA"),
        ),
    ),
    Agency(
        "2.07",
        "Dinas Tenaga Kerja",
        "disnaker",
        (
            (3, "PROGRAM PELATIHAN KERJA DAN PRODUKTIVITAS TENAGA KERJA"),
            (4, "PROGRAM PENEMPATAN TENAGA KERJA"),
            (5, "PROGRAM HUBUNGAN INDUSTRIAL"),
        ),
    ),
    Agency(
        "2.08",
        "Dinas Pemberdayaan Perempuan dan Perlindungan Anak",
        "dp3a",
        (
            (2, "PROGRAM PENGARUSUTAMAAN GENDER DAN PEMBERDAYAAN PEREMPUAN"),
            (3, "PROGRAM PERLINDUNGAN PEREMPUAN"),
            (7, "PROGRAM PERLINDUNGAN KHUSUS ANAK"),
        ),
    ),
    Agency(
        "2.09",
        "Dinas Ketahanan Pangan",
        "dkp",
        (
            (3, "PROGRAM PENINGKATAN DIVERSIFIKASI DAN KETAHANAN PANGAN MASYARAKAT"),
            (5, "PROGRAM PENGAWASAN KEAMANAN PANGAN"),
        ),
    ),
    Agency(
        "2.11",
        "Dinas Lingkungan Hidup",
        "dlh",
        (
            (2, "PROGRAM PERENCANAAN LINGKUNGAN HIDUP"),
            (3, "PROGRAM PENGENDALIAN PENCEMARAN DAN/ATAU KERUSAKAN LINGKUNGAN HIDUP"),
            (11, "PROGRAM PENGELOLAAN PERSAMPAHAN"),
        ),
    ),
    Agency(
        "2.12",
        "Dinas Kependudukan dan Pencatatan Sipil",
        "disdukcapil",
        (
            (2, "PROGRAM PENDAFTARAN PENDUDUK"),
            (3, "PROGRAM PENCATATAN SIPIL"),
            (4, "PROGRAM PENGELOLAAN INFORMASI ADMINISTRASI KEPENDUDUKAN"),
        ),
    ),
    Agency(
        "2.13",
        "Dinas Pemberdayaan Masyarakat dan Desa",
        "dpmd",
        (
            (2, "PROGRAM PENATAAN DESA"),
            (5, "PROGRAM ADMINISTRASI PEMERINTAHAN DESA"),
            (6, "PROGRAM PEMBERDAYAAN LEMBAGA KEMASYARAKATAN, LEMBAGA ADAT DAN MASYARAKAT"),
        ),
    ),
    Agency(
        "2.14",
        "Dinas Pengendalian Penduduk dan Keluarga Berencana",
        "dppkb",
        (
            (2, "PROGRAM PENGENDALIAN PENDUDUK"),
            (3, "PROGRAM PEMBINAAN KELUARGA BERENCANA (KB)"),
            (4, "PROGRAM PEMBERDAYAAN DAN PENINGKATAN KELUARGA SEJAHTERA (KS)"),
        ),
    ),
    Agency(
        "2.15",
        "Dinas Perhubungan",
        "dishub",
        (
            (2, "PROGRAM PENYELENGGARAAN LALU LINTAS DAN ANGKUTAN JALAN (LLAJ)"),
            (3, "PROGRAM PENGELOLAAN PELAYARAN"),
        ),
    ),
    Agency(
        "2.16",
        "Dinas Komunikasi dan Informatika",
        "diskominfo",
        ((2, "PROGRAM INFORMASI DAN KOMUNIKASI PUBLIK"), (3, "PROGRAM APLIKASI INFORMATIKA")),
    ),
    Agency(
        "2.17",
        "Dinas Koperasi dan Usaha Kecil Menengah",
        "diskopukm",
        (
            (5, "PROGRAM PENDIDIKAN DAN LATIHAN PERKOPERASIAN"),
            (7, "PROGRAM PEMBERDAYAAN USAHA MENENGAH, USAHA KECIL, DAN USAHA MIKRO (UMKM)"),
        ),
    ),
    Agency(
        "2.18",
        "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu",
        "dpmptsp",
        (
            (2, "PROGRAM PENGEMBANGAN IKLIM PENANAMAN MODAL"),
            (4, "PROGRAM PELAYANAN PENANAMAN MODAL"),
        ),
    ),
    Agency(
        "2.19",
        "Dinas Pemuda dan Olahraga",
        "dispora",
        (
            (2, "PROGRAM PENGEMBANGAN KAPASITAS DAYA SAING KEPEMUDAAN"),
            (3, "PROGRAM PENGEMBANGAN KAPASITAS DAYA SAING KEOLAHRAGAAN"),
        ),
    ),
    Agency(
        "2.22",
        "Dinas Kebudayaan",
        "disbud",
        (
            (2, "PROGRAM PENGEMBANGAN KEBUDAYAAN"),
            (5, "PROGRAM PELESTARIAN DAN PENGELOLAAN CAGAR BUDAYA"),
        ),
    ),
    Agency(
        "2.23",
        "Dinas Perpustakaan dan Kearsipan",
        "dispusip",
        ((2, "PROGRAM PEMBINAAN PERPUSTAKAAN"), (3, "PROGRAM PELESTARIAN KOLEKSI NASIONAL")),
    ),
    Agency(
        "3.25",
        "Dinas Kelautan dan Perikanan",
        "dkp-ikan",
        (
            (3, "PROGRAM PENGELOLAAN PERIKANAN TANGKAP"),
            (4, "PROGRAM PENGELOLAAN PERIKANAN BUDIDAYA"),
        ),
    ),
    Agency(
        "3.26",
        "Dinas Pariwisata",
        "dispar",
        (
            (2, "PROGRAM PENINGKATAN DAYA TARIK DESTINASI PARIWISATA"),
            (3, "PROGRAM PEMASARAN PARIWISATA"),
        ),
    ),
    Agency(
        "3.27",
        "Dinas Pertanian",
        "distan",
        (
            (2, "PROGRAM PENYEDIAAN DAN PENGEMBANGAN SARANA PERTANIAN"),
            (3, "PROGRAM PENYEDIAAN DAN PENGEMBANGAN PRASARANA PERTANIAN"),
            (7, "PROGRAM PENYULUHAN PERTANIAN"),
        ),
    ),
    Agency(
        "3.28",
        "Dinas Kehutanan",
        "dishut",
        ((3, "PROGRAM PENGELOLAAN HUTAN"), (5, "PROGRAM PENDIDIKAN DAN PELATIHAN KEHUTANAN")),
        province_only=True,
    ),
    Agency(
        "3.29",
        "Dinas Energi dan Sumber Daya Mineral",
        "desdm",
        (
            (3, "PROGRAM PENGELOLAAN ENERGI TERBARUKAN"),
            (4, "PROGRAM PENGELOLAAN KETENAGALISTRIKAN"),
        ),
        province_only=True,
    ),
    Agency(
        "3.30",
        "Dinas Perdagangan",
        "disdag",
        (
            (3, "PROGRAM PENINGKATAN SARANA DISTRIBUSI PERDAGANGAN"),
            (6, "PROGRAM STANDARDISASI DAN PERLINDUNGAN KONSUMEN"),
        ),
    ),
    Agency(
        "3.31",
        "Dinas Perindustrian",
        "disperin",
        ((2, "PROGRAM PERENCANAAN DAN PEMBANGUNAN INDUSTRI"),),
    ),
    Agency(
        "4.01",
        "Sekretariat Daerah",
        "setda",
        (
            (2, "PROGRAM PEMERINTAHAN DAN KESEJAHTERAAN RAKYAT"),
            (3, "PROGRAM PEREKONOMIAN DAN PEMBANGUNAN"),
        ),
    ),
    Agency(
        "4.02",
        "Sekretariat DPRD",
        "setwan",
        ((2, "PROGRAM DUKUNGAN PELAKSANAAN TUGAS DAN FUNGSI DPRD"),),
    ),
    Agency(
        "5.01",
        "Badan Perencanaan Pembangunan Daerah",
        "bappeda",
        (
            (2, "PROGRAM PERENCANAAN, PENGENDALIAN DAN EVALUASI PEMBANGUNAN DAERAH"),
            (3, "PROGRAM KOORDINASI DAN SINERGI PERENCANAAN PEMBANGUNAN DAERAH"),
        ),
    ),
    Agency(
        "5.02",
        "Badan Pengelolaan Keuangan dan Aset Daerah",
        "bpkad",
        (
            (2, "PROGRAM PENGELOLAAN KEUANGAN DAERAH"),
            (3, "PROGRAM PENGELOLAAN BARANG MILIK DAERAH"),
        ),
    ),
    Agency(
        "5.03",
        "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia",
        "bkpsdm",
        ((2, "PROGRAM KEPEGAWAIAN DAERAH"),),
    ),
    Agency(
        "5.04",
        "Badan Pendapatan Daerah",
        "bapenda",
        ((2, "PROGRAM PENGELOLAAN PENDAPATAN DAERAH"),),
    ),
    Agency(
        "6.01",
        "Inspektorat Daerah",
        "inspektorat",
        (
            (2, "PROGRAM PENYELENGGARAAN PENGAWASAN"),
            (3, "PROGRAM PERUMUSAN KEBIJAKAN, PENDAMPINGAN DAN ASISTENSI"),
        ),
    ),
    Agency(
        "8.01",
        "Badan Kesatuan Bangsa dan Politik",
        "kesbangpol",
        ((2, "PROGRAM PENGUATAN IDEOLOGI PANCASILA DAN KARAKTER KEBANGSAAN"),),
    ),
)

KECAMATAN = Agency(
    "7.01",
    "Kecamatan",
    "kec",
    (
        (2, "PROGRAM PENYELENGGARAAN PEMERINTAHAN DAN PELAYANAN PUBLIK"),
        (3, "PROGRAM PEMBERDAYAAN MASYARAKAT DESA DAN KELURAHAN"),
        (4, "PROGRAM KOORDINASI KETENTRAMAN DAN KETERTIBAN UMUM"),
    ),
)

# Program 01 of every SKPD: kegiatan number -> (name, {sub number: name}).
PENUNJANG: dict[int, tuple[str, dict[int, str]]] = {
    1: (
        "Perencanaan, Penganggaran, dan Evaluasi Kinerja Perangkat Daerah",
        {
            1: "Penyusunan Dokumen Perencanaan Perangkat Daerah",
            2: "Koordinasi dan Penyusunan Dokumen RKA-SKPD",
            3: "Koordinasi dan Penyusunan Dokumen Perubahan RKA-SKPD",
            4: "Koordinasi dan Penyusunan DPA-SKPD",
            5: "Koordinasi dan Penyusunan Perubahan DPA-SKPD",
            6: "Koordinasi dan Penyusunan Laporan Capaian Kinerja dan Ikhtisar Realisasi "
            "Kinerja SKPD",
            7: "Evaluasi Kinerja Perangkat Daerah",
        },
    ),
    2: (
        "Administrasi Keuangan Perangkat Daerah",
        {
            1: "Penyediaan Gaji dan Tunjangan ASN",
            2: "Penyediaan Administrasi Pelaksanaan Tugas ASN",
            5: "Koordinasi dan Penyusunan Laporan Keuangan Akhir Tahun SKPD",
            7: "Koordinasi dan Penyusunan Laporan Keuangan Bulanan/Triwulanan/Semesteran SKPD",
        },
    ),
    5: (
        "Administrasi Kepegawaian Perangkat Daerah",
        {
            2: "Pengadaan Pakaian Dinas Beserta Atribut Kelengkapannya",
            9: "Pendidikan dan Pelatihan Pegawai Berdasarkan Tugas dan Fungsi",
            11: "Bimbingan Teknis Implementasi Peraturan Perundang-Undangan",
        },
    ),
    6: (
        "Administrasi Umum Perangkat Daerah",
        {
            1: "Penyediaan Komponen Instalasi Listrik/Penerangan Bangunan Kantor",
            2: "Penyediaan Peralatan dan Perlengkapan Kantor",
            4: "Penyediaan Bahan Logistik Kantor",
            5: "Penyediaan Barang Cetakan dan Penggandaan",
            6: "Penyediaan Bahan Bacaan dan Peraturan Perundang-undangan",
            8: "Fasilitasi Kunjungan Tamu",
            9: "Penyelenggaraan Rapat Koordinasi dan Konsultasi SKPD",
        },
    ),
    7: (
        "Pengadaan Barang Milik Daerah Penunjang Urusan Pemerintah Daerah",
        {
            2: "Pengadaan Kendaraan Dinas Operasional atau Lapangan",
            5: "Pengadaan Mebel",
            6: "Pengadaan Peralatan dan Mesin Lainnya",
        },
    ),
    8: (
        "Penyediaan Jasa Penunjang Urusan Pemerintahan Daerah",
        {
            1: "Penyediaan Jasa Surat Menyurat",
            2: "Penyediaan Jasa Komunikasi, Sumber Daya Air dan Listrik",
            4: "Penyediaan Jasa Pelayanan Umum Kantor",
        },
    ),
    9: (
        "Pemeliharaan Barang Milik Daerah Penunjang Urusan Pemerintahan Daerah",
        {
            2: "Penyediaan Jasa Pemeliharaan, Biaya Pemeliharaan, Pajak dan Perizinan "
            "Kendaraan Dinas Operasional atau Lapangan",
            9: "Pemeliharaan/Rehabilitasi Gedung Kantor dan Bangunan Lainnya",
        },
    ),
}

# Domain kegiatan and sub kegiatan names are built from the program's subject.
KEGIATAN_PATTERNS = (
    "Penyelenggaraan {s}",
    "Pengembangan {s}",
    "Pengendalian dan Pengawasan {s}",
    "Pembinaan dan Fasilitasi {s}",
)
SUB_PATTERNS = (
    "Penyediaan Sarana dan Prasarana {s}",
    "Pendataan dan Pengelolaan Informasi {s}",
    "Peningkatan Kapasitas Pelaksana {s}",
    "Sosialisasi dan Koordinasi {s}",
    "Monitoring, Evaluasi dan Pelaporan {s}",
    "Fasilitasi Kelompok Masyarakat dalam {s}",
)

# (unit, indicator template, smallest and largest yearly target)
INDICATORS: tuple[tuple[str, str, int, int], ...] = (
    ("Dokumen", "Jumlah Dokumen {s} yang Disusun", 1, 12),
    ("Laporan", "Jumlah Laporan {s}", 1, 12),
    ("Orang", "Jumlah Orang yang Mendapatkan Layanan {s}", 20, 2500),
    ("Orang/Bulan", "Jumlah Orang/Bulan yang Dilayani {s}", 12, 900),
    ("Paket", "Jumlah Paket {s} yang Disediakan", 1, 40),
    ("Unit", "Jumlah Unit Sarana {s} yang Tersedia", 1, 60),
    ("Kegiatan", "Jumlah Kegiatan {s} yang Dilaksanakan", 2, 48),
    ("Desa / Kelurahan", "Jumlah Desa/Kelurahan yang Difasilitasi {s}", 1, 40),
    ("%", "Persentase Capaian {s}", 60, 100),
)

PERGESERAN_REASONS = (
    "Pergeseran untuk memenuhi kebutuhan belanja yang mendesak",
    "Penyesuaian kebutuhan riil pelaksanaan kegiatan",
    "Sisa hasil pengadaan dialihkan ke sub kegiatan prioritas",
    "Efisiensi belanja perjalanan dinas",
    "Penyesuaian jadwal pelaksanaan kegiatan",
)
PERUBAHAN_REASONS = (
    "Penyesuaian pagu sesuai kebijakan umum perubahan APBD",
    "Rasionalisasi anggaran karena penurunan pendapatan daerah",
    "Tambahan anggaran untuk program prioritas daerah",
    "Sisa lelang tidak digunakan",
    "Kegiatan tidak dapat dilaksanakan pada tahun berjalan",
    "Penambahan target sesuai kebutuhan masyarakat",
)
NOTES = (
    "Realisasi rendah karena proses pengadaan belum selesai",
    "Menunggu petunjuk teknis dari kementerian",
    "Kegiatan dilaksanakan sesuai jadwal",
    "Pembayaran dilakukan setelah serah terima pekerjaan",
    "Terdapat efisiensi dari hasil lelang",
    "Capaian fisik melebihi target karena tingginya partisipasi masyarakat",
    "Kendala cuaca menghambat pelaksanaan di lapangan",
)


def subject(program_name: str) -> str:
    """'PROGRAM PENGELOLAAN PERSAMPAHAN' -> 'Pengelolaan Persampahan'."""
    words = program_name.removeprefix("PROGRAM ").split()
    small = {"DAN", "ATAU", "DI", "KE", "DARI", "YANG", "UNTUK", "DALAM", "BIDANG"}
    return " ".join(w.lower() if w in small else w.capitalize() for w in words)

"""Word lists for the demo warung: product lines by category, suppliers, customers and the shop's identity.

Brand words are invented, generic Indonesian words; none is meant to be a real trademark.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

SHOP_NAME: Final = "Warung Bu Sri"
SHOP_OWNER: Final = "Sri Wahyuni"
SHOP_ADDRESS: Final = "Jl. Diponegoro No. 27, Kauman, Ungaran, Kabupaten Semarang, Jawa Tengah 50511"
SHOP_PHONE: Final = "0812-2645-7781"
OWNER_NAME: Final = "Bu Sri"
OWNER_PIN: Final = "1234"
CASHIER_NAME: Final = "Dewi"
CASHIER_PIN: Final = "5678"
# The demo warung's static QRIS: invented account and merchant numbers (no bank issued them), as a QRIS sticker
# would carry them, so the payment panel shows a code; paying it would reach nobody.
QRIS_ACQUIRER: Final = "936009990012345678"
QRIS_NMID: Final = "ID2026112300042"
QRIS_NAME: Final = "WARUNG BU SRI"
QRIS_CITY: Final = "UNGARAN"
QRIS_POSTAL: Final = "50511"

# Share of a warung's product list each category takes (parts of 100).
CATEGORY_SHARE: Final = {
    "Sembako": 10,
    "Minuman": 15,
    "Makanan ringan": 17,
    "Mi instan": 7,
    "Bumbu dapur": 9,
    "Rokok": 6,
    "Sabun & kebersihan": 11,
    "Obat & kesehatan": 6,
    "Kebutuhan bayi": 5,
    "Gas & air galon": 2,
    "Alat tulis": 6,
    "Es & frozen": 6,
}

CATEGORIES: Final = (
    "Sembako",
    "Minuman",
    "Makanan ringan",
    "Mi instan",
    "Bumbu dapur",
    "Rokok",
    "Sabun & kebersihan",
    "Obat & kesehatan",
    "Kebutuhan bayi",
    "Gas & air galon",
    "Alat tulis",
    "Es & frozen",
)


@dataclass(frozen=True, slots=True)
class Supplier:
    name: str
    phone: str
    address: str
    categories: tuple[str, ...]
    paid_with: str  # how goods from them are paid: cash, bank, or credit (tempo)


SUPPLIERS: Final = (
    Supplier(
        "CV Sumber Rejeki",
        "024-6921-455",
        "Jl. Gatot Subroto No. 88, Ungaran",
        ("Sembako", "Bumbu dapur", "Mi instan"),
        "credit",
    ),
    Supplier(
        "Toko Grosir Makmur",
        "0813-9012-3344",
        "Pasar Babadan Blok C-12, Ungaran",
        ("Makanan ringan", "Sabun & kebersihan", "Alat tulis", "Kebutuhan bayi", "Obat & kesehatan"),
        "cash",
    ),
    Supplier(
        "UD Tirta Segar",
        "0857-4123-9087",
        "Jl. Raya Semarang-Bawen Km 21, Bergas",
        ("Minuman", "Gas & air galon", "Es & frozen"),
        "bank",
    ),
    Supplier("PT Sinar Niaga Distribusi", "024-7650-1122", "Jl. Majapahit No. 301, Semarang", ("Rokok",), "credit"),
)


@dataclass(frozen=True, slots=True)
class Line:
    """A product line: names are base + brand + variant + size, priced around each size's typical price."""

    category: str
    base: str
    brands: tuple[str, ...]
    variants: tuple[str, ...]
    sizes: tuple[tuple[str, int], ...]  # (size as printed, typical shelf price in rupiah)
    popularity: int = 3  # 1 (rarely sold) to 10 (sold all day)
    carton: int = 0  # pieces in a carton or pack of the first size; 0 when sold by the piece only
    unit: str = "pcs"
    ppn_exempt: bool = False
    more_brands: bool = True  # False where a shop stocks only a few brands (gas, galon water, ice)


@dataclass(frozen=True, slots=True)
class Weighed:
    """A loose item weighed on the scale, with the item code its labels carry."""

    category: str
    name: str
    plu: str
    price_per_kg: int
    popularity: int
    sack_kg: int  # what one delivery holds


WEIGHED: Final = (
    Weighed("Sembako", "Gula Pasir Curah", "00101", 17_500, 6, 50),
    Weighed("Sembako", "Telur Ayam Negeri", "00102", 28_000, 8, 15),
    Weighed("Sembako", "Beras Curah", "00103", 13_000, 6, 50),
)

LINES: Final = (
    # Sembako
    Line(
        "Sembako",
        "Beras",
        ("Cap Padi Emas", "Sawah Subur", "Cap Kembang"),
        ("Premium", "Medium", "Pandan Wangi"),
        (("5 kg", 72_000), ("10 kg", 140_000), ("2,5 kg", 37_000)),
        5,
        ppn_exempt=True,
    ),
    Line(
        "Sembako",
        "Gula Pasir",
        ("Manis Jaya", "Tebu Mas", ""),
        ("",),
        (("1 kg", 18_500), ("1/2 kg", 9_500)),
        7,
        ppn_exempt=True,
    ),
    Line(
        "Sembako",
        "Minyak Goreng",
        ("Sawit Emas", "Tropis Sari", "Kelapa Jaya"),
        ("", "Premium"),
        (("1 L", 19_000), ("2 L", 37_000), ("Pouch 500 ml", 10_000)),
        7,
        carton=12,
    ),
    Line(
        "Sembako",
        "Tepung Terigu",
        ("Gandum Mas", "Roda Tani"),
        ("Serbaguna", "Protein Tinggi"),
        (("1 kg", 13_000), ("500 g", 7_000)),
        3,
    ),
    Line(
        "Sembako",
        "Susu Kental Manis",
        ("Sapi Putih", "Lembu Sari"),
        ("Putih", "Cokelat"),
        (("370 g", 12_500), ("Sachet 40 g", 2_000)),
        4,
        carton=6,
    ),
    Line("Sembako", "Margarin", ("Mentari", "Kuning Mas"), ("Serbaguna",), (("200 g", 8_500), ("1 kg", 32_000)), 2),
    # Minuman
    Line(
        "Minuman",
        "Air Mineral",
        ("Tirta Murni", "Sumber Segar", "Gunung Jernih"),
        ("",),
        (("600 ml", 3_500), ("1,5 L", 6_500), ("330 ml", 2_500)),
        9,
        carton=24,
    ),
    Line("Minuman", "Teh Celup", ("Daun Hijau", "Kebun Teh"), ("Melati", "Original", "Hijau"), (("25s", 7_500),), 4),
    Line(
        "Minuman",
        "Teh Kotak",
        ("Daun Hijau", "Kebun Teh"),
        ("Melati", "Apel", "Less Sugar"),
        (("200 ml", 3_500), ("300 ml", 5_000)),
        6,
        carton=24,
    ),
    Line(
        "Minuman",
        "Kopi Sachet",
        ("Biji Mas", "Tugu Jawa", "Lereng Merapi"),
        ("Susu", "Hitam", "Mocca", "Gula Aren"),
        (("10x20 g", 14_000), ("20 g", 1_500)),
        8,
    ),
    Line(
        "Minuman",
        "Susu UHT",
        ("Lembu Sari", "Sapi Putih"),
        ("Cokelat", "Stroberi", "Full Cream"),
        (("200 ml", 6_000), ("1 L", 19_500)),
        5,
        carton=24,
    ),
    Line("Minuman", "Sirup", ("Manis Jaya", "Taman Buah"), ("Melon", "Jeruk", "Cocopandan"), (("460 ml", 18_000),), 2),
    Line(
        "Minuman",
        "Minuman Serbuk",
        ("Segar Sari", "Jeruk Peras"),
        ("Rasa Jeruk", "Rasa Mangga", "Rasa Anggur"),
        (("10 sachet", 10_000), ("1 sachet", 1_000)),
        5,
    ),
    Line(
        "Minuman",
        "Minuman Soda",
        ("Gelembung", "Segar Dingin"),
        ("Stroberi", "Leci", "Kola"),
        (("330 ml", 7_000), ("1,5 L", 15_000)),
        3,
    ),
    # Makanan ringan
    Line(
        "Makanan ringan",
        "Keripik Kentang",
        ("Renyah", "Krispi Jaya", "Si Gurih"),
        ("Original", "Balado", "Keju", "Rumput Laut"),
        (("68 g", 10_500), ("35 g", 5_500), ("15 g", 2_000)),
        6,
    ),
    Line(
        "Makanan ringan",
        "Keripik Singkong",
        ("Renyah", "Si Gurih", "Dapur Ibu"),
        ("Pedas", "Asin", "Balado"),
        (("100 g", 8_000), ("250 g", 17_500)),
        4,
    ),
    Line("Makanan ringan", "Biskuit Kelapa", ("Kaleng Merah", "Sari Gandum"), ("",), (("300 g", 12_000),), 3),
    Line(
        "Makanan ringan",
        "Wafer",
        ("Krispi Jaya", "Lapis Manis"),
        ("Cokelat", "Vanila", "Keju"),
        (("25 g", 2_000), ("130 g", 9_000)),
        6,
        carton=20,
    ),
    Line("Makanan ringan", "Roti Tawar", ("Pagi Hangat", "Oven Desa"), ("Kupas", "Gandum"), (("400 g", 15_000),), 4),
    Line("Makanan ringan", "Kacang Atom", ("Si Gurih", "Dapur Ibu"), ("Pedas", "Original"), (("100 g", 7_500),), 3),
    Line(
        "Makanan ringan",
        "Permen",
        ("Manis Jaya", "Segar Dingin"),
        ("Mint", "Kopi", "Jahe"),
        (("isi 50", 9_500), ("isi 10", 2_000)),
        4,
    ),
    Line(
        "Makanan ringan",
        "Cokelat Batang",
        ("Lapis Manis", "Kakao Jaya"),
        ("Susu", "Kacang"),
        (("35 g", 7_500), ("62 g", 12_500)),
        3,
    ),
    # Mi instan
    Line(
        "Mi instan",
        "Mi Goreng",
        ("Selera", "Pelangi", "Nusa Rasa", ""),
        ("Rasa Ayam", "Rasa Rendang", "Pedas Manis", "Original", "Rasa Sate"),
        (("85 g", 3_500),),
        10,
        carton=40,
    ),
    Line(
        "Mi instan",
        "Mi Kuah",
        ("Selera", "Pelangi", "Nusa Rasa"),
        ("Rasa Soto", "Rasa Ayam Bawang", "Rasa Kari Ayam", "Rasa Baso Sapi"),
        (("70 g", 3_000),),
        9,
        carton=40,
    ),
    Line(
        "Mi instan",
        "Mi Cup",
        ("Selera", "Pelangi"),
        ("Rasa Ayam", "Rasa Soto", "Pedas"),
        (("60 g", 5_500),),
        4,
        carton=24,
    ),
    Line("Mi instan", "Bihun Instan", ("Nusa Rasa", "Beras Emas"), ("Rasa Soto", "Goreng"), (("55 g", 3_000),), 3),
    # Bumbu dapur
    Line(
        "Bumbu dapur",
        "Kecap Manis",
        ("Cap Perahu", "Cap Kembang", "Kedelai Hitam"),
        ("",),
        (("135 ml", 7_000), ("275 ml", 13_500), ("520 ml", 23_000)),
        6,
    ),
    Line(
        "Bumbu dapur",
        "Saus Sambal",
        ("Cap Perahu", "Cabe Rawit"),
        ("Pedas", "Extra Pedas"),
        (("135 ml", 8_000), ("340 ml", 15_500)),
        4,
    ),
    Line(
        "Bumbu dapur",
        "Penyedap Rasa",
        ("Dapur Ibu", "Sedap Sari"),
        ("Sapi", "Ayam"),
        (("Sachet 9 g", 1_000), ("100 g", 6_500)),
        6,
    ),
    Line(
        "Bumbu dapur",
        "Bumbu Instan",
        ("Dapur Ibu", "Rempah Nusa"),
        ("Nasi Goreng", "Rendang", "Opor", "Soto"),
        (("Sachet", 3_500),),
        5,
    ),
    Line(
        "Bumbu dapur", "Merica Bubuk", ("Rempah Nusa", "Dapur Ibu"), ("",), (("Sachet 4 g", 1_000), ("25 g", 5_000)), 3
    ),
    Line(
        "Bumbu dapur",
        "Garam Beryodium",
        ("Laut Biru", "Cap Perahu"),
        ("Halus",),
        (("250 g", 3_000),),
        4,
        ppn_exempt=True,
    ),
    Line("Bumbu dapur", "Terasi Udang", ("Pantai Rembang", ""), ("",), (("Batang 10 g", 1_000),), 2),
    # Rokok
    Line(
        "Rokok",
        "Rokok Kretek",
        ("Tembakau Sari", "Kretek Jaya", "Cengkeh Emas"),
        ("Filter 12", "Kretek 12"),
        (("Bungkus", 24_000),),
        8,
        carton=10,
    ),
    Line(
        "Rokok",
        "Rokok Mild",
        ("Tembakau Sari", "Kretek Jaya", "Cengkeh Emas"),
        ("16",),
        (("Bungkus", 31_500),),
        8,
        carton=10,
    ),
    Line("Rokok", "Korek Api Gas", ("Nyala Api", ""), ("",), (("Pcs", 3_000),), 4),
    # Sabun & kebersihan
    Line(
        "Sabun & kebersihan",
        "Sabun Mandi Batang",
        ("Harum Sari", "Bunga Desa"),
        ("Lemon", "Mawar", "Sirih", "Susu"),
        (("80 g", 4_000), ("110 g", 5_500)),
        5,
    ),
    Line(
        "Sabun & kebersihan",
        "Sabun Cuci Piring",
        ("Bening", "Jeruk Nipis"),
        ("",),
        (("Pouch 400 ml", 7_500), ("800 ml", 15_000)),
        5,
    ),
    Line(
        "Sabun & kebersihan",
        "Deterjen Bubuk",
        ("Bersih Kilat", "Wangi Alam"),
        ("Lavender", "Pagi Segar"),
        (("800 g", 20_000), ("250 g", 6_000)),
        5,
    ),
    Line(
        "Sabun & kebersihan",
        "Sampo",
        ("Wangi Alam", "Rambut Indah"),
        ("Lidah Buaya", "Anti Ketombe", "Urang Aring"),
        (("Sachet 10 ml", 1_000), ("170 ml", 22_000)),
        5,
    ),
    Line(
        "Sabun & kebersihan",
        "Pasta Gigi",
        ("Gigi Putih", "Senyum Sehat"),
        ("Herbal", "Mint"),
        (("120 g", 12_000), ("190 g", 18_000)),
        4,
    ),
    Line(
        "Sabun & kebersihan",
        "Pewangi Pakaian",
        ("Wangi Alam", "Bunga Desa"),
        ("Pink", "Biru"),
        (("Pouch 900 ml", 17_000),),
        3,
    ),
    Line("Sabun & kebersihan", "Tisu Wajah", ("Lembut", "Awan Putih"), ("",), (("250 lembar", 12_000),), 3),
    # Obat & kesehatan
    Line("Obat & kesehatan", "Obat Sakit Kepala", ("Sehat Sentosa", "Husada"), ("Tablet",), (("Strip 4", 2_500),), 4),
    Line(
        "Obat & kesehatan",
        "Obat Masuk Angin Cair",
        ("Jamu Nusa", "Husada"),
        ("Madu", "Jahe"),
        (("Sachet 15 ml", 3_500),),
        5,
        carton=12,
    ),
    Line(
        "Obat & kesehatan",
        "Minyak Kayu Putih",
        ("Husada", "Daun Kayu"),
        ("",),
        (("60 ml", 24_000), ("30 ml", 13_000)),
        3,
    ),
    Line("Obat & kesehatan", "Balsem", ("Hangat Sari", "Husada"), ("Panas", "Lembut"), (("10 g", 6_000),), 2),
    Line("Obat & kesehatan", "Plester Luka", ("Sehat Sentosa",), ("",), (("Isi 10", 5_000),), 2),
    Line("Obat & kesehatan", "Vitamin C 500 mg", ("Sehat Sentosa", "Husada"), ("",), (("Strip 4", 4_000),), 3),
    # Kebutuhan bayi
    Line(
        "Kebutuhan bayi",
        "Popok Bayi Celana",
        ("Buah Hati", "Ibu Sayang"),
        ("M 10s", "L 10s", "XL 10s"),
        (("", 32_000),),
        4,
    ),
    Line("Kebutuhan bayi", "Bedak Bayi", ("Buah Hati", "Ibu Sayang"), ("",), (("100 g", 10_000),), 2),
    Line("Kebutuhan bayi", "Minyak Telon", ("Ibu Sayang", "Hangat Sari"), ("",), (("60 ml", 22_000),), 2),
    Line("Kebutuhan bayi", "Tisu Basah Bayi", ("Buah Hati", "Lembut"), ("",), (("Isi 50", 12_000),), 2),
    Line("Kebutuhan bayi", "Bubur Bayi Instan", ("Buah Hati",), ("Beras Merah", "Pisang"), (("120 g", 15_000),), 2),
    # Gas & air galon
    Line(
        "Gas & air galon",
        "Gas LPG",
        ("",),
        ("",),
        (("3 kg isi ulang", 22_000), ("12 kg isi ulang", 210_000)),
        6,
        more_brands=False,
    ),
    Line("Gas & air galon", "Air Galon", ("Tirta Murni", "Isi Ulang"), ("",), (("19 L", 6_000),), 6, more_brands=False),
    # Alat tulis
    Line(
        "Alat tulis",
        "Buku Tulis",
        ("Pena Mas", "Cakrawala"),
        ("",),
        (("38 lembar", 3_500), ("58 lembar", 5_000)),
        3,
        carton=10,
    ),
    Line("Alat tulis", "Pulpen", ("Pena Mas", "Cakrawala"), ("Hitam", "Biru"), (("0,5 mm", 2_500),), 3),
    Line("Alat tulis", "Pensil", ("Cakrawala",), ("2B", "HB"), (("Pcs", 2_000),), 2),
    Line("Alat tulis", "Penghapus", ("Cakrawala", "Pena Mas"), ("",), (("Pcs", 1_500),), 2),
    Line("Alat tulis", "Amplop Putih", ("Pena Mas",), ("Panjang",), (("Isi 10", 4_000),), 1),
    # Es & frozen
    Line(
        "Es & frozen",
        "Es Krim Stik",
        ("Kutub", "Salju"),
        ("Cokelat", "Vanila", "Stroberi", "Kacang Hijau"),
        (("60 ml", 4_000),),
        5,
    ),
    Line("Es & frozen", "Nugget Ayam", ("Peternak Jaya", "Dapur Ibu"), ("Original", "Stik"), (("500 g", 32_000),), 2),
    Line("Es & frozen", "Sosis Sapi", ("Peternak Jaya",), ("Bakar", "Original"), (("375 g", 29_000),), 2),
    Line("Es & frozen", "Es Batu Kristal", ("",), ("",), (("1 kg", 3_000),), 4, more_brands=False),
)

# Further brand words for catalogues larger than the lines above can name.
BRAND_FIRST: Final = (
    "Sari",
    "Jaya",
    "Mekar",
    "Tunas",
    "Sinar",
    "Cahaya",
    "Mulia",
    "Berkah",
    "Subur",
    "Makmur",
    "Lestari",
    "Bintang",
)
BRAND_SECOND: Final = ("Abadi", "Utama", "Murni", "Indah", "Sentosa", "Agung", "Alam", "Baru", "Mandiri", "Nusa")

CUSTOMER_TITLES: Final = ("Bu", "Pak", "Mbak", "Mas")
CUSTOMER_NAMES: Final = {
    "Bu": ("Ani", "Siti", "Wati", "Yanti", "Endang", "Tuti", "Ratna", "Darmi", "Lilis", "Parmi", "Sumi", "Nining"),
    "Pak": ("Budi", "Joko", "Slamet", "Agus", "Bambang", "Sugeng", "Darto", "Rahmat", "Tarno", "Harjo", "Wawan"),
    "Mbak": ("Rina", "Fitri", "Yuni", "Nur", "Dwi", "Lestari", "Eka", "Indah", "Novi"),
    "Mas": ("Eko", "Dedi", "Hendra", "Wahyu", "Imam", "Fajar", "Rizki", "Bayu", "Andi"),
}
STREETS: Final = ("Jl. Melati", "Jl. Kenanga", "Gg. Mawar", "Jl. Flamboyan", "Gg. Anggrek", "Jl. Cempaka", "Gg. Dahlia")
CREDIT_LIMITS: Final = (100_000, 200_000, 250_000, 300_000, 500_000, 750_000, 1_000_000)

EXPENSE_NOTES: Final = {
    "sewa": "Sewa kios bulan ini",
    "listrik_air": "Token listrik",
    "air": "Tagihan PDAM",
    "gaji": "Gaji mingguan Dewi",
    "transport": "Ongkos angkut kulakan",
    "lain": "Beli kantong plastik",
}
RETURN_REASONS: Final = ("Kemasan rusak", "Salah beli, belum dibuka", "Kedaluwarsa")
VOID_REASONS: Final = ("Salah input kasir", "Pembeli batal")

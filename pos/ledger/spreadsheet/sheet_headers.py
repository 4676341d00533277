"""The one table of header names a spreadsheet may use for each column Laci reads, per kind of sheet.

Headers match ignoring case, spaces, punctuation and a bracketed note, so "Harga Jual (Rp)", "harga_jual" and
"HARGA JUAL*" are one header. Besides Laci's own names the table holds the common Indonesian spellings and what
the apps shops move from write in their exports and templates:

- iPos 5 item import: Kode Item, Barcode, Nama Item, Jenis, Merek, Satuan, Harga Pokok, Harga Jual, Stok awal,
  Stok Minimum (from its manual);
- Moka item library: Item Name, Variant Name, Category, SKU, Price, In Stock, Alert at; Moka keeps the barcode in
  the SKU field, which the import offers as a barcode when it is a valid EAN or UPC;
- Majoo, Qasir, Pawoon, Olsera, iReap and Kasir Pintar product lists: Nama Produk, Kode Produk, Kategori or Grup
  Produk, Harga Jual, Harga Modal, Harga Beli or Harga Dasar (Kasir Pintar's cost), Stok, Stok Minimal;
- BukuWarung and warung notebooks for customers and suppliers: Nama, No. HP, Sisa Utang, Kasbon, Jatuh Tempo.

A column named "Kasbon" on a customer sheet is what the customer owes today, never the credit limit.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Final

Aliases = Mapping[str, tuple[str, ...]]

_NAME: Final = ("nama", "name")
_PHONE: Final = (
    "telepon", "telp", "tel", "telpon", "hp", "nohp", "nomorhp", "notelp", "notelepon", "nomortelepon", "notlp",
    "handphone", "nohandphone", "phone", "phonenumber", "mobile", "wa", "nowa", "nomorwa", "whatsapp", "kontak",
)  # fmt: skip
_ADDRESS: Final = ("alamat", "alamatlengkap", "address")

PRODUCT_ALIASES: Final[dict[str, tuple[str, ...]]] = {
    "nama": (
        *_NAME, "namaproduk", "namabarang", "namaitem", "namamenu", "produk", "barang", "item", "menu",
        "productname", "product", "itemname",
    ),
    # Moka and Majoo export each variant on its own row beside its item's name; Laci sells it as "Item Variant".
    "varian": ("varian", "namavarian", "variant", "variantname", "variasi"),
    "sku": (
        "sku", "kodesku", "kodebarang", "kodeproduk", "kodeitem", "kode", "code", "productcode", "itemcode",
        "skuproduk",
    ),
    "barcode": ("barcode", "barcodes", "barkode", "kodebatang", "kodebarcode", "ean", "gtin", "upc"),
    "kategori": (
        "kategori", "kategoriproduk", "category", "categoryname", "kelompok", "jenis", "jenisbarang", "golongan",
        "group", "grup", "grupproduk", "productgroup", "itemgroup",
    ),
    "satuan": ("satuan", "satuandasar", "unit", "uom"),
    "harga_jual": (
        "hargajual", "harga", "hargaecer", "hargajual1", "hargajualsatuan1", "price", "sellingprice", "saleprice",
        "retailprice", "sellprice",
    ),
    "harga_modal": (
        "hargamodal", "modal", "hargabeli", "hargapokok", "hargadasar", "hpp", "cost", "costprice", "purchaseprice",
        "buyprice", "capitalprice", "hargapokoksatuan1",
    ),
    "stok_minimum": (
        "stokminimum", "stokmin", "stokminimal", "minimalstok", "minstok", "minimumstok", "batasstok", "lowstock",
        "minstock", "alertat", "stockalert", "reorderpoint",
    ),
    # What is on the shelf today: brought in with the opening balances, never as a stock-take difference.
    "stok": (
        "stok", "stock", "stokawal", "stokawalsatuandasar", "stoksaatini", "sisastok", "jumlahstok", "instock",
        "onhand", "currentstock", "stockquantity", "qty", "kuantitas",
    ),
    "kena_ppn": ("kenappn", "ppn", "pajak", "taxable", "tax", "vat"),
    "barcode_karton": ("barcodekarton", "barcodedus", "barcodepak", "barcodepack", "cartonbarcode", "packbarcode"),
    "isi_karton": ("isikarton", "isidus", "isipak", "isipack", "cartonsize", "packsize", "unitspercarton"),
    "harga_karton": ("hargakarton", "hargadus", "hargapak", "hargapack", "cartonprice", "packprice"),
    "plu": ("plu", "kodeplu", "kodetimbangan", "scalecode"),
    "ditimbang": ("ditimbang", "timbang", "timbangan", "weighed", "byweight", "soldbyweight"),
    # Wholesale steps, `12: 3.200; 40: 3.000` (see price_columns); a customer group's price has its own column.
    "harga_grosir": (
        "hargagrosir", "grosir", "hargabertingkat", "hargatingkat", "hargaqty", "hargajumlah", "wholesaleprice",
        "wholesale", "tieredprice", "tierprice", "quantityprice",
    ),
    "harga_grosir_karton": (
        "hargagrosirkarton", "grosirkarton", "hargagrosirdus", "grosirdus", "cartonwholesaleprice",
        "wholesalecartonprice",
    ),
    # Variants, recipes and add-ons (see kinds_columns).
    "induk": ("induk", "produkinduk", "parent", "parentproduct"),
    "opsi": ("opsi", "opsivarian", "options"),
    "nilai_opsi": ("nilaiopsi", "optionvalues"),
    "resep": ("resep", "bahan", "recipe", "ingredients"),
    "dibuat_pesanan": ("dibuatpesanan", "dibuatsaatdipesan", "madetoorder"),
    "tambahan": ("tambahan", "gruptambahan", "addons", "modifiers"),
}  # fmt: skip

_OWED: Final = (
    "sisautang", "utang", "hutang", "sisahutang", "totalutang", "totalhutang", "jumlahutang", "jumlahhutang",
    "saldoutang", "tagihan", "sisatagihan", "owed", "outstanding", "amountdue", "balancedue",
)  # fmt: skip
_SINCE: Final = ("tanggal", "tgl", "tanggalutang", "tglutang", "sejak", "tanggaltransaksi", "date", "since")

CUSTOMER_ALIASES: Final[dict[str, tuple[str, ...]]] = {
    "nama": (*_NAME, "namapelanggan", "pelanggan", "namacustomer", "customer", "customername", "namakontak"),
    "telepon": _PHONE,
    "alamat": _ADDRESS,
    "batas_kasbon": (
        "bataskasbon", "limitkasbon", "limit", "bataskredit", "plafon", "creditlimit", "batasutang", "limitutang",
    ),
    # What the customer owes today (BukuWarung's "Utang", a warung's "Kasbon" or "Sisa Utang").
    "utang": (*_OWED, "kasbon", "sisakasbon", "saldokasbon", "piutang", "sisapiutang", "bon", "sisabon"),
    "tanggal": (*_SINCE, "tanggalkasbon", "tglkasbon", "tanggalbon"),
}  # fmt: skip

SUPPLIER_ALIASES: Final[dict[str, tuple[str, ...]]] = {
    "nama": (
        *_NAME, "namasupplier", "namasuplier", "namapemasok", "supplier", "suplier", "pemasok", "vendor",
        "vendorname", "distributor", "namadistributor", "agen",
    ),
    "telepon": _PHONE,
    "alamat": _ADDRESS,
    # What the shop owes the supplier today, and when it is to be paid.
    "utang": (*_OWED, "utangusaha", "payable", "bon"),
    "jatuh_tempo": ("jatuhtempo", "tanggaljatuhtempo", "tgljatuhtempo", "tempo", "duedate", "due", "bayarsebelum"),
}  # fmt: skip


def norm_header(value: object) -> str:
    """A header as the alias table spells it: bracketed notes dropped, then only lower-case letters and digits."""
    text = re.sub(r"\(.*?\)|\[.*?\]", "", str(value or "")).casefold()
    return re.sub(r"[^0-9a-z]", "", text)

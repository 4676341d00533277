"""Codes of the SAK EMKM accounts the services post to (the chart itself is seeded by the first migration)."""

from __future__ import annotations

from typing import Final

KAS: Final = "1-100"
BANK: Final = "1-110"
QRIS: Final = "1-120"
EWALLET: Final = "1-130"
PIUTANG: Final = "1-200"
PIUTANG_PLATFORM: Final = "1-210"  # what delivery platforms and marketplaces collected for the shop
PERSEDIAAN: Final = "1-300"
PERALATAN: Final = "1-500"
AKUMULASI_PENYUSUTAN: Final = "1-510"  # equipment's depreciation so far, shown as a deduction from it
ASET_LAIN: Final = "1-900"
UTANG_USAHA: Final = "2-100"
UTANG_TITIPAN: Final = "2-110"  # what the shop owes consignors for their goods it sold (titip jual)
UTANG_PAJAK: Final = "2-200"
UTANG_PPH_FINAL: Final = "2-210"
UANG_MUKA: Final = "2-300"  # customers' down payments on orders, and credit they keep with the shop
UTANG_PINJAMAN: Final = "2-400"  # bank loans (KUR) and money borrowed from family
MODAL: Final = "3-100"
PRIVE: Final = "3-200"
SALDO_LABA: Final = "3-300"
# What the opening entry balances against: the owner's capital the day the books start, assets less debts.
EKUITAS_SALDO_AWAL: Final = "3-900"
PENDAPATAN: Final = "4-100"
POTONGAN: Final = "4-200"
PENDAPATAN_ONGKIR: Final = "4-300"
PENDAPATAN_KOMISI_TITIP: Final = "4-400"  # the shop's share of consigned goods it sold
PENDAPATAN_LAIN: Final = "4-900"
HPP: Final = "5-100"
BEBAN_GAJI: Final = "6-100"
BEBAN_SEWA: Final = "6-200"
BEBAN_LISTRIK_AIR: Final = "6-300"
BEBAN_TRANSPORT: Final = "6-400"
BEBAN_KOMISI: Final = "6-500"  # what a platform keeps of each sale
BEBAN_PENYUSUTAN: Final = "6-600"
SELISIH_PERSEDIAAN: Final = "6-800"
BEBAN_LAIN: Final = "6-900"
SELISIH_KAS: Final = "7-100"
PEMBULATAN: Final = "7-200"
BEBAN_KEUANGAN: Final = "7-300"  # finance costs: loan interest and bank charges, a line of its own on the laba rugi
BEBAN_PPH_FINAL: Final = "8-100"

# The accounts of the chart's "revenue" and "cogs" sections: gross profit is what the first keep less the second.
# The owner's web, which holds no chart, sums these; a test checks them against the chart's sections.
SALES_REVENUE_ACCOUNTS: Final = (PENDAPATAN, POTONGAN, PENDAPATAN_ONGKIR, PENDAPATAN_KOMISI_TITIP)
COST_OF_SALES_ACCOUNTS: Final = (HPP,)

# Where the money of each payment method lands.
PAYMENT_ACCOUNTS: Final = {
    "cash": KAS,
    "qris": QRIS,
    "transfer": BANK,
    "ewallet": EWALLET,
    "kasbon": PIUTANG,
    "platform": PIUTANG_PLATFORM,
    "deposit": UANG_MUKA,
    "credit": UANG_MUKA,  # the customer's own credit (titipan), with the customer as the party
}

# Expense categories an owner picks from, and the account each books to.
EXPENSE_ACCOUNTS: Final = {
    "gaji": BEBAN_GAJI,
    "sewa": BEBAN_SEWA,
    "listrik_air": BEBAN_LISTRIK_AIR,
    "transport": BEBAN_TRANSPORT,
    "keuangan": BEBAN_KEUANGAN,  # loan interest, bank charges
    "lain": BEBAN_LAIN,
}

# Accounts money can be paid from or moved between.
MONEY_ACCOUNTS: Final = (KAS, BANK, QRIS, EWALLET)

"""`laci channel`, `laci order`, `laci report channels` and `laci outreach`, run as a shopkeeper's terminal would."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import pytest
from cli_support import laci

from pos.ledger.base.clock import business_date, utc_now
from pos.ledger.base.money import Money
from pos.ledger.books.approvals import Actor
from pos.ledger.channels.channels import price_for_channel
from pos.ledger.counter.cart import Cart, line_for_scan
from pos.ledger.counter.shifts import open_shift
from pos.ledger.people.users import list_users
from pos.ledger.selling.sales import ring_up
from pos.ledger.shop.opening import open_database
from pos.ledger.stock.barcodes import DEFAULT_FORMATS, ean13_with_check

NASI = ean13_with_check("899000000901")
TEH = ean13_with_check("899000000902")


def run(shop: Path, *args: str) -> str:
    result = laci("--lang", "en", "--data-dir", str(shop), *args)
    assert result.returncode == 0, result.stderr
    return result.stdout


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A warung with nasi goreng (Rp 20.000) and es teh (Rp 5.000), GoFood at 20% commission and +20% prices.

    Made once through the commands, as a shopkeeper would; each test works on a copy of its folder.
    """
    folder = tmp_path_factory.mktemp("made")
    data = folder / "shop"
    made = laci("--data-dir", str(data), "init", "--shop-name", "Warung", "--owner", "Bu Sri", stdin="2468\n")
    assert made.returncode == 0, made.stderr
    sheet = folder / "menu.csv"
    with sheet.open("w", encoding="utf-8-sig", newline="") as out:
        csv.writer(out, delimiter=";").writerows(
            [
                ["Nama", "Barcode", "Harga Jual", "Harga Modal"],
                ["Nasi goreng", NASI, "20000", "12000"],
                ["Es teh", TEH, "5000", "1500"],
            ]
        )
    run(data, "import", "products", str(sheet))
    run(data, "channel", "edit", "gofood", "--commission", "20", "--markup", "20", "--round", "500")
    return data


@pytest.fixture
def shop(made: Path, tmp_path: Path) -> Path:
    return Path(shutil.copytree(made, tmp_path / "shop"))


def open_counter(shop: Path) -> Actor:
    """The owner opens a shift on this counter, as the counter screen would."""
    db = open_database(shop / "laci.sqlite3")
    try:
        with db.write() as s:
            owner = next(u for u in list_users(s) if u.role == "owner")
            actor = Actor(owner.id, owner.name, "owner")
            open_shift(s, actor, Money(100_000))
        return actor
    finally:
        db.dispose()


def sell_on_gofood(shop: Path, actor: Actor) -> None:
    db = open_database(shop / "laci.sqlite3")
    try:
        with db.write() as s:
            cart = Cart()
            cart.add(line_for_scan(s, NASI, DEFAULT_FORMATS))
            cart.add(line_for_scan(s, TEH, DEFAULT_FORMATS))
            ring_up(s, actor, price_for_channel(s, cart, "gofood"), [], channel="gofood")
    finally:
        db.dispose()


def test_channels_their_prices_a_gofood_payout_and_the_channel_report(shop: Path) -> None:
    run(shop, "channel", "price", "gofood", NASI, "25.000")
    added = run(shop, "channel", "add", "Grab Mart", "--kind", "delivery", "--commission", "12,5")
    assert "Channel Grab Mart added with code grabmart." in added
    sell_on_gofood(shop, open_counter(shop))  # nasi at its set Rp 25.000, es teh +20% -> Rp 6.000
    listed = json.loads(run(shop, "channel", "list", "--json"))
    by_code = {c["code"]: c for c in listed}
    assert by_code["gofood"]["owed"] == 24_800 and by_code["grabmart"]["commission_bp"] == 1_250
    assert "GoFood" in run(shop, "channel", "list")

    today = business_date(utc_now()).isoformat()  # the shop's day, in WIB
    report = json.loads(run(shop, "report", "channels", "--from", today, "--to", today, "--json"))
    [gofood] = report["rows"]
    assert (gofood["channel"], gofood["total"], gofood["commission"], gofood["net"]) == (
        "gofood",
        31_000,
        6_200,
        24_800,
    )
    assert report["platforms"] == [{"channel": "gofood", "name": "GoFood", "settled": 0, "owed": 24_800}]
    assert "Sales by channel" in run(shop, "report", "channels", "--from", today, "--to", today)
    daily = json.loads(run(shop, "report", "daily", "--date", today, "--json"))
    assert daily["by_channel"][0]["commission"] == 6_200
    assert "GoFood" in run(shop, "report", "daily", "--date", today)

    owed = run(shop, "channel", "owed", "gofood")
    assert "Rp 24.800" in owed and "Total" in owed
    # GoFood paid Rp 300 less: refused until the owner says where the difference goes, with the figures.
    short = laci("--lang", "en", "--data-dir", str(shop), "channel", "settle", "gofood", "24.500")
    assert short.returncode != 0
    assert "GoFood paid Rp 24.500 for sales that owe Rp 24.800: Rp 300 less." in short.stderr
    settled = run(
        shop,
        "channel",
        "settle",
        "gofood",
        "24.500",
        "--difference",
        "commission",
        "--reference",
        "GF-47",
        "--note",
        "Pencairan minggu 47",
    )
    assert "Rp 24.500 received for Rp 24.800 owed" in settled
    assert "The difference of Rp 300 is booked as GoFood's commission." in settled
    assert json.loads(run(shop, "channel", "list", "--json"))[3]["owed"] == 0
    # The same payout again, and a payout with nothing owed, are refused with the reason; nothing is booked.
    again = laci(
        "--lang", "en", "--data-dir", str(shop), "channel", "settle", "gofood", "24.500", "--reference", "GF-47"
    )
    assert again.returncode != 0 and "is already recorded" in again.stderr
    nothing = laci("--lang", "en", "--data-dir", str(shop), "channel", "settle", "gofood", "10000")
    assert nothing.returncode != 0 and "GoFood owes nothing for those sales" in nothing.stderr
    pnl = json.loads(run(shop, "report", "pnl", "--from", today, "--to", today, "--json"))
    [commission] = [x["amount"] for x in pnl["current"]["expenses"] if x["account"]["code"] == "6-500"]
    assert commission == 6_200 + 300
    assert laci("--data-dir", str(shop), "check").returncode == 0


def test_an_order_taken_followed_and_completed_and_another_cancelled(shop: Path) -> None:
    taken = json.loads(
        run(
            shop,
            "order",
            "new",
            "--customer",
            "Bu Ani",
            "--phone",
            "0812-1111-2222",
            "--address",
            "Jl. Melati 7",
            "--item",
            f"2*{NASI}",
            "--fee",
            "10000",
            "--deposit",
            "20000",
            "--deposit-method",
            "transfer",
            "--json",
        )
    )
    number = taken["number"]
    assert (taken["total"], taken["deposit"], taken["to_collect"]) == (50_000, 20_000, 30_000)
    assert number in run(shop, "order", "list")
    assert "On the way" in run(shop, "order", "status", number, "sent")
    refused = laci("--lang", "en", "--data-dir", str(shop), "order", "status", number, "done", "--pay", "cash:30000")
    assert refused.returncode == 4 and "No shift is open" in refused.stderr
    open_counter(shop)
    done = run(shop, "order", "status", number, "done", "--pay", "cash:50000")
    assert f"Order {number} is done" in done and "Change: Rp 20.000" in done
    assert run(shop, "order", "list").strip() == "No open orders."
    # Once done, the order says what was billed, what the down payment paid and what was collected.
    ended = run(shop, "order", "show", number)
    assert "Billed" in ended and "Rp 50.000" in ended and "Down payment used" in ended
    assert "Paid on delivery" in ended and "Rp 30.000" in ended and "To collect" not in ended
    assert "Money on this order:" in ended and "Bank transfer" in ended
    shown = json.loads(run(shop, "order", "show", number, "--json"))
    assert (shown["billed"], shown["used"], shown["collected"], shown["to_collect"]) == (50_000, 20_000, 30_000, 0)
    # Every slip previewed in the terminal, none queued.
    for slip, heading in (("order", "P E S A N A N"), ("delivery", "S U R A T"), ("receipt", "SALINAN")):
        shown_slip = laci("--data-dir", str(shop), "order", "print", number, "--slip", slip, "--printer", "preview:")
        assert shown_slip.returncode == 0, shown_slip.stderr
        assert heading in shown_slip.stdout
        if slip != "receipt":
            assert number in shown_slip.stdout and "SUDAH LUNAS" in shown_slip.stdout

    second = json.loads(
        run(shop, "order", "new", "--customer", "Bu Ani", "--item", TEH, "--deposit", "5000", "--json")
    )["number"]
    assert "Cancelled" in run(shop, "order", "status", second, "cancelled", "--deposit", "credit")
    shown = json.loads(run(shop, "order", "show", second, "--json"))
    assert (shown["status"], shown["deposit"], shown["taken"], shown["kept"], shown["to_collect"]) == (
        "cancelled",
        0,
        5_000,
        5_000,
        0,
    )
    cancelled = run(shop, "order", "show", second)
    assert "Kept as credit" in cancelled and "To collect" not in cancelled
    # In Indonesian the quantity and the amount are two different words, not two "Jumlah" columns.
    indonesian = laci("--data-dir", str(shop), "order", "show", second)
    [header] = [line for line in indonesian.stdout.splitlines() if line.startswith("Barang")]
    assert header.split() == ["Barang", "Jml", "Jumlah"]
    not_yet = laci(
        "--lang", "en", "--data-dir", str(shop), "order", "print", second, "--slip", "receipt", "--printer", "preview:"
    )
    assert not_yet.returncode == 4 and "has no receipt until it is done" in not_yet.stderr  # the state refuses it
    unknown = laci("--lang", "en", "--data-dir", str(shop), "order", "new", "--customer", "Nobody", "--item", TEH)
    assert unknown.returncode == 3 and "give --phone" in unknown.stderr
    assert laci("--data-dir", str(shop), "check").returncode == 0


def test_a_cancelled_order_pays_its_down_payment_back_the_way_it_came(shop: Path) -> None:
    open_counter(shop)
    number = json.loads(
        run(
            shop,
            "order",
            "new",
            "--customer",
            "Bu Ani",
            "--phone",
            "0812-1111-2222",
            "--item",
            TEH,
            "--deposit",
            "5000",
            "--deposit-method",
            "qris",
            "--json",
        )
    )["number"]
    assert "Cancelled" in run(shop, "order", "status", number, "cancelled")  # no --deposit, no --method
    money = run(shop, "order", "show", number).split("Money on this order:", 1)[1]
    assert [line for line in money.splitlines() if "QRIS" in line][1:], money  # taken by QRIS, paid back by QRIS
    assert "Cash" not in money


def test_outreach_prints_texts_and_links_and_respects_an_opt_out(shop: Path) -> None:
    run(shop, "order", "new", "--customer", "Bu Ani", "--phone", "0812-1111-2222", "--item", TEH, "--deposit", "5000")
    open_counter(shop)
    number = json.loads(run(shop, "order", "list", "--json"))[0]["number"]
    run(shop, "order", "status", number, "done")
    message = "Halo {nama}, terima kasih sudah belanja di {toko}!"
    top = run(shop, "outreach", "--top", "20", "--message", message)
    assert "Halo Bu Ani, terima kasih sudah belanja di Warung!" in top
    assert "https://wa.me/6281211112222?text=Halo%20Bu%20Ani%2C" in top
    lost = run(shop, "outreach", "--days", "30", "--message", message)
    assert "Nobody is on this list." in lost  # Bu Ani came today
    assert "will get no promotions" in run(shop, "outreach", "--opt-out", "Bu Ani")
    run(shop, "order", "new", "--customer", "Dedi Kurniawan", "--phone", "0813-1111-3333", "--item", TEH)
    run(shop, "order", "new", "--customer", "Pak Dedi", "--phone", "0813-2222-4444", "--item", TEH)
    which = laci("--lang", "en", "--data-dir", str(shop), "outreach", "--opt-out", "Dedi")
    assert which.returncode == 2
    assert "'Dedi' could be 2 customers: Dedi Kurniawan (0813-1111-3333), Pak Dedi (0813-2222-4444)." in which.stderr
    assert "Pak Dedi will get no promotions" in run(shop, "outreach", "--opt-out", "pak dedi")
    after = json.loads(run(shop, "outreach", "--top", "20", "--message", message, "--json"))
    assert after == {"messages": [], "opted_out": 1}
    bad = laci("--lang", "en", "--data-dir", str(shop), "outreach", "--top", "5", "--message", "Halo {alamat}")
    assert bad.returncode == 2 and "cannot fill in 'alamat'" in bad.stderr

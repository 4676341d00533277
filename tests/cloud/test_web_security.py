"""What a web session may do and see, tried over real HTTP as a stranger would: another owner's shop ids in every
address and form, forms without their token or from another site, links used twice or late, a cashier's
counter, sessions ended from the counter or expired, guessing at the sign-in, and the headers on every page."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from outlets import OutletsCloud, stranger_shop
from server import ThreadServer
from webclient import Browser, link_path, signed_in

from pos.cloud import auth
from pos.cloud.db import CloudDB
from pos.cloud.web import limits, owners, sessions
from pos.sync.client import SyncClient, SyncError

PAGES = ("today", "period", "shifts", "stock", "kasbon", "counters")


def _linked_owner(o: OutletsCloud) -> Browser:
    """The owner signed in from the main outlet's counter, with the second outlet added from its own counter."""
    browser = signed_in(o.service.url, o.outlets.a)
    landing = browser.get(link_path(o.outlets.c))
    assert "add-outlet" in landing.text
    added = browser.submit(landing, "/web/login", {"action": "add"})
    assert added.status_code == 200
    return browser


def test_another_owners_shop_is_out_of_reach_in_every_address_and_form(
    outlets_cloud: OutletsCloud, tmp_path: Path
) -> None:
    o = outlets_cloud
    other, d = stranger_shop(tmp_path / "d", o.db, o.service.url)
    neighbour = signed_in(o.service.url, d)
    owner = _linked_owner(o)
    everything = owner.get("/web/today?shop=all")
    assert "Toko Cabang" in everything.text and "Warung Bu Sri" in everything.text
    assert "Warung Tetangga" not in everything.text
    for name in PAGES:
        for shop in (other.hex, str(other), uuid.uuid4().hex, "x' OR 1=1 --"):
            found = owner.get(f"/web/{name}?shop={shop}")
            assert found.status_code == 404, (name, shop)
            assert "Warung Tetangga" not in found.text
        assert owner.get(f"/web/{name}?shop={o.outlets.main.hex}").status_code == 200
    # Forms: the counters' quiet setting of the neighbour's shop, and the neighbour's own session.
    counters = owner.get(f"/web/counters?shop={o.outlets.main.hex}")
    refused = owner.submit(counters, "/web/counters", {"shop": other.hex, "minutes": "5"}, follow=False)
    assert refused.status_code == 404
    with o.db.transaction(other) as conn:
        assert conn.execute("SELECT count(*) FROM web_shop_settings WHERE shop_id = %s", (other,)).fetchone() == (0,)
    with SyncClient(d) as client:
        theirs = client.web_sessions()
    assert len(theirs) == 1
    account = owner.get("/web/account")
    refused = owner.submit(account, "/web/account/end", {"session_id": theirs[0].session_id}, follow=False)
    assert refused.status_code == 404
    assert neighbour.get(f"/web/today?shop={other.hex}").status_code == 200  # still signed in
    # From the neighbour's owner counter, the owner's sessions cannot be seen or ended either.
    with SyncClient(o.outlets.a) as client:
        mine = client.web_sessions()
    assert mine and not {s.session_id for s in mine} & {s.session_id for s in theirs}
    with SyncClient(d) as client, pytest.raises(SyncError, match="404"):
        client.end_web_session(mine[0].session_id)
    owner.close()
    neighbour.close()


def test_forms_need_their_token_and_this_site(outlets_cloud: OutletsCloud) -> None:
    o = outlets_cloud
    owner = signed_in(o.service.url, o.outlets.a)
    page = owner.get(f"/web/counters?shop={o.outlets.main.hex}")
    form = {"shop": o.outlets.main.hex, "minutes": "90"}
    assert owner.post("/web/counters", form, follow=False).status_code == 403
    assert owner.post("/web/counters", {**form, "csrf": "guess"}, follow=False).status_code == 403
    cross = owner.submit(page, "/web/counters", form, follow=False, headers={"Origin": "https://evil.example"})
    assert cross.status_code == 403
    sent = owner.submit(page, "/web/counters", form, follow=False, headers={"Sec-Fetch-Site": "same-origin"})
    assert sent.status_code == 303
    assert owner.submit(page, "/web/counters", {**form, "minutes": "-1"}, follow=False).status_code == 400
    owner.close()


def test_a_link_works_once_expires_and_comes_only_from_an_owners_counter(outlets_cloud: OutletsCloud) -> None:
    o = outlets_cloud
    path = link_path(o.outlets.a)
    first = Browser(o.service.url)
    landing = first.get(path)
    assert first.submit(landing, "/web/login", {"action": "signin"}).status_code == 200
    second = Browser(o.service.url)
    assert second.get(path).status_code == 410
    assert second.submit(landing, "/web/login", {"action": "signin"}).status_code == 403  # not its token
    with o.db.transaction(o.outlets.main) as conn:
        row = conn.execute("SELECT device_id FROM devices WHERE shop_id = %s AND owner", (o.outlets.main,)).fetchone()
    assert row is not None
    owner_device = auth.Caller(o.outlets.main, row[0], True)
    late = owners.mint_link(
        o.db, owner_device, now=dt.datetime.now(dt.UTC) - owners.LINK_LIFETIME - dt.timedelta(seconds=1)
    )
    assert second.get(f"/web/login?code={late.code}").status_code == 410
    # Counter B is a cashier's counter: it cannot make a link, nor see or end sessions.
    with SyncClient(o.outlets.b) as client:
        for call in (client.owner_link, client.web_sessions):
            with pytest.raises(SyncError, match="403"):
                call()
    first.close()
    second.close()


def test_sessions_are_ended_from_the_counter_and_expire(outlets_cloud: OutletsCloud) -> None:
    o = outlets_cloud
    owner = signed_in(o.service.url, o.outlets.a)
    account = owner.get("/web/account")
    session_id = account.text.split('data-session="', 1)[1].split('"', 1)[0]
    done = subprocess.run(
        [sys.executable, "-m", "pos", "--data-dir", str(o.outlets.a.path.parent), "sync", "web-sessions", "--json"],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    listed = {uuid.UUID(s["session_id"]).hex for s in json.loads(done.stdout)}
    assert session_id in listed
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pos",
            "--data-dir",
            str(o.outlets.a.path.parent),
            "sync",
            "web-sessions",
            "--end",
            session_id,
        ],
        capture_output=True,
        timeout=120,
        check=True,
    )
    ended = owner.get(f"/web/today?shop={o.outlets.main.hex}", follow=False)
    assert ended.status_code == 303 and ended.headers["location"] == "/web/signin"
    # Idle for longer than allowed, or past its lifetime: gone.
    fresh = signed_in(o.service.url, o.outlets.a)
    token = fresh.cookies["__Host-laci_session"]
    now = dt.datetime.now(dt.UTC)
    assert sessions.current(o.db, token, now) is not None
    assert sessions.current(o.db, token, now + sessions.IDLE + dt.timedelta(minutes=1)) is None
    assert sessions.current(o.db, token, now + sessions.LIFETIME) is None
    owner.close()
    fresh.close()


def test_pages_carry_a_strict_policy_and_the_cookie_its_flags(outlets_cloud: OutletsCloud) -> None:
    o = outlets_cloud
    browser = Browser(o.service.url)
    landing = browser.get(link_path(o.outlets.a))
    signed = browser.submit(landing, "/web/login", {"action": "signin"}, follow=False)
    cookie = next(c for c in signed.headers.get_list("set-cookie") if c.startswith("__Host-laci_session="))
    assert all(flag in cookie for flag in ("HttpOnly", "Secure", "SameSite=lax", "Path=/"))
    page = browser.get(f"/web/today?shop={o.outlets.main.hex}")
    policy = page.headers["content-security-policy"]
    assert "default-src 'none'" in policy and "script-src 'self'" in policy and "unsafe-inline" not in policy
    assert page.headers["x-frame-options"] == "DENY" and page.headers["cache-control"] == "no-store"
    assert "<script>" not in page.text and " style=" not in page.text and " on" + "click=" not in page.text
    assert len(page.content) < 150_000
    browser.close()


def test_signing_in_is_rate_limited(cloud_db: CloudDB, service: ThreadServer, tmp_path: Path) -> None:
    shop, d = stranger_shop(tmp_path / "d", cloud_db, service.url)
    owner = signed_in(service.url, d)
    account = owner.get("/web/account")
    saved = owner.submit(account, "/web/account/password", {"login": "0812 555", "password": "correct horse battery"})
    assert saved.status_code == 200 and 'role="status"' in saved.text
    guest = Browser(service.url)
    form = guest.get("/web/signin")
    for _ in range(limits.PER_LOGIN):
        assert (
            guest.submit(form, "/web/password", {"login": "0812 555", "password": "wrong guess!!"}).status_code == 401
        )
    blocked = guest.submit(form, "/web/password", {"login": "0812 555", "password": "correct horse battery"})
    assert blocked.status_code == 429 and int(blocked.headers["retry-after"]) > 0
    # Another address is not held up by this login's lock on others; bad links count per address.
    for _ in range(limits.PER_ADDRESS):
        guest.get("/web/login?code=" + "x" * 30)
    assert guest.get(link_path(d)).status_code == 429
    with cloud_db.transaction() as conn:
        conn.execute("DELETE FROM web_attempts")
    fine = guest.submit(
        guest.get("/web/signin"), "/web/password", {"login": "0812 555", "password": "correct horse battery"}
    )
    assert fine.status_code == 200 and "data-figure" in fine.text
    found = owners.check_password(cloud_db, "0812 555", "correct horse battery")
    assert found is not None and owners.shops_of(cloud_db, found) == [shop]
    owner.close()
    guest.close()


def test_a_link_from_a_counter_revoked_since_does_not_sign_in(
    cloud_db: CloudDB, service: ThreadServer, tmp_path: Path
) -> None:
    shop, d = stranger_shop(tmp_path / "d", cloud_db, service.url)
    path = link_path(d)
    with cloud_db.transaction(shop) as conn:
        row = conn.execute("SELECT device_id FROM devices WHERE shop_id = %s", (shop,)).fetchone()
    assert row is not None and auth.revoke(cloud_db, shop, row[0])
    browser = Browser(service.url)
    landing = browser.get(path)
    assert landing.status_code == 200  # the link itself is not used up by looking
    assert browser.submit(landing, "/web/login", {"action": "signin"}).status_code == 410
    with cloud_db.transaction() as conn:
        assert conn.execute("SELECT count(*) FROM web_sessions").fetchone() == (0,)
    browser.close()

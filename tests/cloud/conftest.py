"""Fixtures for the cloud: one PostgreSQL cluster per run, a migrated template, a fresh database per test."""

from __future__ import annotations

import itertools
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from browser import Chromium
from outlets import OutletsCloud, build_outlets
from pgserver import PostgresCluster
from server import ProcessServer, ThreadServer

from pos.cloud.db import CloudDB, migrate

_names = itertools.count(1)


@pytest.fixture(scope="session")
def postgres() -> Iterator[PostgresCluster]:
    cluster = PostgresCluster()
    cluster.start()
    template = cluster.create_database("laci_template")
    migrate(template)
    yield cluster
    cluster.stop()


@pytest.fixture
def cloud_url(postgres: PostgresCluster) -> str:
    """A freshly migrated, empty cloud database for one test."""
    return postgres.create_database(f"laci_{next(_names)}", template="laci_template")


@pytest.fixture
def cloud_db(cloud_url: str) -> Iterator[CloudDB]:
    db = CloudDB(cloud_url, max_size=4)
    yield db
    db.close()


@pytest.fixture
def service(cloud_url: str) -> Iterator[ThreadServer]:
    server = ThreadServer(cloud_url).start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def outlets_cloud(postgres: PostgresCluster, tmp_path_factory: pytest.TempPathFactory) -> Iterator[OutletsCloud]:
    url = postgres.create_database("laci_outlets", template="laci_template")
    db = CloudDB(url, max_size=4)
    server = ProcessServer(url).start()
    built = build_outlets(tmp_path_factory.mktemp("outlets"), db, server.url)
    yield OutletsCloud(url, db, server, built)
    server.stop()
    db.close()


@pytest.fixture(scope="session")
def chromium() -> Iterator[Chromium]:
    """Debian's chromium under Playwright, started once like PostgreSQL; every test opens fresh profiles."""
    browser = Chromium()
    yield browser
    browser.close()

"""Shared fixtures: two municipalities and the personas of every view test.

alice — officer of A (may act); victor — viewer of A (may only read); martha — manager of A;
oscar — officer of B (an outsider to A).
"""

import itertools
import os
import socket
import uuid
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.test import Client

from accounts.models import User
from municipalities.models import Membership, Municipality, Region, Role

PASSWORD = "correct horse battery staple"


def pytest_configure(config: pytest.Config) -> None:
    """Every test makes personas: a cheap hasher keeps the suite quick (production keeps Django's
    default; nothing here tests its cost). Each run, and each xdist worker with its own database,
    keeps its cache entries apart (ids repeat between databases); the workers and servers that
    tests start inherit the prefix through the environment."""
    from django.conf import settings

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    prefix = f"test-{worker}-{uuid.uuid4().hex[:8]}"
    os.environ["CACHE_KEY_PREFIX"] = prefix
    settings.CACHES = {
        name: {**cache, "KEY_PREFIX": prefix} for name, cache in settings.CACHES.items()
    }


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Tests that start a worker, a Redis server or a browser run one after the other on one
    xdist worker (`--dist loadgroup`): two at once would only fight over the machine's cores."""
    for item in items:
        if item.get_closest_marker("integration") or item.get_closest_marker("browser"):
            item.add_marker(pytest.mark.xdist_group("services"))


_counter = itertools.count(1)


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() in ("1", "true", "yes")


def need_service(name: str, url: str | None, default_port: int) -> str:
    """Return the service URL, or skip — except in CI, where a missing service fails."""
    if url:
        parts = urlsplit(url)
        try:
            with socket.create_connection((parts.hostname, parts.port or default_port), 2):
                return url
        except OSError:
            pass
    message = f"{name} is not reachable at {url or '(not configured)'}"
    if in_ci():
        pytest.fail(f"CI: {message}")
    pytest.skip(message)


def ensure_reference_data() -> None:
    """Countries and the shipped questionnaire come from data migrations; a transactional test
    flushes every table when it ends, so put them back for the tests that follow it."""
    from importlib import import_module

    from django.apps import apps

    from partners.models import Country, Territory
    from risks.loading import SHIPPED_FILES, load_questionnaire, read_document
    from risks.models import Questionnaire

    if not Country.objects.exists():
        import_module("partners.migrations.0002_load_countries").load_countries(apps, None)
    if not Territory.objects.exists():
        context = import_module("partners.migrations.0008_country_context_and_territories")
        context.load_context(apps, None)
    names = ("Questionnaire", "Question", "Choice", "Control")
    for path in SHIPPED_FILES:
        document = read_document(path)
        if not Questionnaire.objects.filter(version=document["version"]).exists():
            load_questionnaire(document, {n: apps.get_model("risks", n) for n in names})


@pytest.fixture(autouse=True)
def _reference_data(request: pytest.FixtureRequest, django_db_blocker: Any) -> None:
    if request.node.get_closest_marker("django_db") is None and not {
        "db",
        "transactional_db",
    } & set(request.fixturenames):
        return
    with django_db_blocker.unblock():
        ensure_reference_data()


@pytest.fixture
def redis_url() -> str:
    return need_service("Redis", os.environ.get("REDIS_URL"), 6379)


def make_municipality(name: str, region: str = Region.CENTRE_VAL_DE_LOIRE) -> Municipality:
    n = next(_counter)
    return Municipality.objects.create(
        name=name, insee_code=f"{98000 + n:05d}", departement="45", region=region
    )


def make_user(email: str, **extra: object) -> User:
    return User.objects.create_user(email=email, password=PASSWORD, **extra)


def make_member(municipality: Municipality, role: str, email: str | None = None) -> User:
    email = email or f"{role}{next(_counter)}@{municipality.insee_code}.test"
    user = make_user(email, full_name=email.split("@")[0].title())
    Membership.objects.create(user=user, municipality=municipality, role=role)
    return user


@pytest.fixture
def town_a(db: None) -> Municipality:
    return make_municipality("Ville A")


@pytest.fixture
def town_b(db: None) -> Municipality:
    return make_municipality("Ville B", region=Region.BRETAGNE)


@pytest.fixture
def alice(town_a: Municipality) -> User:
    return make_member(town_a, Role.OFFICER, "alice@a.test")


@pytest.fixture
def martha(town_a: Municipality) -> User:
    return make_member(town_a, Role.MANAGER, "martha@a.test")


@pytest.fixture
def victor(town_a: Municipality) -> User:
    return make_member(town_a, Role.VIEWER, "victor@a.test")


@pytest.fixture
def oscar(town_b: Municipality) -> User:
    return make_member(town_b, Role.OFFICER, "oscar@b.test")


def client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def alice_client(alice: User) -> Client:
    return client_for(alice)


@pytest.fixture
def martha_client(martha: User) -> Client:
    return client_for(martha)


@pytest.fixture
def victor_client(victor: User) -> Client:
    return client_for(victor)


@pytest.fixture
def oscar_client(oscar: User) -> Client:
    return client_for(oscar)

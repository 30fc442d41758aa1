import pytest

from tests.clock import TestClock
from tests.e2e.harness import CalbotUnderTest
from tests.fakes.calcom import FakeCalcom
from tests.fakes.slack import FakeSlack
from tests.pg import PostgresServer, postgres  # noqa: F401  (the session fixture)


@pytest.fixture
def slack():
    with FakeSlack() as fake:
        yield fake
    assert fake.violations == [], fake.violations


@pytest.fixture
def clock():
    """The app's and the fakes' clock: a fixed date that ticks (see tests/clock.py)."""
    return TestClock()


@pytest.fixture
def cal(clock):
    fake = FakeCalcom(clock=clock)
    with fake.serve() as url:
        fake.url = url
        yield fake
    fake.wait_deliveries()
    fake.assert_no_violations()


@pytest.fixture(params=["sqlite", "postgresql"])
def engine(request: pytest.FixtureRequest) -> str:
    """Every end-to-end test that uses `calbot` runs on both database engines."""
    return str(request.param)


@pytest.fixture
def calbot(tmp_path, slack, cal, clock, engine, request):
    database = {}
    if engine == "postgresql":
        server: PostgresServer = request.getfixturevalue("postgres")
        database["CALBOT_DATABASE"] = server.new_database()
    app = CalbotUnderTest(tmp_path, slack, cal, cal.url, clock=clock, **database)
    yield app
    app.stop()

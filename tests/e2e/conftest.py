import pytest

from tests.e2e.harness import CalbotUnderTest
from tests.fakes.calcom import FakeCalcom
from tests.fakes.slack import FakeSlack


@pytest.fixture
def slack():
    with FakeSlack() as fake:
        yield fake
    assert fake.violations == [], fake.violations


@pytest.fixture
def cal():
    fake = FakeCalcom()
    with fake.serve() as url:
        fake.url = url
        yield fake
    fake.wait_deliveries()
    fake.assert_no_violations()


@pytest.fixture
def calbot(tmp_path, slack, cal):
    app = CalbotUnderTest(tmp_path, slack, cal, cal.url)
    yield app
    app.stop()

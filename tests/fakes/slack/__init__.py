"""The fake Slack Web API: :class:`FakeSlack` (``fake``), its Block Kit checker (``blockkit``),
its workspaces (``workspace``), the Web API methods (``methods``), the HTTP side (``server``)
and Slack's canned answers (``canned``)."""

from tests.fakes.slack.blockkit import Violation, check_message, check_view
from tests.fakes.slack.canned import CANNED_DIR, canned
from tests.fakes.slack.fake import (
    DEFAULT_BOT_ID,
    DEFAULT_BOT_TOKEN,
    DEFAULT_BOT_USER_ID,
    DEFAULT_TEAM_ID,
    FakeSlack,
)
from tests.fakes.slack.records import Call, Headers, ResponseUrlPost, SlackError, _Fault
from tests.fakes.slack.workspace import Workspace

__all__ = [
    "CANNED_DIR", "DEFAULT_BOT_ID", "DEFAULT_BOT_TOKEN", "DEFAULT_BOT_USER_ID",
    "DEFAULT_TEAM_ID", "Call", "FakeSlack", "Headers", "ResponseUrlPost", "SlackError",
    "Violation", "Workspace", "_Fault", "canned", "check_message", "check_view",
]

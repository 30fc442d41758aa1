"""Log lines from Bolt and the Slack SDK, kept free of request bodies and Cal.com keys.

Bolt writes whole request bodies into some lines: a request that fails verification ("Invalid
request signature detected (… body: …)"), and a middleware that answers nothing ("… for the
request ({…})"). A body can hold a Cal.com key typed into `/cal connect`. `QuietBodies` cuts
those lines at the body, masks anything shaped like a Cal.com key in any line it sees, and
shortens overlong lines. `install` puts it on the loggers Bolt and the SDK write to.
"""

from __future__ import annotations

import logging
import re

#: where Bolt starts writing a request body into a line
BODY_MARKERS = (", body: ", "for the request (", "Incoming request: ")
KEY = re.compile(r"cal_(?:live_|test_)?[A-Za-z0-9_\-]{8,}")
MAX_LINE = 2000
PREFIXES = ("slack_bolt", "slack_sdk", "calbot.slack")


def redact(text: str) -> str:
    for marker in BODY_MARKERS:
        at = text.find(marker)
        if at >= 0:
            text = text[: at + len(marker)] + f"<{len(text) - at - len(marker)} chars withheld>)"
    text = KEY.sub("cal_…(withheld)", text)
    if len(text) > MAX_LINE:
        text = text[:MAX_LINE] + f"… <{len(text) - MAX_LINE} chars withheld>"
    return text


class QuietBodies(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = redact(message)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        return True


def install(*loggers: logging.Logger) -> None:
    """Put the filter on ``loggers`` and on every Bolt / Slack SDK logger that exists now.

    Bolt makes its per-class loggers from the app's base logger, copying its filters: give
    the base logger first, and call again after the app is built."""
    known = [logging.getLogger(name) for name in list(logging.root.manager.loggerDict)
             if name.startswith(PREFIXES)]
    for logger in (*loggers, *known, *(logging.getLogger(p) for p in PREFIXES)):
        if not any(isinstance(f, QuietBodies) for f in logger.filters):
            logger.addFilter(QuietBodies())

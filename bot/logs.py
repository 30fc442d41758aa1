"""calbot's log output: ``CALBOT_LOG_FORMAT=text`` (one readable line) or ``json`` (one JSON
object a line, for a log collector), at ``CALBOT_LOG_LEVEL``. Lines pass the same redaction as
Bolt's (:func:`bot.logfilter.redact`): no Cal.com key reaches either format."""

from __future__ import annotations

import json
import logging
import sys
from datetime import UTC, datetime
from typing import TextIO

from bot.logfilter import redact

TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


class JsonFormatter(logging.Formatter):
    """``{"time", "level", "logger", "message"}`` (and ``"traceback"`` for an exception)."""

    def format(self, record: logging.LogRecord) -> str:
        line = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": redact(record.getMessage()),
        }
        if record.exc_info:
            line["traceback"] = redact(self.formatException(record.exc_info))
        return json.dumps(line, ensure_ascii=False)


class _Redacted(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        return redact(super().format(record))


def configure(log_format: str, level: str, stream: TextIO | None = None) -> logging.Handler:
    """Send every log line to ``stream`` (stderr) in ``log_format`` at ``level``; replaces
    the root logger's handlers (one handler, whatever ran before)."""
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.setFormatter(JsonFormatter() if log_format == "json" else _Redacted(TEXT_FORMAT))
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(level)
    return handler

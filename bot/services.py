"""What the listeners are given: the command services, the zone lookup, the worker pool."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from bot.zones import Zones
from commands.service import Calbot


@dataclass
class Services:
    calbot: Calbot
    zones: Zones
    work: ThreadPoolExecutor = field(default_factory=lambda: ThreadPoolExecutor(
        max_workers=32, thread_name_prefix="calbot-work"))
    notices: Any = None  # notices.Notices (set by bot.runtime.build)
    installations: Any = None  # slack_sdk InstallationStore in multi-workspace mode

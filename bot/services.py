"""What the listeners are given: the command services, notices, the zone lookup, the pool."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from blockkit.values import Signer
from bot.oauth import Installations
from bot.zones import Zones
from commands.day import Day
from commands.details import Details
from commands.once import OncePerForm
from commands.service import Calbot
from commands.teammates import Teammates
from notices import Notices

WORKERS = 32


@dataclass(frozen=True)
class Services:
    calbot: Calbot
    zones: Zones
    notices: Notices
    day: Day
    work: ThreadPoolExecutor
    signer: Signer  # button values and private_metadata (blockkit.values)
    once: OncePerForm  # a booking form books at most once
    details: Details  # the whole booking: show, location, guests, no-shows, reassign
    teammates: Teammates  # scheduling with teammates, booking pages, unfurls
    installations: Installations | None = None  # multi-workspace mode only

    def forget_user(self, team_id: str, user_id: str) -> bool:
        """The one way a user is forgotten (`/cal disconnect`, `tokens_revoked`, uninstall):
        their Cal.com webhook is removed, then everything calbot kept for them, queued
        messages and poll state included. False when they weren't connected."""
        was = self.calbot.disconnect(team_id, user_id)
        self.notices.forget_user(team_id, user_id)
        return was

    def forget_team(self, team_id: str) -> None:
        """The app left a workspace: forget every user of it, the same way, then the rest."""
        for conn in self.calbot.store.connections(team_id):
            self.forget_user(team_id, conn.user_id)
        self.calbot.store.forget_team(team_id)


def new_work_pool() -> ThreadPoolExecutor:
    return ThreadPoolExecutor(max_workers=WORKERS, thread_name_prefix="calbot-work")

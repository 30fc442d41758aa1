"""The app's index: every listener calbot has, registered on one Bolt app."""

from __future__ import annotations

import re

from slack_bolt import App

from blockkit import ids
from bot.listeners import (
    actions,
    commands,
    day,
    details,
    events,
    shortcuts,
    teammates,
    unfurls,
    views,
)
from bot.replies import provide
from bot.services import Services


def register(app: App, services: Services) -> None:
    app.use(provide(services))

    app.command(re.compile(r"^/"))(commands.on_command)  # one command; its name is the operator's

    app.action(ids.matching(ids.CONFIRM))(actions.on_confirm)
    app.action(ids.matching(ids.DECLINE))(actions.on_decline)
    app.action(ids.matching(ids.CANCEL))(actions.on_cancel)
    app.action(ids.matching(ids.RESCHEDULE))(actions.on_reschedule)
    app.action(ids.matching(ids.BOOK_SLOT))(actions.on_book_slot)
    app.action(ids.OPEN_BOOK)(actions.on_open_book)
    app.action(ids.OPEN_CONNECT)(actions.on_open_connect)
    app.action(ids.OPEN_DISCONNECT)(actions.on_disconnect)
    app.action(ids.SLOTS_EVENT_TYPE)(actions.on_pick_slots_type)
    app.action(ids.WHEN)(actions.on_when_typed)
    app.action(ids.matching(ids.DETAILS))(details.on_details)
    app.action(ids.matching(ids.CHANGE_LOCATION))(details.on_change_location)
    app.action(ids.matching(ids.ADD_GUESTS))(details.on_add_guests)
    app.action(ids.matching(ids.MARK_NOSHOW))(details.on_mark_noshow)
    app.action(ids.matching(ids.REASSIGN))(details.on_reassign)
    app.action(ids.matching(ids.MORE))(details.on_more)
    app.action(ids.matching(ids.OPEN_LINK))(details.on_link)
    app.action(ids.matching(ids.TEAM_SLOT))(teammates.on_slot)
    app.action(ids.TEAM_BOOK)(teammates.on_book)
    app.action(ids.TEAM_SLOTS_TYPE)(teammates.on_pick_type)
    app.action(ids.matching(ids.JOIN))(day.on_join)
    app.action(ids.DAY_AGENDA_TIME)(day.on_agenda_time)
    app.action(ids.DAY_AGENDA_TOGGLE)(day.on_agenda_toggle)
    app.action(ids.DAY_REMIND)(day.on_remind_pick)
    app.action(ids.DAY_NOTIFY_ME)(day.on_notify_me)
    app.action(ids.matching(ids.DAY_NOTIFY_OFF))(day.on_notify_off)

    app.view(ids.CONNECT_VIEW)(views.on_connect)
    app.view(ids.BOOK_VIEW)(views.on_book)
    app.view(ids.CANCEL_VIEW)(views.on_cancel)
    app.view(ids.DECLINE_VIEW)(views.on_decline)
    app.view(ids.RESCHEDULE_VIEW)(views.on_reschedule)
    app.view(ids.LOCATION_VIEW)(details.on_location_submit)
    app.view(ids.GUESTS_VIEW)(details.on_guests_submit)
    app.view(ids.NOSHOW_VIEW)(details.on_noshow_submit)
    app.view(ids.REASSIGN_VIEW)(details.on_reassign_submit)
    app.view(ids.TEAM_BOOK_VIEW)(teammates.on_submit)

    app.shortcut(ids.SCHEDULE_SHORTCUT)(shortcuts.on_schedule_message)
    app.shortcut(ids.BOOK_SHORTCUT)(shortcuts.on_book_anywhere)

    app.event("app_home_opened")(events.on_home_opened)
    app.event("app_uninstalled")(events.on_uninstalled)
    app.event("tokens_revoked")(events.on_tokens_revoked)
    app.event("link_shared")(unfurls.on_link_shared)
    app.event("user_change")(day.on_user_change)

"""The `/cal` subcommands: the one list that the parser, the help and the Home tab all read."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from blockkit.text import section
from i18n import ENGLISH, N_, Translator


@dataclass(frozen=True)
class Subcommand:
    name: str
    aliases: tuple[str, ...]
    usage: str  # what follows the name, e.g. "[event type] [day]"
    summary: str

    @property
    def words(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


SUBCOMMANDS: tuple[Subcommand, ...] = (
    Subcommand("connect", ("login",), "", N_("add your Cal.com API key")),
    Subcommand("disconnect", ("logout",), "", N_("remove your key and everything calbot kept")),
    Subcommand("book", ("new", "schedule"), "[@teammate] [event type] [when] [with name email]",
               N_("the booking form, pre-filled — e.g. `{c} book 30min tomorrow 3pm with "
                  "jane@example.com`; `{c} book @teammate` books a teammate's time for you")),
    Subcommand("list", ("ls", "bookings"), "[upcoming|unconfirmed|past|cancelled]",
               N_("your bookings, with actions")),
    Subcommand("cancel", (), "<booking> [reason]", N_("cancel a booking")),
    Subcommand("reschedule", ("move",), "<booking> <when>", N_("move a booking")),
    Subcommand("show", ("details", "info"), "<booking>",
               N_("the whole booking: who, when, where (with Join), calendar links, what's "
                  "next")),
    Subcommand("location", ("where",), "<booking> [link|phone|address]",
               N_("change where a booking happens; with nothing after it, a form asks")),
    Subcommand("guests", (), "<booking> <email> [<email> …]", N_("add up to 10 guests")),
    Subcommand("noshow", ("no-show", "absent"), "<booking> [<email> … | host]",
               N_("mark who didn't come (a checklist without names)")),
    Subcommand("reassign", (), "<booking> [@user | email] [reason]",
               N_("hand a round-robin booking to another host, or let Cal.com pick")),
    Subcommand("pending", ("approvals",), "",
               N_("bookings awaiting your approval, with Confirm / Decline")),
    Subcommand("slots", ("free", "availability"), "[@teammate] [event type] [day]",
               N_("free slots, each a button that books it — yours, or a teammate's")),
    Subcommand("link", ("share",), "[event type]",
               N_("post your booking page here, with a Book button for everyone")),
    Subcommand("notify", (), "#channel|me [created,cancelled,rescheduled,requested]",
               N_("post changes to a channel (or `me`: your DM); `{c} notify off "
                  "[#channel|me]` stops; `{c} notify` lists")),
    Subcommand("agenda", ("today", "day"), "[on [HH:MM] | off]",
               N_("today's bookings; `{c} agenda on 08:30` sends it to you every workday")),
    Subcommand("remind", ("reminders",), "[minutes | off]",
               N_("a DM with a Join button before each booking (10 minutes by default)")),
    Subcommand("help", ("-h", "--help", "?"), "", N_("this message")),
)


def subcommand_named(word: str) -> Subcommand | None:
    lowered = word.lower()
    return next((s for s in SUBCOMMANDS if lowered in s.words), None)


def help_text(command: str = "/cal", t: Translator = ENGLISH) -> str:
    lines = [t("*calbot* runs your Cal.com bookings from Slack. Times are read in your Slack "
               "time zone.")]
    for sub in SUBCOMMANDS:
        usage = f" {sub.usage}" if sub.usage else ""
        lines.append(f"• `{command} {sub.name}{usage}` — {t(sub.summary, c=command)}")
    return "\n".join(lines)


def help_message(command: str = "/cal", t: Translator = ENGLISH) -> dict[str, Any]:
    text = help_text(command, t)
    return {"text": text, "blocks": [section(text)]}


def command_names(command: str = "/cal") -> str:
    """A short line naming every subcommand (the Home tab's footer)."""
    return " · ".join(f"`{command} {sub.name}`" for sub in SUBCOMMANDS)

"""Approvals and notifications: learning of booking changes (Cal.com webhooks, the poller),
announcing each exactly once, approval DMs with Confirm / Decline, channel notices, and the
paced, durable Slack outbox. See ``notices.service.Notices``.

Decisions worth knowing:

* Dedupe keys (``notices.changes.dedupe_key``) are the same whichever way a change arrives;
  claims are ``<team>:<user>:<key>`` in the database. Outbox keys are per channel
  (``notice:<team>:<channel>:<key>``), so two connected users sharing a booking and a channel
  still post it there once.
* A declined request (``rejected``) is posted to channels subscribed to ``requested`` or
  ``cancelled``; a confirmation to ``requested`` or ``created``; a reschedule awaiting approval
  to ``requested`` or ``rescheduled``.
"""

from notices.service import Notices

__all__ = ["Notices"]

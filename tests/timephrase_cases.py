"""Hand-computed cases for timephrase, one table per rule of shared/TIME_PHRASES.md.

Each case: (rule, tz, now, text, expect).  `expect` is the UTC instant written out by hand from the
rules ("2026-03-10T19:00:00Z"), a tuple of instants when the rules allow more than one reading
(DST overlap, a season abbreviation out of season), or "!" + reason for a refusal ("!" alone:
any refusal).  Shared by tests/test_timephrase_rules.py and bench/bench_timephrase.py.

Anchors (weekdays checked against a calendar):
  A = 2026-03-10T14:00Z, Tuesday.  NY 10:00 EDT, LA 07:00 PDT, London 14:00 GMT, Berlin 15:00 CET,
      Kolkata 19:30, Sydney Wed 11 Mar 01:00 AEDT, Tokyo 23:00, Sao Paulo 11:00, UTC 14:00.
  B = 2026-07-15T12:00Z, Wednesday.  NY 08:00 EDT, LA 05:00 PDT, London 13:00 BST, Berlin 14:00
      CEST, Kolkata 17:30, Sydney 22:00 AEST, Tokyo 21:00, Sao Paulo 09:00.
  C = 2026-03-13T13:00Z, Friday.  NY 09:00 EDT, London 13:00 GMT, Berlin 14:00 CET,
      Sydney Sat 14 Mar 00:00 AEDT, Tokyo 22:00, Kolkata 18:30.
DST changes 2026: US Mar 8 / Nov 1, EU Mar 29 / Oct 25 (01:00Z), Sydney Apr 5 (03→02 AEDT→AEST)
/ Oct 4 (02→03 AEST→AEDT).  All of those are Sundays.
"""

from __future__ import annotations

A = "2026-03-10T14:00:00+00:00"
B = "2026-07-15T12:00:00+00:00"
C = "2026-03-13T13:00:00+00:00"

NY = "America/New_York"
LA = "America/Los_Angeles"
LON = "Europe/London"
BER = "Europe/Berlin"
KOL = "Asia/Kolkata"
SYD = "Australia/Sydney"
TYO = "Asia/Tokyo"
SAO = "America/Sao_Paulo"
UTC = "UTC"

Case = tuple[int, str, str, str, "str | tuple[str, ...]"]

CASES: list[Case] = []


def add(rule: int, rows: list[tuple[str, str, str, str | tuple[str, ...]]]) -> None:
    for tz, now, text, expect in rows:
        CASES.append((rule, tz, now, text, expect))


# 1. Zone: wall times are read in the user's zone -------------------------------------------------
add(1, [
    (NY, A, "tomorrow 3pm", "2026-03-11T19:00:00Z"),
    (LA, A, "tomorrow 3pm", "2026-03-11T22:00:00Z"),
    (LON, A, "tomorrow 3pm", "2026-03-11T15:00:00Z"),
    (BER, A, "tomorrow 3pm", "2026-03-11T14:00:00Z"),
    (KOL, A, "tomorrow 3pm", "2026-03-11T09:30:00Z"),
    (SYD, A, "tomorrow 3pm", "2026-03-12T04:00:00Z"),  # Sydney is already on Wed 11th
    (TYO, A, "tomorrow 3pm", "2026-03-11T06:00:00Z"),
    (SAO, A, "tomorrow 3pm", "2026-03-11T18:00:00Z"),
    (UTC, A, "tomorrow 3pm", "2026-03-11T15:00:00Z"),
    (NY, B, "tomorrow 3pm", "2026-07-16T19:00:00Z"),
    (LON, B, "tomorrow 3pm", "2026-07-16T14:00:00Z"),
    (BER, B, "tomorrow 3pm", "2026-07-16T13:00:00Z"),
    (SYD, B, "tomorrow 3pm", "2026-07-16T05:00:00Z"),
    (TYO, B, "tomorrow 3pm", "2026-07-16T06:00:00Z"),
    (KOL, B, "tomorrow 10:45am", "2026-07-16T05:15:00Z"),
    (SAO, B, "tomorrow 3pm", "2026-07-16T18:00:00Z"),
])

# 2. A time with no date: the next time that wall time comes round -------------------------------
add(2, [
    (NY, A, "3pm", "2026-03-10T19:00:00Z"),
    (NY, A, "9am", "2026-03-11T13:00:00Z"),
    (NY, A, "15:00", "2026-03-10T19:00:00Z"),
    (NY, A, "noon", "2026-03-10T16:00:00Z"),
    (NY, A, "10:00am", "2026-03-11T14:00:00Z"),  # exactly now: not ahead → tomorrow
    (NY, A, "10:01am", "2026-03-10T14:01:00Z"),
    (NY, A, "11:59pm", "2026-03-11T03:59:00Z"),
    (LA, A, "3pm", "2026-03-10T22:00:00Z"),
    (LA, A, "6:30am", "2026-03-11T13:30:00Z"),
    (LON, A, "3pm", "2026-03-10T15:00:00Z"),
    (LON, A, "2pm", "2026-03-11T14:00:00Z"),
    (BER, A, "16:00", "2026-03-10T15:00:00Z"),
    (BER, A, "09:30", "2026-03-11T08:30:00Z"),
    (KOL, A, "8pm", "2026-03-10T14:30:00Z"),
    (KOL, A, "7:15pm", "2026-03-11T13:45:00Z"),
    (KOL, A, "22:45", "2026-03-10T17:15:00Z"),
    (SYD, A, "3pm", "2026-03-11T04:00:00Z"),
    (SYD, A, "12:30am", "2026-03-11T13:30:00Z"),
    (SYD, A, "2am", "2026-03-10T15:00:00Z"),
    (TYO, A, "11pm", "2026-03-11T14:00:00Z"),
    (TYO, A, "23:30", "2026-03-10T14:30:00Z"),
    (TYO, A, "9am", "2026-03-11T00:00:00Z"),
    (SAO, A, "3pm", "2026-03-10T18:00:00Z"),
    (SAO, A, "10am", "2026-03-11T13:00:00Z"),
    (UTC, A, "3pm", "2026-03-10T15:00:00Z"),
    (UTC, A, "13:59", "2026-03-11T13:59:00Z"),
    (NY, B, "7:30pm", "2026-07-15T23:30:00Z"),
    (SYD, B, "11pm", "2026-07-15T13:00:00Z"),
    (SYD, B, "9am", "2026-07-15T23:00:00Z"),
    (BER, B, "13:00", "2026-07-16T11:00:00Z"),
    (NY, A, "at 3:30pm", "2026-03-10T19:30:00Z"),
    (LON, A, "4.15pm", "2026-03-10T16:15:00Z"),
])

# 3. A date needs a time ------------------------------------------------------------------------
add(3, [
    (NY, A, "tomorrow", "!no_time"),
    (NY, A, "friday", "!no_time"),
    (NY, A, "March 12", "!no_time"),
    (NY, A, "next week", "!vague"),
    (NY, A, "next tuesday", "!no_time"),
    (NY, A, "3/12", "!no_time"),
    (LON, A, "12/3", "!no_time"),
    (BER, A, "20.03.2026", "!no_time"),
    (NY, A, "2026-03-20", "!no_time"),
    (NY, A, "tonight", "!no_time"),
    (NY, A, "this afternoon", "!no_time"),
    (NY, A, "tomorrow morning", "!no_time"),
    (NY, A, "tomorrow evening", "!no_time"),
    (NY, A, "in 2 weeks", "!no_time"),
    (NY, A, "in 3 days", "!no_time"),
    (NY, A, "the 15th", "!no_time"),
    (NY, A, "day after tomorrow", "!no_time"),
    (KOL, A, "Monday", "!no_time"),
    (SYD, A, "dec 1st", "!no_time"),
    (TYO, A, "next week tuesday", "!no_time"),
    (LA, A, "on thursday", "!no_time"),
    (UTC, A, "12 April", "!no_time"),
])

# 4. Weekday + time -----------------------------------------------------------------------------
add(4, [
    (NY, A, "friday 3pm", "2026-03-13T19:00:00Z"),
    (NY, A, "this friday 3pm", "2026-03-13T19:00:00Z"),
    (NY, A, "tuesday 3pm", "2026-03-10T19:00:00Z"),  # today, still ahead
    (NY, A, "this tuesday 3pm", "2026-03-10T19:00:00Z"),
    (NY, A, "tuesday 9am", "2026-03-17T13:00:00Z"),  # passed → a week later
    (NY, A, "this tuesday 9am", "2026-03-17T13:00:00Z"),
    (NY, A, "monday 10am", "2026-03-16T14:00:00Z"),
    (NY, A, "wed 11am", "2026-03-11T15:00:00Z"),
    (NY, A, "on Thursday at 2:30pm", "2026-03-12T18:30:00Z"),
    (NY, A, "sunday 10am", "2026-03-15T14:00:00Z"),
    (BER, A, "thursday 14:00", "2026-03-12T13:00:00Z"),
    (SYD, A, "wednesday 10am", "2026-03-10T23:00:00Z"),  # Sydney's today
    (SYD, A, "tuesday 10am", "2026-03-16T23:00:00Z"),
    (TYO, A, "tuesday 11:30pm", "2026-03-10T14:30:00Z"),
    (TYO, A, "tuesday 10pm", "2026-03-17T13:00:00Z"),
    (KOL, A, "friday 10am", "2026-03-13T04:30:00Z"),
    (LA, A, "sat 10am", "2026-03-14T17:00:00Z"),
    (LON, A, "sunday 11am", "2026-03-15T11:00:00Z"),
    (SAO, A, "friday 9am", "2026-03-13T12:00:00Z"),
    (UTC, A, "saturday 18:00", "2026-03-14T18:00:00Z"),
    (NY, C, "friday 3pm", "2026-03-13T19:00:00Z"),
    (NY, C, "this friday 3pm", "2026-03-13T19:00:00Z"),
    (NY, C, "friday 8am", "2026-03-20T12:00:00Z"),
    (SYD, C, "saturday 10am", "2026-03-13T23:00:00Z"),
    (SYD, C, "friday 10am", "2026-03-19T23:00:00Z"),
    (LON, C, "friday 12:30pm", "2026-03-20T12:30:00Z"),
    (BER, B, "wednesday 15:00", "2026-07-15T13:00:00Z"),
    (BER, B, "wednesday 13:00", "2026-07-22T11:00:00Z"),
    (NY, B, "this coming monday 9am", "2026-07-20T13:00:00Z"),
    # across a DST change: the weekday's own offset
    (NY, "2026-03-05T15:00:00+00:00", "monday 10am", "2026-03-09T14:00:00Z"),
    (LON, "2026-03-26T12:00:00+00:00", "monday 10am", "2026-03-30T09:00:00Z"),
    (SYD, "2026-04-01T01:00:00+00:00", "monday 10am", "2026-04-06T00:00:00Z"),
    (SYD, "2026-10-01T02:00:00+00:00", "monday 10am", "2026-10-04T23:00:00Z"),
])

# 5. next <weekday> ----------------------------------------------------------------------------
add(5, [
    (NY, A, "next tuesday 10am", "2026-03-17T14:00:00Z"),  # coming one is today
    (NY, A, "next tuesday 3pm", "2026-03-17T19:00:00Z"),
    (NY, A, "next wednesday 10am", "2026-03-18T14:00:00Z"),  # coming one is tomorrow
    (NY, A, "next thursday 10am", "2026-03-12T14:00:00Z"),
    (NY, A, "next friday 2pm", "2026-03-13T18:00:00Z"),
    (NY, A, "next monday 9am", "2026-03-16T13:00:00Z"),
    (NY, A, "next sunday 10am", "2026-03-15T14:00:00Z"),
    (SYD, A, "next wednesday 10am", "2026-03-17T23:00:00Z"),
    (SYD, A, "next thursday 10am", "2026-03-18T23:00:00Z"),
    (SYD, A, "next friday 10am", "2026-03-12T23:00:00Z"),
    (TYO, A, "next wed 9am", "2026-03-18T00:00:00Z"),
    (TYO, A, "next thu 9am", "2026-03-12T00:00:00Z"),
    (NY, C, "next friday 3pm", "2026-03-20T19:00:00Z"),
    (NY, C, "next saturday 10am", "2026-03-21T14:00:00Z"),
    (NY, C, "next sunday 10am", "2026-03-15T14:00:00Z"),
    (SYD, C, "next saturday 10am", "2026-03-20T23:00:00Z"),
    (SYD, C, "next sunday 10am", "2026-03-21T23:00:00Z"),
    (SYD, C, "next monday 10am", "2026-03-15T23:00:00Z"),
    (LON, A, "next tue 10:30", "2026-03-17T10:30:00Z"),
    (BER, A, "nxt thurs 9am", "2026-03-12T08:00:00Z"),
    (KOL, B, "next thursday 11am", "2026-07-23T05:30:00Z"),
    (KOL, B, "next friday 11am", "2026-07-17T05:30:00Z"),
    (NY, A, "next week tuesday 10am", "2026-03-17T14:00:00Z"),
    (NY, A, "tuesday next week 10am", "2026-03-17T14:00:00Z"),
    (BER, A, "next week friday 9am", "2026-03-20T08:00:00Z"),
    (LON, A, "next week on thursday at 3pm", "2026-03-19T15:00:00Z"),
    (BER, A, "next week sunday 10am", "2026-03-22T09:00:00Z"),
    (UTC, A, "this week friday 10am", "2026-03-13T10:00:00Z"),
])

# 6. Relative days: calendar arithmetic, that day's own offset ------------------------------------
add(6, [
    (NY, A, "tomorrow 3pm", "2026-03-11T19:00:00Z"),
    (NY, A, "day after tomorrow 4pm", "2026-03-12T20:00:00Z"),
    (NY, A, "the day after tomorrow at noon", "2026-03-12T16:00:00Z"),
    (NY, A, "in 3 days at 9am", "2026-03-13T13:00:00Z"),
    (NY, A, "in 2 weeks at 10am", "2026-03-24T14:00:00Z"),
    (NY, A, "in a week at 10am", "2026-03-17T14:00:00Z"),
    (NY, A, "a week from tomorrow at 3pm", "2026-03-18T19:00:00Z"),
    (NY, A, "2 weeks from today 10am", "2026-03-24T14:00:00Z"),
    (NY, A, "today 3pm", "2026-03-10T19:00:00Z"),
    (NY, A, "today 9am", "!past"),
    (LON, A, "in 10 days at 09:00", "2026-03-20T09:00:00Z"),
    (LON, A, "in 3 weeks at 10am", "2026-03-31T09:00:00Z"),  # after the EU change
    (SYD, A, "in 4 weeks at 10am", "2026-04-08T00:00:00Z"),  # after the AU change
    (TYO, A, "tomorrow 9am", "2026-03-11T00:00:00Z"),
    (KOL, A, "day after tomorrow 11am", "2026-03-12T05:30:00Z"),
    (SAO, A, "in 2 days at 4pm", "2026-03-12T19:00:00Z"),
    # US spring forward
    (NY, "2026-03-07T15:00:00+00:00", "tomorrow 3pm", "2026-03-08T19:00:00Z"),
    (NY, "2026-03-07T15:00:00+00:00", "tomorrow 9am", "2026-03-08T13:00:00Z"),
    (NY, "2026-03-07T15:00:00+00:00", "today 3pm", "2026-03-07T20:00:00Z"),
    (LA, "2026-03-07T18:00:00+00:00", "tomorrow 10am", "2026-03-08T17:00:00Z"),
    (NY, "2026-03-03T15:00:00+00:00", "in 1 week at 10am", "2026-03-10T14:00:00Z"),
    # US fall back
    (NY, "2026-10-31T14:00:00+00:00", "tomorrow 3pm", "2026-11-01T20:00:00Z"),
    (NY, "2026-10-31T14:00:00+00:00", "tomorrow 9am", "2026-11-01T14:00:00Z"),
    (LA, "2026-10-31T17:00:00+00:00", "tomorrow 9am", "2026-11-01T17:00:00Z"),
    # EU
    (LON, "2026-03-28T12:00:00+00:00", "tomorrow 10am", "2026-03-29T09:00:00Z"),
    (LON, "2026-03-28T12:00:00+00:00", "in 2 days at 10am", "2026-03-30T09:00:00Z"),
    (BER, "2026-03-28T12:00:00+00:00", "tomorrow 10am", "2026-03-29T08:00:00Z"),
    (BER, "2026-10-24T10:00:00+00:00", "tomorrow 10am", "2026-10-25T09:00:00Z"),
    (LON, "2026-10-24T10:00:00+00:00", "tomorrow 10am", "2026-10-25T10:00:00Z"),
    # Australia
    (SYD, "2026-04-04T01:00:00+00:00", "tomorrow 10am", "2026-04-05T00:00:00Z"),
    (SYD, "2026-10-03T02:00:00+00:00", "tomorrow 10am", "2026-10-03T23:00:00Z"),
    # just after midnight: calendar arithmetic (the chosen reading)
    (NY, "2026-03-10T05:30:00+00:00", "tomorrow 10am", "2026-03-11T14:00:00Z"),
    (LON, "2026-03-10T00:30:00+00:00", "tomorrow 3pm", "2026-03-11T15:00:00Z"),
    (NY, "2026-03-10T05:30:00+00:00", "today 10am", "2026-03-10T14:00:00Z"),
])

# 7. Durations: elapsed time from now -----------------------------------------------------------
add(7, [
    (NY, A, "in 2 hours", "2026-03-10T16:00:00Z"),
    (NY, A, "in 45 minutes", "2026-03-10T14:45:00Z"),
    (NY, A, "in an hour", "2026-03-10T15:00:00Z"),
    (NY, A, "in 90 minutes", "2026-03-10T15:30:00Z"),
    (NY, A, "in half an hour", "2026-03-10T14:30:00Z"),
    (NY, A, "in an hour and a half", "2026-03-10T15:30:00Z"),
    (NY, A, "in 1.5 hours", "2026-03-10T15:30:00Z"),
    (NY, A, "in 2 hours 30 minutes", "2026-03-10T16:30:00Z"),
    (NY, A, "in 2h", "2026-03-10T16:00:00Z"),
    (NY, A, "in 15 mins", "2026-03-10T14:15:00Z"),
    (NY, A, "2 hours from now", "2026-03-10T16:00:00Z"),
    (NY, A, "in 24 hours", "2026-03-11T14:00:00Z"),
    (KOL, A, "in 3 hours", "2026-03-10T17:00:00Z"),
    (SYD, A, "in 5 hours", "2026-03-10T19:00:00Z"),
    (NY, "2026-03-08T06:30:00+00:00", "in 1 hour", "2026-03-08T07:30:00Z"),
    (NY, "2026-03-08T06:30:00+00:00", "in 2 hours", "2026-03-08T08:30:00Z"),
    (NY, "2026-11-01T05:30:00+00:00", "in 1 hour", "2026-11-01T06:30:00Z"),
    (NY, "2026-03-07T15:00:00+00:00", "in 24 hours", "2026-03-08T15:00:00Z"),
    (LON, "2026-10-25T00:30:00+00:00", "in 2 hours", "2026-10-25T02:30:00Z"),
    (BER, "2026-03-29T00:30:00+00:00", "in 1 hour", "2026-03-29T01:30:00Z"),
    (SYD, "2026-04-04T15:30:00+00:00", "in 1 hour", "2026-04-04T16:30:00Z"),
    (UTC, "2026-03-10T14:00:30+00:00", "in 10 minutes", "2026-03-10T14:10:30Z"),
    (TYO, A, "in thirty minutes", "2026-03-10T14:30:00Z"),
    (LA, A, "in two hours", "2026-03-10T16:00:00Z"),
])

# 8. An hour without am/pm ----------------------------------------------------------------------
add(8, [
    (NY, A, "tomorrow at 4", "2026-03-11T20:00:00Z"),
    (NY, A, "tomorrow at 1", "2026-03-11T17:00:00Z"),
    (NY, A, "tomorrow at 6", "2026-03-11T22:00:00Z"),
    (NY, A, "tomorrow at 9", "2026-03-11T13:00:00Z"),
    (NY, A, "tomorrow at 11", "2026-03-11T15:00:00Z"),
    (NY, A, "tomorrow at 12", "2026-03-11T16:00:00Z"),
    (NY, A, "tomorrow 3:30", "2026-03-11T19:30:00Z"),
    (NY, A, "tomorrow 10:15", "2026-03-11T14:15:00Z"),
    (NY, A, "tomorrow 12:30", "2026-03-11T16:30:00Z"),
    (NY, A, "tomorrow 02:30", "2026-03-11T06:30:00Z"),
    (NY, A, "tomorrow 17:30", "2026-03-11T21:30:00Z"),
    (NY, A, "tomorrow 7", "!ambiguous"),
    (NY, A, "tomorrow at 8", "!ambiguous"),
    (NY, A, "tomorrow 7:30", "!ambiguous"),
    (NY, A, "tomorrow 07:30", "2026-03-11T11:30:00Z"),
    (NY, A, "tomorrow 19:00", "2026-03-11T23:00:00Z"),
    (NY, A, "tonight at 8", "2026-03-11T00:00:00Z"),
    (NY, A, "tonight at 7", "2026-03-10T23:00:00Z"),
    (NY, A, "tomorrow afternoon at 2", "2026-03-11T18:00:00Z"),
    (NY, A, "tomorrow morning at 8", "2026-03-11T12:00:00Z"),
    (NY, A, "tomorrow evening at 7", "2026-03-11T23:00:00Z"),
    (NY, A, "this afternoon at 3", "2026-03-10T19:00:00Z"),
    (NY, A, "at 4", "2026-03-10T20:00:00Z"),
    (NY, A, "friday at 2", "2026-03-13T18:00:00Z"),
    (NY, A, "at 11", "2026-03-10T15:00:00Z"),
    (LON, A, "tomorrow at 5", "2026-03-11T17:00:00Z"),
    (BER, A, "tomorrow at 10", "2026-03-11T09:00:00Z"),
    (KOL, A, "tomorrow at 3", "2026-03-11T09:30:00Z"),
    (SYD, A, "friday at 2", "2026-03-13T03:00:00Z"),
    (TYO, A, "tomorrow at 10", "2026-03-11T01:00:00Z"),
    (SAO, A, "tomorrow at 2", "2026-03-11T17:00:00Z"),
    (NY, A, "tomorrow at 3 in the afternoon", "2026-03-11T19:00:00Z"),
    (NY, A, "tomorrow at 9 in the evening", "2026-03-12T01:00:00Z"),
    (NY, A, "tomorrow at 6 in the morning", "2026-03-11T10:00:00Z"),
    (NY, A, "tomorrow at 3 o'clock", "2026-03-11T19:00:00Z"),
    (NY, A, "tomorrow 13pm", "!impossible"),
    (NY, A, "half past 3 tomorrow", "2026-03-11T19:30:00Z"),
    (NY, A, "quarter to 4 tomorrow", "2026-03-11T19:45:00Z"),
    (NY, A, "quarter past 10 tomorrow", "2026-03-11T14:15:00Z"),
    (NY, A, "tomorrow 9pm in the morning", "!contradiction"),
    (NY, A, "tonight 3pm", "!contradiction"),
    (LON, A, "tomorrow 15h", "2026-03-11T15:00:00Z"),
    (BER, A, "tomorrow 15h30", "2026-03-11T14:30:00Z"),
    (NY, A, "tomorrow 1500", "2026-03-11T19:00:00Z"),
])

# 9. Noon and midnight --------------------------------------------------------------------------
add(9, [
    (NY, A, "noon tomorrow", "2026-03-11T16:00:00Z"),
    (NY, A, "tomorrow at noon", "2026-03-11T16:00:00Z"),
    (NY, A, "12 noon friday", "2026-03-13T16:00:00Z"),
    (NY, A, "friday midday", "2026-03-13T16:00:00Z"),
    (NY, A, "noon", "2026-03-10T16:00:00Z"),
    (LON, A, "noon", "2026-03-11T12:00:00Z"),
    (NY, A, "midnight", "2026-03-11T04:00:00Z"),
    (NY, A, "tonight at midnight", "2026-03-11T04:00:00Z"),
    (NY, A, "midnight tonight", "2026-03-11T04:00:00Z"),
    (NY, A, "today at midnight", "2026-03-11T04:00:00Z"),
    (BER, A, "midnight", "2026-03-10T23:00:00Z"),
    (KOL, A, "midnight", "2026-03-10T18:30:00Z"),
    (SYD, A, "midnight", "2026-03-11T13:00:00Z"),
    (TYO, A, "tonight at midnight", "2026-03-10T15:00:00Z"),
    (NY, A, "12am tomorrow", "2026-03-11T04:00:00Z"),
    (NY, A, "tomorrow 00:00", "2026-03-11T04:00:00Z"),
    (NY, A, "tomorrow 12pm", "2026-03-11T16:00:00Z"),
    (NY, A, "tomorrow 12:15am", "2026-03-11T04:15:00Z"),
    (NY, A, "tomorrow at midnight", "!ambiguous"),
    (NY, A, "friday midnight", "!ambiguous"),
    (LON, "2026-03-28T12:00:00+00:00", "midnight", "2026-03-29T00:00:00Z"),
    (LON, "2026-10-24T12:00:00+00:00", "tonight at midnight", "2026-10-24T23:00:00Z"),
    (SYD, "2026-10-03T02:00:00+00:00", "noon tomorrow", "2026-10-04T01:00:00Z"),
])

# 10. Named zones -------------------------------------------------------------------------------
add(10, [
    (NY, A, "3pm PT", "2026-03-10T22:00:00Z"),
    (LON, A, "3pm ET", "2026-03-10T19:00:00Z"),
    (LON, A, "tomorrow 9am CT", "2026-03-11T14:00:00Z"),
    (BER, A, "friday noon PT", "2026-03-13T19:00:00Z"),
    (NY, A, "10am MT tomorrow", "2026-03-11T16:00:00Z"),
    (LON, A, "3pm EDT", "2026-03-10T19:00:00Z"),
    (LON, A, "3pm EST", ("2026-03-10T20:00:00Z", "2026-03-10T19:00:00Z")),
    (NY, A, "9am PST tomorrow", ("2026-03-11T17:00:00Z", "2026-03-11T16:00:00Z")),
    (NY, A, "9am PDT tomorrow", "2026-03-11T16:00:00Z"),
    (NY, A, "2pm CET tomorrow", "2026-03-11T13:00:00Z"),
    (NY, A, "10am UTC tomorrow", "2026-03-11T10:00:00Z"),
    (NY, A, "10am GMT tomorrow", "2026-03-11T10:00:00Z"),
    (NY, A, "3pm UTC+2 tomorrow", "2026-03-11T13:00:00Z"),
    (NY, A, "3pm GMT+5:30 tomorrow", "2026-03-11T09:30:00Z"),
    (NY, A, "3pm UTC-3 tomorrow", "2026-03-11T18:00:00Z"),
    (KOL, A, "tomorrow 3pm IST", "2026-03-11T09:30:00Z"),
    (NY, A, "tomorrow 10am London time", "2026-03-11T10:00:00Z"),
    (LA, A, "tomorrow 10am JST", "2026-03-11T01:00:00Z"),
    (BER, A, "tomorrow 9am New York time", "2026-03-11T13:00:00Z"),
    (LA, A, "3pm Eastern", "2026-03-10T19:00:00Z"),
    (NY, A, "3pm Pacific time", "2026-03-10T22:00:00Z"),
    (LON, A, "tomorrow 9am AEST", ("2026-03-10T23:00:00Z", "2026-03-10T22:00:00Z")),
    (LON, A, "tomorrow 9am AEDT", "2026-03-10T22:00:00Z"),
    (LON, B, "9am EST tomorrow", ("2026-07-16T14:00:00Z", "2026-07-16T13:00:00Z")),
    (LON, B, "9am ET tomorrow", "2026-07-16T13:00:00Z"),
    (LON, B, "9am PT tomorrow", "2026-07-16T16:00:00Z"),
    (NY, B, "14:00 CET tomorrow", ("2026-07-16T13:00:00Z", "2026-07-16T12:00:00Z")),
    (NY, B, "14:00 CEST tomorrow", "2026-07-16T12:00:00Z"),
    (NY, B, "9am BST tomorrow", "2026-07-16T08:00:00Z"),
    (NY, B, "3pm GMT tomorrow", "2026-07-16T15:00:00Z"),
    (NY, B, "tomorrow 3pm london time", "2026-07-16T14:00:00Z"),
    (TYO, B, "friday 10am PT", "2026-07-17T17:00:00Z"),
    (KOL, B, "tomorrow 9:30 am ET", "2026-07-16T13:30:00Z"),
    (SYD, B, "monday 9am pt", "2026-07-20T16:00:00Z"),
    (NY, A, "tomorrow 3pm (ET)", "2026-03-11T19:00:00Z"),
    (NY, A, "tomorrow 3pm my time", "2026-03-11T19:00:00Z"),
    (NY, A, "tomorrow 3pm IST", "!unknown_zone"),
    (NY, A, "2026-03-20T15:00:00Z", "2026-03-20T15:00:00Z"),
    (NY, A, "2026-03-20T15:00+01:00", "2026-03-20T14:00:00Z"),
    (NY, A, "2026-03-20T15:00:00-07:00", "2026-03-20T22:00:00Z"),
    (NY, A, "3pm PT 4pm ET", "!contradiction"),
    (NY, A, "tomorrow 3pm in your time", "!unknown_zone"),
])

# 11. DST gap and overlap -----------------------------------------------------------------------
add(11, [
    (NY, "2026-03-07T15:00:00+00:00", "tomorrow 2:30am", "2026-03-08T07:30:00Z"),
    (NY, "2026-03-07T15:00:00+00:00", "tomorrow 02:30", "2026-03-08T07:30:00Z"),
    (NY, "2026-03-07T15:00:00+00:00", "sunday 2:30am", "2026-03-08T07:30:00Z"),
    (NY, "2026-03-07T15:00:00+00:00", "tomorrow 3am", "2026-03-08T07:00:00Z"),
    (NY, "2026-03-07T15:00:00+00:00", "tomorrow 1:30am", "2026-03-08T06:30:00Z"),
    (NY, "2026-03-08T06:00:00+00:00", "2:30am", "2026-03-08T07:30:00Z"),
    (LA, "2026-03-07T18:00:00+00:00", "tomorrow 2:15am", "2026-03-08T10:15:00Z"),
    (NY, "2026-10-31T14:00:00+00:00", "tomorrow 1:30am",
     ("2026-11-01T05:30:00Z", "2026-11-01T06:30:00Z")),
    (NY, "2026-10-31T14:00:00+00:00", "sunday 01:00",
     ("2026-11-01T05:00:00Z", "2026-11-01T06:00:00Z")),
    (NY, "2026-10-31T14:00:00+00:00", "tomorrow 2:30am", "2026-11-01T07:30:00Z"),
    (LON, "2026-03-28T12:00:00+00:00", "tomorrow 1:30am", "2026-03-29T01:30:00Z"),
    (LON, "2026-03-28T12:00:00+00:00", "tomorrow 01:00", "2026-03-29T01:00:00Z"),
    (LON, "2026-03-28T12:00:00+00:00", "tomorrow 00:30", "2026-03-29T00:30:00Z"),
    (LON, "2026-10-24T12:00:00+00:00", "tomorrow 1:30am",
     ("2026-10-25T00:30:00Z", "2026-10-25T01:30:00Z")),
    (BER, "2026-03-28T12:00:00+00:00", "tomorrow 2:30am", "2026-03-29T01:30:00Z"),
    (BER, "2026-10-24T12:00:00+00:00", "tomorrow 2:30am",
     ("2026-10-25T00:30:00Z", "2026-10-25T01:30:00Z")),
    (SYD, "2026-10-03T02:00:00+00:00", "tomorrow 2:30am", "2026-10-03T16:30:00Z"),
    (SYD, "2026-04-04T01:00:00+00:00", "tomorrow 2:30am",
     ("2026-04-04T15:30:00Z", "2026-04-04T16:30:00Z")),
    (SYD, "2026-04-04T01:00:00+00:00", "sunday 3:30am", "2026-04-04T17:30:00Z"),
    (SAO, "2026-10-31T12:00:00+00:00", "tomorrow 2:30am", "2026-11-01T05:30:00Z"),  # no DST
])

# 12. Numeric dates ------------------------------------------------------------------------------
add(12, [
    (NY, A, "3/12 3pm", "2026-03-12T19:00:00Z"),
    (NY, A, "12/3 3pm", "2026-12-03T20:00:00Z"),
    (LA, A, "4/1/2027 9am", "2027-04-01T16:00:00Z"),
    (LON, A, "12/3 3pm", "2026-03-12T15:00:00Z"),
    (LON, A, "3/12 3pm", "2026-12-03T15:00:00Z"),
    (LON, A, "25/12 3pm", "2026-12-25T15:00:00Z"),
    (BER, A, "12.11.2026 14:00", "2026-11-12T13:00:00Z"),
    (BER, A, "20.03.2026 9:30", "2026-03-20T08:30:00Z"),
    (BER, A, "20.3. 14:00", "2026-03-20T13:00:00Z"),
    (NY, A, "12.11.2026 2pm", "2026-11-12T19:00:00Z"),  # dotted is day.month everywhere
    (TYO, A, "3/12 10am", "2026-03-12T01:00:00Z"),
    (KOL, A, "12/3 10am", "2026-03-12T04:30:00Z"),
    (SYD, A, "12/3 10am", "2026-03-11T23:00:00Z"),
    (SAO, A, "3/12 10am", "2026-03-12T13:00:00Z"),
    (UTC, A, "12/3 10am", "2026-03-12T10:00:00Z"),
    (NY, A, "sat 10/3 9am", "2026-10-03T13:00:00Z"),
    (LON, A, "fri 13/3 9am", "2026-03-13T09:00:00Z"),
    (LON, A, "tue 13/3 9am", "!contradiction"),
    (NY, A, "2026-03-20 15:00", "2026-03-20T19:00:00Z"),
    (NY, A, "2026-03-20T15:00", "2026-03-20T19:00:00Z"),
    (KOL, A, "2026-03-20 15:00", "2026-03-20T09:30:00Z"),
    (SYD, A, "2026-04-05 02:30", ("2026-04-04T15:30:00Z", "2026-04-04T16:30:00Z")),
    (NY, A, "2026-03-20 3pm", "2026-03-20T19:00:00Z"),
    (NY, A, "2026/03/20 15:00", "2026-03-20T19:00:00Z"),
    (NY, A, "2026-03-01 15:00", "!past"),
    (NY, A, "13/25 3pm", "!impossible"),
    (NY, A, "25/12 3pm", "!impossible"),
    (LON, A, "31/4 10am", "!impossible"),
    (NY, A, "3/12/26 3pm", "2026-03-12T19:00:00Z"),
    (NY, A, "3/9 3pm", "2027-03-09T20:00:00Z"),
])

# 13. Month and day without a year ---------------------------------------------------------------
add(13, [
    (NY, A, "March 12 3pm", "2026-03-12T19:00:00Z"),
    (NY, A, "March 10 3pm", "2026-03-10T19:00:00Z"),
    (NY, A, "March 10 9am", "!past"),
    (NY, A, "March 9 3pm", "2027-03-09T20:00:00Z"),
    (NY, A, "Jan 5 10am", "2027-01-05T15:00:00Z"),
    (LON, A, "12 March 3pm", "2026-03-12T15:00:00Z"),
    (BER, A, "1 Dec 14:00", "2026-12-01T13:00:00Z"),
    (NY, A, "Dec 1st 2pm", "2026-12-01T19:00:00Z"),
    (NY, A, "March 12 2027 3pm", "2027-03-12T20:00:00Z"),
    (NY, A, "March 12, 2027 at 3pm", "2027-03-12T20:00:00Z"),
    (NY, A, "Feb 29 3pm", "!impossible"),
    (NY, A, "the 15th at 3pm", "2026-03-15T19:00:00Z"),
    (NY, A, "the 5th at 3pm", "2026-04-05T19:00:00Z"),
    (NY, A, "the 10th at 9am", "!past"),
    (LON, A, "the 31st at 10am", "2026-03-31T09:00:00Z"),
    (LON, A, "the 12th of March at 3pm", "2026-03-12T15:00:00Z"),
    (KOL, A, "april 5th at 3pm", "2026-04-05T09:30:00Z"),
    (SYD, A, "5 april 10am", "2026-04-05T00:00:00Z"),
    (SYD, A, "4 april 10am", "2026-04-03T23:00:00Z"),
    (TYO, A, "march 10 11:30pm", "2026-03-10T14:30:00Z"),
    (TYO, A, "march 10 10pm", "!past"),
    (SAO, A, "july 4 noon", "2026-07-04T15:00:00Z"),
    (UTC, A, "25 december 9:00", "2026-12-25T09:00:00Z"),
    (NY, B, "March 12 3pm", "2027-03-12T20:00:00Z"),
    (NY, A, "thursday march 12 3pm", "2026-03-12T19:00:00Z"),
    (NY, A, "March 12 at 3:30pm ET", "2026-03-12T19:30:00Z"),
    (BER, A, "12th march 15:00", "2026-03-12T14:00:00Z"),
])

# 14. Refusals -----------------------------------------------------------------------------------
add(14, [
    (NY, A, "", "!empty"),
    (NY, A, "   ", "!empty"),
    (NY, A, "whenever", "!vague"),
    (NY, A, "sometime next week", "!vague"),
    (NY, A, "soon", "!vague"),
    (NY, A, "later", "!vague"),
    (NY, A, "asap", "!vague"),
    (NY, A, "this week", "!vague"),
    (NY, A, "next month", "!vague"),
    (NY, A, "in a bit", "!vague"),
    (NY, A, "in a few hours", "!vague"),
    (NY, A, "in a couple of hours", "!vague"),
    (NY, A, "end of day", "!vague"),
    (NY, A, "lunch tomorrow", "!vague"),
    (NY, A, "anytime tomorrow", "!vague"),
    (NY, A, "Feb 30 3pm", "!impossible"),
    (NY, A, "Feb 30", "!impossible"),
    (NY, A, "April 31 10am", "!impossible"),
    (NY, A, "25:00", "!impossible"),
    (NY, A, "tomorrow 25:00", "!impossible"),
    (NY, A, "13pm", "!impossible"),
    (NY, A, "tomorrow 0am", "!impossible"),
    (NY, A, "tomorrow 3:75pm", "!impossible"),
    (NY, A, "yesterday 3pm", "!past"),
    (NY, A, "2 hours ago", "!past"),
    (NY, A, "last friday 3pm", "!past"),
    (NY, A, "2025-12-01T10:00:00Z", "!past"),
    (NY, A, "earlier today at 9", "!past"),
    (NY, A, "Friday March 12 3pm", "!contradiction"),
    (LON, A, "Monday 12 March 3pm", "!contradiction"),
    (NY, A, "tomorrow friday 3pm", "!contradiction"),
    (NY, A, "tomorrow 3pm 4pm", "!contradiction"),
    (NY, A, "in 2 hours tomorrow", "!contradiction"),
    (NY, A, "tomorrow 3pm or 4pm", "!"),
    (NY, A, "tomorrow or friday at 3pm", "!"),
    (NY, A, "every monday 9am", "!"),
    (NY, A, "mondays at 9am", "!"),
    (NY, A, "banana", "!not_understood"),
    (NY, A, "asdf qwer", "!not_understood"),
    (NY, A, "3pm XYZ", "!not_understood"),
    (NY, A, "before 3pm tomorrow", "!"),
    (NY, A, "after 3pm tomorrow", "!"),
    (NY, A, "by friday 3pm", "!"),
    (NY, A, "now", "!"),
    (NY, A, "right now", "!"),
    (NY, A, "2 hours later", "!"),
    (NY, A, "friday after next 3pm", "!"),
    (NY, A, "tomorrow 3pm tomorrow 4pm", "!contradiction"),
    (NY, A, "noon midnight", "!contradiction"),
    (NY, A, "in 0 minutes", "!past"),
    (NY, A, "12.11", "!ambiguous"),
    (NY, A, "may 3pm", "!vague"),
    (NY, A, "March 2027", "!vague"),
    (NY, A, "tomorrow 9pm in the morning", "!contradiction"),
    (NY, A, "tonight at 9am", "!contradiction"),
    (NY, A, "this morning at 9", "!past"),
    (NY, A, "the 32nd at 3pm", "!impossible"),
    (NY, A, "in 3 weeks on tuesday at 3pm", "2026-03-31T19:00:00Z"),
    (NY, A, "in 3 weeks on wednesday at 3pm", "!contradiction"),
    (NY, A, "?", "!"),
    (NY, A, "3", "!"),
    (NY, A, "tomorrow 3pm 2026", "!"),
    (NY, A, "tomorrow at 3 and 4", "!"),
    (NY, A, "not tomorrow 3pm", "!"),
    (NY, A, "3pm yesterday", "!past"),
    (NY, A, "tomorrow 24:00", "!impossible"),
])

# 15. Noise ------------------------------------------------------------------------------------
add(15, [
    (NY, A, "book for tmrw 3pm pls", "2026-03-11T19:00:00Z"),
    (NY, A, "let's meet thurs @ 2:30pm", "2026-03-12T18:30:00Z"),
    (NY, A, "Can we do weds at 11?", "2026-03-11T15:00:00Z"),
    (NY, A, "TOMORROW 3PM", "2026-03-11T19:00:00Z"),
    (NY, A, "ToMoRrOw 3Pm", "2026-03-11T19:00:00Z"),
    (NY, A, "tommorow 3pm", "2026-03-11T19:00:00Z"),
    (NY, A, "tmr 3pm", "2026-03-11T19:00:00Z"),
    (NY, A, "tomorow at 3 p.m.", "2026-03-11T19:00:00Z"),
    (NY, A, "tmrw @ 3", "2026-03-11T19:00:00Z"),
    (NY, A, "thurs 10am", "2026-03-12T14:00:00Z"),
    (NY, A, "wednsday 3pm", "2026-03-11T19:00:00Z"),
    (NY, A, "thrusday 3pm", "2026-03-12T19:00:00Z"),
    (NY, A, "how about friday at 2pm?", "2026-03-13T18:00:00Z"),
    (NY, A, "could we do next tues at 10:30am please", "2026-03-17T14:30:00Z"),
    (NY, A, "schedule a call for tomorrow at noon", "2026-03-11T16:00:00Z"),
    (NY, A, "  tomorrow   3pm  ", "2026-03-11T19:00:00Z"),
    (NY, A, "tomorrow, 3pm.", "2026-03-11T19:00:00Z"),
    (NY, A, "three pm tomorrow", "2026-03-11T19:00:00Z"),
    (NY, A, "at ten thirty tomorrow", "2026-03-11T14:30:00Z"),
    (NY, A, "Tomorrow at 3pm works", "2026-03-11T19:00:00Z"),
    (NY, A, "maybe tomorrow around 3pm?", "2026-03-11T19:00:00Z"),
    (NY, A, "tomorrow 3pm-ish", "2026-03-11T19:00:00Z"),
    (NY, A, "tomorrow 3pm for 30 min", "2026-03-11T19:00:00Z"),
    (NY, A, "2morrow 3pm", "2026-03-11T19:00:00Z"),
    (LON, A, "book fri @ 9:15am pls", "2026-03-13T09:15:00Z"),
    (BER, A, "Lets meet Mon 14:00", "2026-03-16T13:00:00Z"),
    (KOL, A, "pls book tmrw 11am", "2026-03-11T05:30:00Z"),
    (SYD, A, "can we do thurs at 4?", "2026-03-12T05:00:00Z"),
    (TYO, A, "tomorrow @ 9AM", "2026-03-11T00:00:00Z"),
    (SAO, A, "book for TOMORROW 10AM", "2026-03-11T13:00:00Z"),
    (UTC, A, "Set up a meeting on friday at 16:00", "2026-03-13T16:00:00Z"),
    (LA, A, "sched tmrw 9:30am pls", "2026-03-11T16:30:00Z"),
    (NY, A, "“tomorrow 3pm”", "2026-03-11T19:00:00Z"),
    (NY, A, "tomorrow – 3pm", "2026-03-11T19:00:00Z"),
    (NY, A, "tomorrow afternoon 3pm", "2026-03-11T19:00:00Z"),
    (NY, A, "tmrw 3pm ET", "2026-03-11T19:00:00Z"),
])

# 16. Time ranges (not in the rules: read as a careful assistant would) -------------------------
# A well-formed range books its START; the meeting's length comes from the event type.  am/pm:
# an explicit marker on the start wins; else the start takes the end's marker when that gives
# start < end within 12 h ("3-4pm" 15:00), or the morning before a pm end ("11-1pm" 11:00); with no
# marker anywhere, rule 8 reads the start and the end must come after it.  "10 to 4" / "5 to 3" /
# "twenty to four" stay clock phrasing (minutes to the hour); ends before the start, spans over
# 12 h, "ten to eleven" (words: 10:50 or 10-11?) and date/duration look-alikes are refused.
# (Moved here from 14: "3-4pm tomorrow", which was a refusal. "between X and Y" stays refused:
# it names a window to fit something in, not a slot.)
add(16, [
    (NY, A, "3-4pm tomorrow", "2026-03-11T19:00:00Z"),
    (NY, A, "tomorrow between 2 and 4", "!"),  # a window, not a slot: ask for the start
    (NY, A, "tomorrow 3-4pm", "2026-03-11T19:00:00Z"),
    (NY, A, "3-4pm", "2026-03-10T19:00:00Z"),  # today, still ahead (NY 10:00)
    (NY, A, "3pm to 4pm", "2026-03-10T19:00:00Z"),
    (NY, A, "3pm-4pm", "2026-03-10T19:00:00Z"),
    (NY, A, "3pm - 4pm tomorrow", "2026-03-11T19:00:00Z"),
    (NY, A, "10am–11am tomorrow", "2026-03-11T14:00:00Z"),
    (NY, A, "tomorrow 3–4", "2026-03-11T19:00:00Z"),
    (NY, A, "3 - 4 pm tomorrow", "2026-03-11T19:00:00Z"),
    (NY, A, "fri 2:30-3:30pm", "2026-03-13T18:30:00Z"),
    (NY, A, "3 to 4 tomorrow", "2026-03-11T19:00:00Z"),
    (NY, A, "can we do 3 to 4 tomorrow?", "2026-03-11T19:00:00Z"),
    (NY, A, "between 3 and 4pm tomorrow", "!"),  # a window, not a slot: ask for the start
    (NY, A, "tomorrow between 10 and 11am", "!"),  # a window, not a slot: ask for the start
    (NY, A, "from 3 to 4 tomorrow", "2026-03-11T19:00:00Z"),
    (NY, A, "tomorrow 3 till 4", "2026-03-11T19:00:00Z"),
    (NY, A, "3 until 4pm tomorrow", "2026-03-11T19:00:00Z"),
    (NY, A, "tomorrow 3 through 4pm", "2026-03-11T19:00:00Z"),
    (NY, A, "11-1pm tomorrow", "2026-03-11T15:00:00Z"),  # 11pm > 1pm: the morning before
    (NY, A, "11:30-12:30 tomorrow", "2026-03-11T15:30:00Z"),  # 12 is noon
    (NY, A, "tomorrow 9-10", "2026-03-11T13:00:00Z"),
    (NY, A, "tomorrow 10 to 11", "2026-03-11T14:00:00Z"),
    (NY, A, "9 to 5 tomorrow", "2026-03-11T13:00:00Z"),
    (NY, A, "from 10 to 4 tomorrow", "2026-03-11T14:00:00Z"),  # "from": a range, not 3:50
    (NY, A, "5 to 6 tomorrow", "2026-03-11T21:00:00Z"),
    (NY, A, "tomorrow 6-7", "2026-03-11T22:00:00Z"),
    (NY, A, "tomorrow 2 - 3", "2026-03-11T18:00:00Z"),
    (NY, A, "tomorrow 2:30 to 3", "2026-03-11T18:30:00Z"),
    (NY, A, "wed 2-2:30", "2026-03-11T18:00:00Z"),
    (NY, A, "tomorrow 7-8pm", "2026-03-11T23:00:00Z"),
    (NY, A, "tomorrow 11 to noon", "2026-03-11T15:00:00Z"),
    (NY, A, "noon-1pm tomorrow", "2026-03-11T16:00:00Z"),
    (NY, A, "tomorrow 11pm-1am", "2026-03-12T03:00:00Z"),
    (NY, A, "tonight 9-10", "2026-03-11T01:00:00Z"),
    (NY, A, "tonight 11-12", "2026-03-11T03:00:00Z"),
    (NY, A, "next tue 10-11am", "2026-03-17T14:00:00Z"),
    (NY, A, "fri 2-3pm PT", "2026-03-13T21:00:00Z"),
    (NY, A, "3pm-4pm ET tomorrow", "2026-03-11T19:00:00Z"),
    (NY, A, "12/3 9-10am", "2026-12-03T14:00:00Z"),  # month/day in the Americas; EST
    (NY, A, "tomorrow 3pm for 30-45 min", "2026-03-11T19:00:00Z"),
    (NY, "2026-03-07T15:00:00+00:00", "tomorrow 3-4pm", "2026-03-08T19:00:00Z"),  # DST day
    (NY, C, "friday 2-3pm", "2026-03-13T18:00:00Z"),
    (NY, C, "friday 8-9am", "2026-03-20T12:00:00Z"),  # passed today → a week later
    (NY, B, "fri 2:30-3:30pm", "2026-07-17T18:30:00Z"),
    (LA, A, "9-10am", "2026-03-10T16:00:00Z"),
    (LA, A, "3-4pm ET", "2026-03-10T19:00:00Z"),
    (LON, A, "3-4pm", "2026-03-10T15:00:00Z"),
    (LON, A, "10 to 11", "2026-03-11T10:00:00Z"),
    (LON, A, "tomorrow 9.30-10.30", "2026-03-11T09:30:00Z"),
    (LON, A, "12/3 9-10am", "2026-03-12T09:00:00Z"),  # day/month in Europe
    (LON, A, "fri 2-3pm", "2026-03-13T14:00:00Z"),
    (LON, B, "tomorrow 3-4pm", "2026-07-16T14:00:00Z"),
    (BER, A, "tomorrow 14:00-15:00", "2026-03-11T13:00:00Z"),
    (BER, A, "tomorrow 13-15", "2026-03-11T12:00:00Z"),
    (BER, A, "16-17", "2026-03-10T15:00:00Z"),
    (BER, B, "9.30-10.30", "2026-07-16T07:30:00Z"),
    (KOL, A, "tomorrow 3-4pm", "2026-03-11T09:30:00Z"),
    (KOL, A, "10:30-11:30", "2026-03-11T05:00:00Z"),
    (SYD, A, "3-4pm", "2026-03-11T04:00:00Z"),  # Sydney's Wed 11th, 01:00 now
    (SYD, A, "tomorrow 10 to 11", "2026-03-11T23:00:00Z"),
    (SYD, A, "fri 9-10am", "2026-03-12T22:00:00Z"),
    (SYD, B, "tomorrow 9-10", "2026-07-15T23:00:00Z"),
    (TYO, A, "tomorrow 11-1pm", "2026-03-11T02:00:00Z"),
    (TYO, A, "between 2 and 3", "!"),  # a window, not a slot: ask for the start
    (SAO, A, "3pm-4pm", "2026-03-10T18:00:00Z"),
    (SAO, A, "from 9am to 10am tomorrow", "2026-03-11T12:00:00Z"),
    (UTC, A, "16:00-17:00", "2026-03-10T16:00:00Z"),
    # clock phrasing is not a range
    (NY, A, "10 to 4", "2026-03-10T19:50:00Z"),
    (NY, A, "5 to 3 tomorrow", "2026-03-11T18:55:00Z"),
    (NY, A, "twenty to four tomorrow", "2026-03-11T19:40:00Z"),
    # refused
    (NY, A, "4-3pm", "!impossible"),
    (NY, A, "4-3", "!impossible"),
    (NY, A, "3pm to 3pm", "!impossible"),
    (NY, A, "tomorrow 9am-10pm", "!impossible"),  # over 12 hours
    (NY, A, "tomorrow 11pm-1", "!impossible"),
    (NY, A, "tomorrow 7-8", "!ambiguous"),  # rule 8: 7 could be am or pm
    (NY, A, "tomorrow ten to eleven", "!ambiguous"),  # 10:50 or 10-11?
    (NY, A, "five to six tomorrow", "!ambiguous"),
    (NY, A, "tomorrow 10 to noon", "!ambiguous"),
    (NY, A, "fri 13 - 3pm", "!ambiguous"),  # the 13th at 3pm, or 13:00-15:00?
    (NY, A, "2026-03-14 10:00-11:00", "!ambiguous"),  # UTC-11:00 or a range?
    (NY, A, "tomorrow morning 3-4pm", "!contradiction"),
    (NY, A, "tomorrow 3-4pm 5pm", "!contradiction"),
    (NY, A, "yesterday 3-4pm", "!past"),
    (NY, "2026-03-10T20:00:00+00:00", "today 3-4pm", "!past"),
    (NY, A, "3-4-2026", "!no_time"),  # a date, not a range
    (NY, A, "2026-03-04", "!no_time"),
    (NY, A, "in 3-4 days", "!vague"),
    (NY, A, "in 3 to 4 days at 3pm", "!vague"),
    (NY, A, "tomorrow 3pm 30-45 min", "!"),
    (NY, A, "3-4 hours", "!"),
    (NY, A, "tomorrow 3-4pm or 4-5pm", "!"),
    (NY, A, "tomorrow 3pm and 4pm", "!"),
    (NY, A, "tomorrow until 4pm", "!"),
    (NY, A, "tomorrow from 2pm", "!"),
    (NY, A, "mar 12-13 3pm", "!"),
    (LON, A, "3-4 march 3pm", "!"),
])

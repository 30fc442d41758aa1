"""Handlers for clock readings: ranges (their start), noon/midnight, "quarter past", 3:30pm,
15h30, 1500 hrs, "at 3", 15.30.  Each takes the scan and a match; returning False keeps the text."""

from __future__ import annotations

import re

from timephrase import patterns as P
from timephrase.errors import Ambiguous, Impossible, NotUnderstood, Vague, quote
from timephrase.pieces import Keep, RangeEnd, Scan, Time, check_date, clock
from timephrase.vocabulary import MONTHS


def time_range(sc: Scan, m: re.Match[str]) -> Keep:
    (prefix, sh_s, s_sep, smi_s, s_ap, s_noon, _dash, word,
     eh_s, e_sep, emi_s, e_ap, e_word) = m.groups()
    text = m.group(0).strip()
    if word == "and" and prefix != "between":
        return False  # "3 and 4": two times, not a range
    if prefix == "between":  # a window to fit something in, not a slot: ask for the start
        raise Vague(f"{quote(text)} is a window, not a time — give the start, like "
                    f"“{int(sh_s) if sh_s else 12}{s_ap or e_ap or 'pm'}”.")
    if "." in (s_sep, e_sep) and s_sep != e_sep:
        return False  # "12.11-3pm" may be a date: only "9.30-10.30" is a range
    if (not prefix and word in ("to", "till", "til") and s_noon is None and smi_s is None
            and s_ap is None and int(sh_s) in P.CLOCK_MINUTES):
        # "10 to 4" is 3:50 (clock phrasing, read below); "10 to 11" is a range, but
        # "ten to eleven" / "10 to noon" could be either
        if e_word is not None or (emi_s is None and int(eh_s) == int(sh_s) + 1
                                  and P.CLOCK_WORDS.search(sc.raw.lower())):
            raise Ambiguous(f"{quote(text)} could be a range or minutes to the hour — give "
                            f"one start time, like “{int(sh_s)}am” or “{int(sh_s)}pm”.")
        if emi_s is None and int(eh_s) != int(sh_s) + 1:
            if int(sh_s) <= 12 and (int(eh_s) - int(sh_s)) % 12 in (2, 3):
                # "10 to 12", "10 to 1": 11:50 / 12:50, or a 2–3 hour slot from 10?
                raise Ambiguous(f"{quote(text)} could be a range or minutes to the hour — "
                                f"give one start time, like “{int(sh_s)}am” or "
                                f"“{int(eh_s) - 1}:{60 - int(sh_s):02d}”.")
            return False
    # the end
    if e_word == "noon":
        end, e_mark = RangeEnd(12, 0, "fixed", e_word), "pm"
    elif e_word == "midnight":
        end, e_mark = RangeEnd(0, 0, "eod", e_word), "pm"
    else:
        et = clock(int(eh_s), int(emi_s or 0), e_ap, eh_s, text)
        end = RangeEnd(et.hour, et.minute, "bare" if et.kind == "bare" else "fixed", text)
        e_mark = e_ap
    bad = Impossible(f"{quote(text)} doesn't work as a time range (it ends before it starts "
                     f"or lasts over 12 hours) — give the start time, like “3pm”.")
    # the start
    if s_noon is not None:
        st = Time(12, 0, 0, "noon", text)
    else:
        st = clock(int(sh_s), int(smi_s or 0), s_ap, sh_s, text)
    if st.kind == "bare":
        if e_mark is None:  # "3 to 4": rule 8 on the start, checked against the end later
            st.end = end
            st.text = text
            sc.p.times.append(st)
            return None
        # "3-4pm": the start takes the end's am/pm; "11-1pm": the morning before the end
        start = (st.hour % 12) * 60 + st.minute
        cands = [start + (12 * 60 if e_mark == "pm" else 0)]
        if e_mark == "pm" and 7 <= st.hour <= 11:
            cands.append(start)
        for c in cands:
            if any(0 < e - c <= 12 * 60 for e in end.minutes()):
                sc.p.times.append(Time(c // 60, c % 60, 0, "ampm", text))
                return None
        raise bad
    if st.kind == "24" and st.hour >= 13 and smi_s is None and e_ap is not None:
        raise Ambiguous(f"{quote(text)} is unclear — give the start time, like "
                        f"“{st.hour}:00” or “{st.hour - 12}pm”.")
    start = st.hour * 60 + st.minute
    ok = False
    for e in end.minutes():
        span = e - start
        if span <= 0 and end.kind == "fixed" and st.kind != "noon":
            span += 24 * 60  # "11pm-1am", "22:00-01:00": past midnight
        ok = ok or 0 < span <= 12 * 60
    if not ok:
        raise bad
    st.text = text
    sc.p.times.append(st)
    return None


def past_to(sc: Scan, m: re.Match[str]) -> None:
    what, rel, hour_s, ampm = m.group(1), m.group(2), m.group(3), m.group(4)
    mins = 30 if what == "half" else 15 if what == "quarter" else int(what)
    if what == "half" and rel not in ("past", "after"):
        raise NotUnderstood(f"{quote(m.group(0))} is hard to read — try “3:30pm”.")
    if what.isdigit() and rel not in ("past", "after") and "min" not in m.group(0) and (
            int(what) not in (5, 10, 20, 25) or int(hour_s) == int(what) + 1):
        # "3 to 4", "10 till 11": a range as likely as 3:57 / 10:50 — don't guess
        raise Ambiguous(f"{quote(m.group(0))} could be a range or minutes to the hour — give "
                        f"one start time, like “3pm” or “3:50pm”.")
    if not 1 <= mins <= 59:
        raise Impossible(f"{quote(m.group(0))} isn't a real time.")
    hour = int(hour_s)
    t = clock(hour, 0, ampm, hour_s, m.group(0))
    shift = mins if rel in ("past", "after") else -mins
    if t.kind == "bare":
        # keep the rule-8 reading of the named hour, shift afterwards
        sc.p.times.append(Time(hour, 0, 0, "bare", m.group(0), shift))
        return
    total = (t.hour * 60 + shift) % (24 * 60)
    sc.p.times.append(Time(total // 60, total % 60, 0, t.kind, m.group(0)))


def half_h(sc: Scan, m: re.Match[str]) -> None:
    t = clock(int(m.group(1)), 30, m.group(2), m.group(1), m.group(0))
    sc.p.times.append(t)


def colon(sc: Scan, m: re.Match[str]) -> None:
    h_s, mi_s, sec_s, ampm = m.group(1), m.group(2), m.group(3), m.group(4)
    t = clock(int(h_s), int(mi_s), ampm, h_s, m.group(0))
    if sec_s:
        if int(sec_s) > 59:
            raise Impossible(f"{quote(m.group(0))} isn't a real time.")
        t.second = int(sec_s)
    sc.p.times.append(t)


def hhmm_ampm(sc: Scan, m: re.Match[str]) -> None:
    sc.p.times.append(clock(int(m.group(1)), int(m.group(2)), m.group(3), m.group(1),
                          m.group(0)))


def h_notation(sc: Scan, m: re.Match[str]) -> None:
    h_s, mi_s = m.group(1), m.group(2)
    h = int(h_s)
    if mi_s is None and h <= 12 and not h_s.startswith("0"):
        raise Ambiguous(f"{quote(m.group(0))} could be a time or a number of hours — write "
                        f"“{h}pm”, “{h}am” or “in {h} hours”.")
    t = clock(h, int(mi_s or 0), None, h_s.zfill(2) if h >= 13 or mi_s else h_s,
               m.group(0))
    if t.kind == "bare":
        t = Time(h, int(mi_s or 0), 0, "24", m.group(0))
    sc.p.times.append(t)


def military(sc: Scan, m: re.Match[str]) -> Keep:
    at, hh, mm, suffix = m.group(1), m.group(2), m.group(3), m.group(4)
    if not (at or suffix or hh.startswith("0")) and (hh in ("19", "20", "21")):
        return False  # looks like a year
    sc.p.times.append(Time(int(hh), int(mm), 0, "24", m.group(0)))
    return None


def at_hour(sc: Scan, m: re.Match[str]) -> None:
    sc.p.times.append(clock(int(m.group(1)), 0, None, m.group(1), m.group(0)))


def dot2(sc: Scan, m: re.Match[str]) -> None:
    at, a_s, b_s = m.group(1), m.group(2), m.group(3)
    a, b = int(a_s), int(b_s)
    as_time = a <= 23 and b <= 59 and len(b_s) == 2
    as_date = 1 <= a <= 31 and 1 <= b <= 12
    if at or (as_time and not as_date) or (as_time and sc.p.has_date() and not sc.p.times):
        sc.p.times.append(clock(a, b, None, a_s, m.group(0)))
        return
    if as_date and (sc.p.times or not as_time):
        check_date(None, b, a, m.group(0))
        sc.p.dates.append((None, b, a, m.group(0)))
        return
    if as_date and as_time:
        raise Ambiguous(f"{quote(m.group(0))} could be a date or a time — write "
                        f"“{a}:{b:02d}” for a time or “{a} {MONTHS[b - 1][:3].title()}” "
                        f"for a date.")
    raise Impossible(f"{quote(m.group(0))} isn't a real date or time.")


def noon(sc: Scan, m: re.Match[str]) -> None:
    sc.p.times.append(Time(12, 0, 0, "noon", m.group(0)))


def midnight(sc: Scan, m: re.Match[str]) -> None:
    sc.p.times.append(Time(0, 0, 0, "midnight", m.group(0)))


def dot_ampm(sc: Scan, m: re.Match[str]) -> None:
    sc.p.times.append(clock(int(m.group(1)), int(m.group(2)), m.group(3), m.group(1), m.group(0)))


def ampm(sc: Scan, m: re.Match[str]) -> None:
    sc.p.times.append(clock(int(m.group(1)), 0, m.group(2), m.group(1), m.group(0)))


def oclock(sc: Scan, m: re.Match[str]) -> None:
    sc.p.times.append(clock(int(m.group(1)), 0, m.group(2), m.group(1), m.group(0)))

"""Italian: parts of day (stasera, di pomeriggio), martedì prossimo, e mezza / meno un quarto,
alle, ora di Roma, articles and prepositions."""

from __future__ import annotations

from timephrase.languages.common import AM, PM, before, city_time, clock, past, time_range
from timephrase.languages.common import names as _names
from timephrase.translate import Extra

CITIES = {
    "roma": "rome", "milano": "milan", "londra": "london", "parigi": "paris",
    "new york": "new york", "berlino": "berlin", "madrid": "madrid", "lisbona": "lisbon",
    "monaco di baviera": "munich", "zurigo": "zurich", "tokyo": "tokyo", "vienna": "vienna",
}
_H = r"(?:alle |all'|a )?(?P<h>\d{1,2})"

EXTRA = Extra(
    code="it",
    rules=(
        (rf"(?:l')?ora (?:di|a) (?P<city>{_names(CITIES)})", city_time(CITIES)),
        (r"(?:l')?ora italiana", "italy time"),
        (r"(?:la )?(?:mia|nostra) ora(?: locale)?", "my time"),
        (r"dopodomani|dopo domani", "day after tomorrow"),
        (r"tra (?:un'|una |un |1 )ora", "in 1 hour"),
        (r"tra mezz'ora", "in 30 minutes"),
        (r"piu tardi", "later"),
        (r"(?:dalle |da )(?P<h>\d{1,2})(?::(?P<m>\d{2}))? (?:alle|a) (?P<h2>\d{1,2})"
         r"(?::(?P<m2>\d{2}))?", time_range),
        (r"(?:tra le |fra le )(?P<h>\d{1,2}) e le (?P<h2>\d{1,2})", "between \\g<h> and \\g<h2>"),
        (r"(?<![\d./-])(?P<h>\d{1,2})(?::(?P<m>\d{2}))? ?- ?(?P<h2>\d{1,2})(?::(?P<m2>\d{2}))?"
         r"(?![\d./-])", time_range),
        # clock words: e mezza, e un quarto, meno un quarto
        (rf"{_H} e mezz[ao]", past(30)),
        (rf"{_H} e (?:un )?quarto", past(15)),
        (rf"{_H} meno (?:un )?quarto", before(15)),
        (rf"{_H} meno (?P<n>\d{{1,2}})", before("n")),
        (rf"{_H} e (?P<n>\d{{1,2}})(?! (?:ore|minuti))", past("n")),
        (rf"{_H}:(?P<m>\d{{2}})", clock()),
        (r"(?:a )?mezzogiorno", "noon"),
        (r"(?:a )?mezzanotte", "midnight"),
        # parts of day fix am / pm
        (r"stasera|stanotte|questa sera|questa notte", "tonight"),
        (r"stamattina|stamani|questa mattina", "this morning"),
        (r"oggi pomeriggio|questo pomeriggio", "this afternoon"),
        (r"domani mattina|domattina", f"tomorrow {AM}"),
        (r"(?:di |della |la |al )?mattin[ao]", AM),
        (r"(?:di |del |nel |il )?pomeriggio", PM),
        (r"(?:di |della |la |alla )?sera", "evening"),
        (r"(?:di |della |la |nella )?notte", "night"),
        # next / this + weekday; the weekday of next week
        (r"{WD} (?:della |la )?(?:settimana prossima|prossima settimana)", "next week {wd}"),
        (r"(?:la )?(?:settimana prossima|prossima settimana)", "next week"),
        (r"(?:il |la )?{WD} prossim[oa]", "next {wd}"),
        (r"(?:il |la )?prossim[oa] {WD}", "next {wd}"),
        (r"{WD} di questa settimana", "this week {wd}"),
        (r"quest[oa] {WD}", "this {wd}"),
        (r"(?:il |l')?(?P<d>\d{1,2}) {MON}(?: (?P<y>\d{4}))?", "\\g<d> {mon} \\g<y>"),
    ),
    cities=CITIES,
    words=(
        ("alle", "at"), ("all'", "at"), ("a", "at"), ("verso le", "around"), ("verso", "around"),
        ("il", ""), ("lo", ""), ("la", ""), ("le", ""), ("l'", ""), ("di", ""), ("del", ""),
        ("per", ""), ("in", "in"), ("per favore", ""), ("riunione", ""), ("appuntamento", ""),
        ("prenotare", ""), ("possiamo", ""), ("ci", ""), ("vediamo", ""), ("ci vediamo", ""),
        ("va bene", ""), ("grazie", ""), ("ciao", ""), ("o", "or"), ("ogni", "every"),
        ("presto", "soon"), ("ore", ""), ("uno", "1"), ("una", "1"), ("due", "2"),
        ("tre", "3"), ("quattro", "4"), ("cinque", "5"), ("sei", "6"), ("sette", "7"),
        ("otto", "8"), ("nove", "9"), ("dieci", "10"), ("undici", "11"), ("dodici", "12"),
    ),
    drop=("ora",),  # "now", but also "ora di Roma" and "un'ora"
)

"""German: what dateparser's data lacks (parts of day, nächsten Dienstag, halb 4, 15 Uhr, 12.3.,
MEZ, Londoner Zeit, articles and prepositions)."""

from __future__ import annotations

from timephrase.languages.common import (
    AM,
    PM,
    before,
    city_time,
    clock,
    day_month,
    past,
    time_range,
)
from timephrase.languages.common import names as _names
from timephrase.translate import Extra

CITIES = {
    "londoner": "london", "berliner": "berlin", "pariser": "paris", "new yorker": "new york",
    "munchner": "munich", "frankfurter": "frankfurt", "hamburger": "hamburg", "wiener": "vienna",
    "zurcher": "zurich", "zuricher": "zurich", "madrider": "madrid", "romischer": "rome",
    "romische": "rome", "tokioter": "tokyo", "lissabonner": "lisbon", "amsterdamer": "amsterdam",
}
_H = r"(?P<h>\d{1,2})"

EXTRA = Extra(
    code="de",
    rules=(
        (rf"(?:(?:nach|in) )?(?P<city>{_names(CITIES)}) (?:orts)?zeit", city_time(CITIES)),
        (r"(?:nach )?(?:deutscher|deutsche|mitteleuropaischer) (?:orts)?zeit", "german time"),
        (r"(?:nach )?(?:meiner|unserer|lokaler) zeit", "my time"),
        (r"(?:uhr)?zeit in", "in"),
        (r"(?:von )?(?P<h>\d{1,2})(?:[:.](?P<m>\d{2}))? ?(?:uhr )?(?:-|–|bis) ?(?P<h2>\d{1,2})"
         r"(?:[:.](?P<m2>\d{2}))? ?uhr", time_range),
        # clock words before rule 8: halb 4 = 3:30
        (rf"halb {_H}", before(30)),
        (rf"viertel nach {_H}", past(15)),
        (rf"(?:viertel vor|dreiviertel) {_H}", before(15)),
        (rf"(?P<n>\d{{1,2}}) (?:minuten )?nach {_H}", past("n")),
        (rf"(?P<n>\d{{1,2}}) (?:minuten )?vor {_H}", before("n")),
        (r"in (?:einer|1) (?:halben|1/2) stunde", "in 30 minutes"),
        (r"in (?:einer|1) dreiviertel ?stunde", "in 45 minutes"),
        (r"in (?:einer|1) viertel ?stunde", "in 15 minutes"),
        (rf"{_H}[.:](?P<m>\d{{2}}) ?(?:uhr|h)", clock()),
        (rf"{_H} ?uhr (?P<m>\d{{2}})", clock()),
        (rf"{_H} ?uhr", clock()),
        # dates: 12.3. and 12. März carry their own order
        (r"(?P<d>\d{1,2})\.(?P<mo>\d{1,2})\.(?!\d)", day_month()),
        (r"(?P<d>\d{1,2})\. ?{MON}(?: (?P<y>\d{4}))?", "\\g<d> {mon} \\g<y>"),
        (r"(?:am |den |zum )(?P<d>\d{1,2})\.(?= |$)", "\\g<d>th"),
        (r"(?P<d>\d{1,2})\.(?= )", "\\g<d>"),
        # next / this + weekday; the weekday of next week
        (r"(?:am )?{WD} (?:der |in der )?(?:nachsten|kommenden) woche", "next week {wd}"),
        (r"(?:am )?{WD} (?:dieser|diese) woche", "this week {wd}"),
        (r"(?:nachste|kommende|nachster|nachsten|kommenden) woche", "next week"),
        (r"(?:am )?(?:nachsten|nachster|nachste|kommenden|kommender|kommende) {WD}", "next {wd}"),
        (r"(?:am )?{WD} (?:nachster|nachste|nachsten|kommender|kommende|kommenden) woche",
         "next week {wd}"),
        (r"(?:diesen|dieser|diese|diesem) {WD}", "this {wd}"),
        # parts of day: heute Abend = tonight; früh / nachmittags fix am / pm
        (r"heute (?:abend|nacht)", "tonight"),
        (r"heute (?:morgen|fruh|vormittag)", "this morning"),
        (r"heute nachmittag", "this afternoon"),
        (r"morgen (?:fruh|vormittag)", f"tomorrow {AM}"),
        (r"am morgen|(?:am )?vormittag", AM),
        (r"(?:am )?nachmittags?", PM),
        (r"(?:am )?abends?", "evening"),
        (r"(?:in der )?nachts?", "night"),
        (r"mitternacht", "midnight"),
        (r"mittags", PM),
        (r"(?:am |zu )?mittag", "noon"),
    ),
    drop=("so",),  # Sonntag, but also "so gegen 3": neither is guessed
    words=(
        ("mez", "cet"), ("mesz", "cest"), ("oez", "eet"), ("oesz", "eest"),
        ("fruh", AM), ("fruhs", AM), ("vormittags", AM), ("morgens", AM),
        ("um", "at"), ("gegen", "around"), ("in", "in"), ("nach", "in"), ("am", ""),
        ("den", ""), ("der", ""), ("die", ""),
        ("das", ""), ("dem", ""), ("des", ""), ("im", ""), ("ab", ""), ("bitte", ""),
        ("termin", ""), ("treffen", ""), ("meeting", ""), ("buchen", ""), ("buche", ""),
        ("wir", ""), ("uns", ""), ("konnen", ""), ("ich", ""), ("es", ""), ("geht", ""),
        ("passt", ""), ("fur", ""), ("mal", ""), ("ca", ""), ("zum", ""), ("zur", ""),
        ("mit", ""), ("gerne", ""), ("vielleicht", ""), ("oder", "or"), ("jeden", "every"),
        ("jede", "every"), ("irgendwann", "sometime"), ("bald", "soon"), ("spater", "later"),
        ("eins", "1"), ("zwei", "2"), ("drei", "3"), ("vier", "4"), ("funf", "5"),
        ("sechs", "6"), ("sieben", "7"), ("acht", "8"), ("neun", "9"), ("zehn", "10"),
        ("elf", "11"), ("zwolf", "12"),
    ),
)

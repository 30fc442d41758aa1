"""French: parts of day (du soir, de l'après-midi), mardi prochain, 15h30, et demie / et quart /
moins le quart, midi, heure de Paris, articles and prepositions."""

from __future__ import annotations

from timephrase.languages.common import AM, PM, before, city_time, clock, past, time_range
from timephrase.languages.common import names as _names
from timephrase.translate import Extra

CITIES = {
    "paris": "paris", "londres": "london", "new york": "new york", "berlin": "berlin",
    "madrid": "madrid", "rome": "rome", "lisbonne": "lisbon", "montreal": "montreal",
    "bruxelles": "brussels", "geneve": "geneva", "zurich": "zurich", "tokyo": "tokyo",
    "amsterdam": "amsterdam", "los angeles": "los angeles", "toronto": "toronto",
}
_H = r"(?:a )?(?P<h>\d{1,2})"
_HEURE = r"(?: ?h| heures?)"

EXTRA = Extra(
    code="fr",
    rules=(
        (rf"(?:a )?(?:l')?heure (?:de|d') ?(?P<city>{_names(CITIES)})", city_time(CITIES)),
        (r"(?:a )?(?:l')?heure (?:francaise|de france)", "french time"),
        (r"(?:a )?(?:mon|notre) heure(?: locale)?", "my time"),
        (r"apres-demain|apres demain", "day after tomorrow"),
        (r"il y a", "ago"),
        (r"entre (?P<h>\d{1,2}) ?h? et (?P<h2>\d{1,2}) ?h?", "between \\g<h> and \\g<h2>"),
        (r"(?:de )?(?P<h>\d{1,2}) ?h ?(?P<m>\d{2})? ?(?:-|–|a) ?(?P<h2>\d{1,2}) ?h ?(?P<m2>\d{2})?",
         time_range),
        # clock words: et demie, et quart, moins le quart, 15h30
        (rf"{_H}{_HEURE} et demie?", past(30)),
        (rf"{_H}{_HEURE} et quart", past(15)),
        (rf"{_H}{_HEURE} moins (?:le )?quart", before(15)),
        (rf"{_H}{_HEURE} moins (?P<n>\d{{1,2}})", before("n")),
        (rf"(?<!dans ){_H} ?h ?(?P<m>\d{{2}})", clock()),
        (rf"(?<!dans ){_H}{_HEURE}(?! ?\d)", clock()),
        (r"cet apres-midi|cet apres midi|cette apres-midi", "this afternoon"),
        (r"(?:de l'|l')?apres-midi|(?:de l')?apres midi", PM),
        (r"(?:a )?midi et demie?", "12:30pm"),
        (r"(?:a )?minuit et demie?", "00:30"),
        (r"(?:a )?midi", "noon"),
        (r"(?:a )?minuit", "midnight"),
        # parts of day fix am / pm
        (r"ce soir|cette nuit", "tonight"),
        (r"ce matin", "this morning"),
        (r"cet apres-midi|cet apres midi|cette apres-midi", "this afternoon"),
        (r"demain matin", f"tomorrow {AM}"),
        (r"(?:du|le|au) matin|matin", AM),
        (r"(?:du|le|au) soir|soir", "evening"),
        (r"(?:de la|la|dans la) nuit", "night"),
        # next / this + weekday; the weekday of next week
        (r"(?:le )?{WD} (?:de )?(?:la )?semaine prochaine", "next week {wd}"),
        (r"(?:la )?semaine prochaine|(?:la )?prochaine semaine", "next week"),
        (r"(?:le )?{WD} prochain", "next {wd}"),
        (r"(?:le )?prochain {WD}", "next {wd}"),
        (r"(?:le )?{WD} (?:de )?cette semaine", "this week {wd}"),
        (r"ce {WD}(?:-ci)?", "this {wd}"),
        (r"(?:le )?(?P<d>\d{1,2})(?:er)? {MON}(?: (?P<y>\d{4}))?", "\\g<d> {mon} \\g<y>"),
    ),
    cities=CITIES,
    words=(
        ("a", "at"), ("vers", "around"), ("le", ""), ("la", ""), ("les", ""), ("l'", ""),
        ("de", ""), ("du", ""), ("des", ""), ("d'", ""), ("pour", ""), ("en", "in"),
        ("s'il vous plait", ""), ("svp", ""), ("stp", ""), ("reunion", ""), ("rendez-vous", ""),
        ("rdv", ""), ("reserver", ""), ("on", ""), ("peut", ""), ("se", ""), ("voir", ""),
        ("nous", ""), ("vous", ""), ("je", ""), ("me", ""), ("merci", ""), ("bonjour", ""),
        ("ou", "or"), ("chaque", "every"), ("tous", "every"), ("bientot", "soon"),
        ("plus tard", "later"), ("environ", "around"),
    ),
)

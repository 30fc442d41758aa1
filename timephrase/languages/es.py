"""Spanish: parts of day (de la tarde), el próximo martes, y media / menos cuarto, a las,
hora de Madrid, articles and prepositions."""

from __future__ import annotations

from timephrase.languages.common import AM, PM, before, city_time, clock, past, time_range
from timephrase.languages.common import names as _names
from timephrase.translate import Extra

CITIES = {
    "madrid": "madrid", "barcelona": "barcelona", "londres": "london", "paris": "paris",
    "nueva york": "new york", "berlin": "berlin", "roma": "rome", "lisboa": "lisbon",
    "mexico": "mexico city", "ciudad de mexico": "mexico city", "buenos aires": "buenos aires",
    "tokio": "tokyo", "los angeles": "los angeles", "chicago": "chicago", "sao paulo": "sao paulo",
}
_H = r"(?:a )?(?:las? )?(?P<h>\d{1,2})"
_NEXT = r"(?:proximo|proxima|que viene|siguiente)"

EXTRA = Extra(
    code="es",
    rules=(
        (rf"(?:en )?(?:la )?hora (?:de|en) (?P<city>{_names(CITIES)})", city_time(CITIES)),
        (r"(?:en )?(?:la )?hora (?:espanola|peninsular|de espana)", "spain time"),
        (r"(?:en )?(?:mi|nuestra) hora(?: local)?", "my time"),
        (r"mas tarde", "later"),
        (r"pasado manana", "day after tomorrow"),
        (r"(?:de |desde )(?:las? )?(?P<h>\d{1,2})(?::(?P<m>\d{2}))? ?(?:a|hasta) (?:las? )?"
         r"(?P<h2>\d{1,2})(?::(?P<m2>\d{2}))?", time_range),
        (r"(?:entre )(?:las? )?(?P<h>\d{1,2})(?::(?P<m>\d{2}))? y (?:las? )?(?P<h2>\d{1,2})",
         "between \\g<h> and \\g<h2>"),
        (r"(?<![\d./-])(?P<h>\d{1,2})(?::(?P<m>\d{2}))? ?- ?(?P<h2>\d{1,2})(?::(?P<m2>\d{2}))?"
         r"(?![\d./-])", time_range),
        # clock words: y media = half past, menos cuarto = quarter to
        (rf"{_H} y media", past(30)),
        (rf"{_H} y cuarto", past(15)),
        (rf"{_H} menos cuarto", before(15)),
        (rf"{_H} menos (?P<n>\d{{1,2}})", before("n")),
        (rf"{_H} y (?P<n>\d{{1,2}})(?! de)", past("n")),
        (rf"{_H}:(?P<m>\d{{2}}) ?(?:h|hrs|horas)", clock()),
        (rf"(?<!en )(?<!dentro de ){_H} ?(?:h|hrs)(?![a-z])", clock()),
        (r"(?:a )?(?:el )?mediodia", "noon"),
        (r"(?:a )?(?:la )?medianoche", "midnight"),
        # parts of day fix am / pm
        (r"manana (?:por|en) la manana", f"tomorrow {AM}"),
        (r"esta (?:noche)", "tonight"),
        (r"esta manana", "this morning"),
        (r"esta tarde", "this afternoon"),
        (r"(?:de|por|en) la manana", AM),
        (r"(?:de|por|en) la (?:madrugada)", AM),
        (r"(?:de|por|en) la tarde", PM),
        (r"(?:de|por|en) la noche", "night"),
        # next / this + weekday; the weekday of next week
        (rf"(?:el )?{{WD}} de la (?:semana {_NEXT}|{_NEXT} semana)", "next week {wd}"),
        (rf"(?:la )?(?:semana {_NEXT}|{_NEXT} semana)", "next week"),
        (rf"(?:el )?{_NEXT} {{WD}}", "next {wd}"),
        (rf"(?:el )?{{WD}} {_NEXT}", "next {wd}"),
        (r"(?:el )?{WD} de esta semana", "this week {wd}"),
        (r"este {WD}", "this {wd}"),
        (r"(?:el )?dia (?P<d>\d{1,2})(?! de)", "\\g<d>th"),
        (r"(?:el )?(?P<d>\d{1,2}) de {MON}(?: de(?:l)? (?P<y>\d{4}))?", "\\g<d> {mon} \\g<y>"),
    ),
    cities=CITIES,
    words=(
        ("a las", "at"), ("a la", "at"), ("alas", "at"), ("sobre las", "around"),
        ("hacia las", "around"), ("el", ""), ("la", ""), ("los", ""), ("las", ""), ("de", ""),
        ("del", ""), ("a", ""), ("al", ""), ("en", "in"), ("para", ""), ("por", ""),
        ("favor", ""), ("reunion", ""), ("cita", ""), ("reservar", ""), ("reserva", ""),
        ("podemos", ""), ("puedes", ""), ("quedamos", ""), ("vemos", ""), ("nos", ""),
        ("me", ""), ("te", ""), ("que", ""), ("tal", ""), ("vale", ""), ("hola", ""),
        ("o", "or"), ("cada", "every"), ("todos", "every"), ("pronto", "soon"),
        ("manana", "tomorrow"), ("tarde", PM), ("noche", "night"), ("madrugada", AM),
        ("uno", "1"), ("una", "1"), ("dos", "2"), ("tres", "3"), ("cuatro", "4"),
        ("cinco", "5"), ("seis", "6"), ("siete", "7"), ("ocho", "8"), ("nueve", "9"),
        ("diez", "10"), ("once", "11"), ("doce", "12"), ("quince", "15"), ("veinte", "20"),
        ("treinta", "30"), ("cuarenta", "40"),
    ),
)

"""Refusals in the user's language: one sentence per reason, with the phrase as typed.

The English sentences (`TimePhraseError.english`) say more (which part, an example that fits);
these say what is wrong and show an example, which is what a user needs to type it again.
"""

from __future__ import annotations

from timephrase.errors import TimePhraseError

# reason → language → sentence; {text} is the phrase as typed
SENTENCES: dict[str, dict[str, str]] = {
    "no_time": {
        "de": "„{text}“ hat keine Uhrzeit — gib eine an, z. B. „morgen 15 Uhr“.",
        "es": "«{text}» no tiene hora — añade una, por ejemplo «mañana a las 15:00».",
        "fr": "« {text} » n'a pas d'heure — ajoutez-en une, par exemple « demain à 15h ».",
        "it": "«{text}» non ha un orario — aggiungilo, per esempio «domani alle 15».",
        "pt": "“{text}” não tem horário — inclua um, por exemplo “amanhã às 15h”.",
        "ja": "「{text}」には時刻がありません。「明日の15時」のように時刻を入れてください。",
        "ko": "「{text}」에 시간이 없습니다. 「내일 오후 3시」처럼 시간을 넣어 주세요.",
        "zh": "「{text}」没有具体时间，请加上时间，例如「明天下午3点」。",
    },
    "past": {
        "de": "„{text}“ liegt in der Vergangenheit — wähle eine Zeit, die noch kommt, z. B. "
              "„morgen 15 Uhr“.",
        "es": "«{text}» ya pasó — elige una hora futura, por ejemplo «mañana a las 15:00».",
        "fr": "« {text} » est déjà passé — choisissez une heure à venir, par exemple "
              "« demain à 15h ».",
        "it": "«{text}» è già passato — scegli un orario futuro, per esempio «domani alle 15».",
        "pt": "“{text}” já passou — escolha um horário futuro, por exemplo “amanhã às 15h”.",
        "ja": "「{text}」は過去の時刻です。「明日の15時」のようにこれからの時刻を入れてください。",
        "ko": "「{text}」은(는) 이미 지난 시간입니다. 앞으로의 시간을 입력해 주세요.",
        "zh": "「{text}」已经过去了，请选择一个将来的时间，例如「明天下午3点」。",
    },
    "impossible": {
        "de": "„{text}“ ist kein gültiges Datum bzw. keine gültige Uhrzeit — prüfe die Angabe.",
        "es": "«{text}» no es una fecha u hora válida — revísala.",
        "fr": "« {text} » n'est pas une date ou une heure valide — vérifiez-la.",
        "it": "«{text}» non è una data o un orario valido — controllalo.",
        "pt": "“{text}” não é uma data ou horário válido — confira.",
        "ja": "「{text}」は存在しない日付か時刻です。確認してください。",
        "ko": "「{text}」은(는) 올바른 날짜나 시간이 아닙니다. 확인해 주세요.",
        "zh": "「{text}」不是有效的日期或时间，请检查。",
    },
    "vague": {
        "de": "„{text}“ ist zu ungenau — gib Tag und Uhrzeit an, z. B. „nächsten Dienstag 10 Uhr“.",
        "es": "«{text}» es demasiado impreciso — indica día y hora, por ejemplo "
              "«el próximo martes a las 10:00».",
        "fr": "« {text} » est trop vague — donnez un jour et une heure, par exemple "
              "« mardi prochain à 10h ».",
        "it": "«{text}» è troppo vago — indica giorno e ora, per esempio "
              "«martedì prossimo alle 10».",
        "pt": "“{text}” é vago demais — diga o dia e o horário, por exemplo "
              "“terça que vem às 10h”.",
        "ja": "「{text}」はあいまいです。「次の火曜日10時」のように日にちと時刻を入れてください。",
        "ko": "「{text}」은(는) 너무 모호합니다. 「다음 주 화요일 10시」처럼 입력해 주세요.",
        "zh": "「{text}」太模糊了，请给出日期和时间，例如「下周二10点」。",
    },
    "contradiction": {
        "de": "„{text}“ widerspricht sich (zwei Tage, Zeiten oder Zeitzonen) — nenne nur eine.",
        "es": "«{text}» se contradice (dos días, horas o zonas horarias) — deja solo una.",
        "fr": "« {text} » se contredit (deux jours, heures ou fuseaux) — n'en gardez qu'un.",
        "it": "«{text}» si contraddice (due giorni, orari o fusi) — lasciane solo uno.",
        "pt": "“{text}” se contradiz (dois dias, horários ou fusos) — deixe só um.",
        "ja": "「{text}」は矛盾しています（日付・時刻・タイムゾーンが二つ）。一つにしてください。",
        "ko": "「{text}」에 서로 다른 날짜나 시간이 있습니다. 하나만 입력해 주세요.",
        "zh": "「{text}」前后矛盾（两个日期、时间或时区），请只保留一个。",
    },
    "ambiguous": {
        "de": "„{text}“ ist mehrdeutig — schreib die Uhrzeit eindeutig, z. B. „19:00“ oder "
              "„7 Uhr morgens“.",
        "es": "«{text}» es ambiguo — escribe la hora sin dudas, por ejemplo «19:00» o "
              "«7 de la mañana».",
        "fr": "« {text} » est ambigu — écrivez l'heure sans ambiguïté, par exemple « 19h » ou "
              "« 7h du matin ».",
        "it": "«{text}» è ambiguo — scrivi l'orario in modo chiaro, per esempio «19:00» o "
              "«7 di mattina».",
        "pt": "“{text}” é ambíguo — escreva o horário sem dúvida, por exemplo “19h” ou "
              "“7 da manhã”.",
        "ja": "「{text}」はどちらとも取れます。「19時」や「午前7時」のように書いてください。",
        "ko": "「{text}」은(는) 애매합니다. 「오후 7시」처럼 입력해 주세요.",
        "zh": "「{text}」有歧义，请写清楚，例如「19点」或「上午7点」。",
    },
    "unknown_zone": {
        "de": "Bei „{text}“ ist die Zeitzone unklar — nenne eine Stadt oder einen Versatz, "
              "z. B. „15 Uhr Londoner Zeit“ oder „UTC+2“.",
        "es": "En «{text}» la zona horaria no está clara — indica una ciudad o un desfase, "
              "por ejemplo «15:00 hora de Londres» o «UTC+2».",
        "fr": "Dans « {text} », le fuseau horaire n'est pas clair — donnez une ville ou un "
              "décalage, par exemple « 15h heure de Londres » ou « UTC+2 ».",
        "it": "In «{text}» il fuso orario non è chiaro — indica una città o uno scarto, per "
              "esempio «15:00 ora di Londra» o «UTC+2».",
        "pt": "Em “{text}” o fuso horário não está claro — diga uma cidade ou um deslocamento, "
              "por exemplo “15h horário de Londres” ou “UTC+2”.",
        "ja": "「{text}」のタイムゾーンが分かりません。「ロンドン時間15時」や「UTC+2」のように"
              "書いてください。",
        "ko": "「{text}」의 시간대를 알 수 없습니다. 「런던 시간 3시」나 「UTC+2」처럼 입력해 "
              "주세요.",
        "zh": "「{text}」的时区不明确，请写城市或时差，例如「伦敦时间15点」或「UTC+2」。",
    },
    "not_understood": {
        "de": "„{text}“ kann ich nicht als Zeit lesen — versuch z. B. „morgen 15 Uhr“ oder "
              "„nächsten Dienstag 10:30“.",
        "es": "No entiendo «{text}» como hora — prueba, por ejemplo, «mañana a las 15:00» o "
              "«el próximo martes a las 10:30».",
        "fr": "Je ne comprends pas « {text} » comme une heure — essayez par exemple "
              "« demain à 15h » ou « mardi prochain à 10h30 ».",
        "it": "Non riesco a leggere «{text}» come orario — prova per esempio «domani alle 15» o "
              "«martedì prossimo alle 10:30».",
        "pt": "Não consegui ler “{text}” como horário — tente, por exemplo, “amanhã às 15h” ou "
              "“terça que vem às 10h30”.",
        "ja": "「{text}」を時刻として読めませんでした。「明日の15時」や「次の火曜日10時半」の"
              "ように書いてください。",
        "ko": "「{text}」을(를) 시간으로 읽지 못했습니다. 「내일 오후 3시」처럼 입력해 주세요.",
        "zh": "无法把「{text}」读成时间，请试试「明天下午3点」或「下周二10点半」。",
    },
    "empty": {
        "de": "Da steht keine Zeit — gib eine ein, z. B. „morgen 15 Uhr“.",
        "es": "No hay ninguna hora — escribe una, por ejemplo «mañana a las 15:00».",
        "fr": "Il n'y a pas d'heure — tapez-en une, par exemple « demain à 15h ».",
        "it": "Non c'è nessun orario — scrivine uno, per esempio «domani alle 15».",
        "pt": "Não há horário — digite um, por exemplo “amanhã às 15h”.",
        "ja": "時刻が入力されていません。「明日の15時」のように入れてください。",
        "ko": "시간이 입력되지 않았습니다. 「내일 오후 3시」처럼 입력해 주세요.",
        "zh": "没有输入时间，请输入，例如「明天下午3点」。",
    },
    "internal": {
        "de": "Die aktuelle Uhrzeit ist nicht bekannt — versuch es noch einmal.",
        "es": "No se conoce la hora actual — inténtalo de nuevo.",
        "fr": "L'heure actuelle est inconnue — réessayez.",
        "it": "L'ora attuale non è nota — riprova.",
        "pt": "O horário atual não é conhecido — tente de novo.",
        "ja": "現在時刻が分かりません。もう一度お試しください。",
        "ko": "현재 시간을 알 수 없습니다. 다시 시도해 주세요.",
        "zh": "当前时间未知，请重试。",
    },
}
LANGUAGES = ("de", "es", "fr", "it", "pt", "ja", "ko", "zh")


def message_in(refusal: TimePhraseError, language: str) -> str:
    """The refusal's sentence in `language` ("de", "pt" …); English when there is none."""
    by_language = SENTENCES.get(refusal.reason, SENTENCES["not_understood"])
    sentence = by_language.get(language)
    if sentence is None:
        return refusal.english
    text = refusal.params.get("text", "")
    if len(text) > 60:
        text = text[:57] + "…"
    return sentence.format(text=text)

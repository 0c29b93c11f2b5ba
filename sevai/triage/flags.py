"""Urgency and sentiment flags from a transparent multilingual lexicon plus a few rules.

Each cue has a weight; a flag's confidence is the noisy-OR of the weights of the cues found
(1 - product of (1 - weight)), so one strong cue or several weak ones raise it. The cues
found are kept, so an agent can see why a ticket was flagged.

Latin-script cues match whole words (case-insensitive). Tamil and Armenian cues are stems
matched inside words: both languages glue endings on ("அவசரமாக", "շտապեք"), and Python's
word boundaries split Tamil words at their vowel signs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

FLAG_THRESHOLD = 0.5  # a flag is raised at this confidence

# (pattern, weight). Latin patterns are regular expressions matched as whole words.
URGENT: dict[str, list[tuple[str, float]]] = {
    "en": [
        (r"urgent(ly)?", 0.7),
        (r"asap", 0.7),
        (r"as soon as possible", 0.6),
        (r"immediately", 0.6),
        (r"right (now|away)", 0.5),
        (r"emergency", 0.7),
        (r"critical", 0.5),
        (r"time[- ]sensitive", 0.6),
        (r"deadline", 0.4),
        (r"can'?t wait|cannot wait", 0.5),
        (r"need (it|this) (now|today)", 0.6),
        (r"still waiting", 0.3),
        (r"today", 0.15),
    ],
    "tl": [
        (r"agad(-agad)?|kaagad", 0.6),
        (r"apurahan|apurado", 0.7),
        (r"kailangan (ko|namin) na", 0.6),
        (r"ngayon (na|din)", 0.6),
        (r"bilisan|madaliin|pakibilisan", 0.6),
        (r"importante", 0.4),
        (r"hanggang ngayon", 0.3),
    ],
    "ta": [
        ("அவசர", 0.7),  # urgent(ly)
        ("உடனே", 0.6),  # at once
        ("உடனடியாக", 0.6),  # immediately
        ("சீக்கிரம்", 0.5),  # quickly
        ("விரைவாக", 0.5),  # fast
        ("இன்றே", 0.4),  # today itself
    ],
    "hy": [
        ("շտապ", 0.7),  # urgent, hurry
        ("անհապաղ", 0.7),  # without delay
        ("անմիջապես", 0.6),  # immediately
        ("հենց հիմա", 0.6),  # right now
        ("որքան հնարավոր է շուտ", 0.6),  # as soon as possible
    ],
}
ANGRY: dict[str, list[tuple[str, float]]] = {
    "en": [
        (r"worst", 0.6),
        (r"terrible|horrible|awful", 0.5),
        (r"ridiculous|pathetic|disgusting|disgrace(ful)?", 0.6),
        (r"unacceptable|incompetent", 0.7),
        (r"useless", 0.6),
        (r"scam(mers?)?|fraud|cheat(ed|ing|ers?)?", 0.7),
        (r"angry|furious|outraged", 0.7),
        (r"fed up|sick (and tired )?of", 0.6),
        (r"disappointed|frustrat(ed|ing)", 0.4),
        (r"rude", 0.4),
        (r"wtf|damn|bloody", 0.6),
        (r"how many times", 0.5),
        (r"(nobody|no one) (answers|replies|cares)", 0.5),
    ],
    "tl": [
        (r"bwisit|buwisit|nakakainis|nakakabwisit", 0.7),
        (r"nakakagalit|galit na galit|galit", 0.6),
        (r"walang kwenta|walang kuwenta|walang silbi", 0.8),
        (r"sobrang bagal|ang bagal", 0.5),
        (r"manloloko|niloko|panloloko", 0.8),
        (r"nakakadismaya|dismayado", 0.5),
        (r"ilang beses", 0.5),
        (r"peste|letse|bulok", 0.7),
        (r"grabe", 0.3),
    ],
    "ta": [
        ("மோசம", 0.6),  # bad, worst (மோசமான)
        ("கேவலம", 0.7),  # disgraceful
        ("கோபம", 0.6),  # anger
        ("ஏமாற்", 0.7),  # cheat
        ("பயனற்ற", 0.6),  # useless
        ("எத்தனை முறை", 0.5),  # how many times
        ("அசிங்க", 0.6),  # shameful
    ],
    "hy": [
        ("վատագույն", 0.7),  # worst
        ("սարսափելի", 0.6),  # terrible
        ("անընդունելի", 0.7),  # unacceptable
        ("խաբեբա", 0.7),  # fraud, cheat
        ("խաբել", 0.6),  # cheated
        ("խայտառակ", 0.7),  # disgraceful
        ("զայրաց", 0.7),  # angry
        ("բարկաց", 0.6),  # angry
        ("քանի անգամ", 0.5),  # how many times
        ("ամոթ", 0.5),  # shame
    ],
}
CHURN: dict[str, list[tuple[str, float]]] = {
    "en": [
        (r"(cancel|close|delete|terminate) (my|our|the) (account|subscription|contract)", 0.8),
        (r"unsubscribe", 0.4),
        (r"(switch(ing)?|mov(e|ing)|go(ing)?) to (a |another )?(competitor|another)", 0.6),
        (r"competitor", 0.5),
        (r"never (use|order|buy|ship with) (you|from you|again)", 0.7),
        (r"never again", 0.5),
        (r"take my business elsewhere", 0.8),
        (r"refund or (else|i will|i'll)", 0.8),
        (r"i(('| wi)ll| am going to) (leave|switch|cancel|report)", 0.6),
        (r"chargeback|dispute (the|this) (charge|payment)", 0.6),
        (r"lawyer|legal action|consumer (court|forum)|sue you", 0.6),
        (r"last time i (use|order|buy)", 0.6),
    ],
    "tl": [
        (r"(i-?cancel|ikansela|isara) (ko )?(na )?(ang|yung) (account|subscription)", 0.8),
        (r"lilipat (na )?(ako|kami)", 0.7),
        (r"hindi na (ako|kami) (o|u)o?rder", 0.7),
        (r"hindi na (ulit|mauulit)", 0.6),
        (r"huling beses", 0.6),
        (r"irereklamo|ireklamo|sa dti", 0.5),
    ],
    "ta": [
        ("கணக்கை ரத்து", 0.8),  # cancel the account
        ("கணக்கை மூட", 0.8),  # close the account
        ("வேறு நிறுவன", 0.6),  # another company
        ("கடைசி முறை", 0.6),  # the last time
        ("நுகர்வோர் நீதிமன்ற", 0.7),  # consumer court
        ("இனி ஆர்டர் செய்ய மாட்ட", 0.8),  # I will not order again
    ],
    "hy": [
        ("փակել հաշիվ", 0.8),  # close the account
        ("փակեք իմ հաշիվ", 0.8),  # close my account
        ("չեղարկել բաժանորդագրություն", 0.8),  # cancel the subscription
        ("այլ ընկերություն", 0.6),  # another company
        ("այլևս չեմ", 0.6),  # never again
        ("վերջին անգամ", 0.6),  # the last time
        ("դատարան", 0.5),  # court
    ],
}
LATIN = {"en", "tl"}
SHOUTING = re.compile(r"\b[A-Z]{3,}\b")
EXCLAIMS = re.compile(r"!{2,}|[!?]{3,}")


@dataclass(frozen=True)
class FlagScore:
    confidence: float = 0.0
    cues: tuple[str, ...] = ()

    @property
    def raised(self) -> bool:
        return self.confidence >= FLAG_THRESHOLD


@dataclass(frozen=True)
class Flags:
    urgent: FlagScore = field(default_factory=FlagScore)
    angry: FlagScore = field(default_factory=FlagScore)
    churn: FlagScore = field(default_factory=FlagScore)


def _compile(lexicon: dict[str, list[tuple[str, float]]]) -> list[tuple[re.Pattern[str], float]]:
    compiled = []
    for language, cues in lexicon.items():
        for pattern, weight in cues:
            text = rf"(?<!\w)(?:{pattern})(?!\w)" if language in LATIN else re.escape(pattern)
            compiled.append((re.compile(text, re.IGNORECASE | re.UNICODE), weight))
    return compiled


COMPILED = {"urgent": _compile(URGENT), "angry": _compile(ANGRY), "churn": _compile(CHURN)}


def _score(
    text: str, cues: list[tuple[re.Pattern[str], float]], extra: list[tuple[str, float]]
) -> FlagScore:
    found = [(m.group(0).lower(), weight) for rx, weight in cues if (m := rx.search(text))]
    found += extra
    miss = 1.0
    for _cue, weight in found:
        miss *= 1.0 - weight
    return FlagScore(round(1.0 - miss, 3), tuple(dict.fromkeys(cue for cue, _w in found)))


def shouting_cues(text: str) -> list[tuple[str, float]]:
    """ALL CAPS and runs of !!! or ???: the tone of an upset customer."""
    cues = []
    caps = SHOUTING.findall(text)
    letters = sum(ch.isalpha() and ch.isascii() for ch in text)
    upper = sum(ch.isupper() for ch in text)
    if len(caps) >= 3 or (letters >= 12 and upper / letters > 0.6):
        cues.append(("ALL CAPS", 0.4))
    if EXCLAIMS.search(text):
        cues.append(("!!!", 0.3))
    return cues


def read_flags(text: str) -> Flags:
    """Urgent, angry and at-risk-of-churn scores for a customer's message."""
    text = " ".join((text or "").split())[:5000]
    tone = shouting_cues(text)
    exclaims = [cue for cue in tone if cue[0] == "!!!"]
    return Flags(
        urgent=_score(text, COMPILED["urgent"], [(c, 0.2) for c, _w in exclaims]),
        angry=_score(text, COMPILED["angry"], tone),
        churn=_score(text, COMPILED["churn"], []),
    )

"""Whether a customer asks for a person instead of the assistant, in en, ta, tl and hy.

Latin-script cues (English, Tagalog, and the English words Tamil and Armenian customers mix
in) are regular expressions matched as whole words, case-insensitively. Tamil and Armenian
cues are stems matched inside words, as in sevai.triage.flags: both languages glue endings
on ("மனிதரிடம்", "օպերատորի"). "Agent" alone is not a cue: on a courier desk the delivery
agent is the driver; it counts only with a request ("agent please", "talk to an agent").
"""

from __future__ import annotations

import re
import unicodedata

PERSON = r"(a |an |the |your |some |one )?(real |live |actual |human )?(human( being)?|person|people|agent|representative|rep|operator|someone|somebody|staff|manager|supervisor|customer (service|care|support)( agent| team| person)?)"  # noqa: E501
LATIN = [
    rf"(talk|speak|chat|connect|transfer|put) (me )?(to|with|through to) {PERSON}",
    r"(i want|i need|i'?d like|can i (get|have)|get me|give me) (a |an |to )?(real |live )?(human|person|agent|representative|operator)",  # noqa: E501
    r"(human|agent|person|operator|representative) (please|pls|plz|now)",
    r"real (human|person)|live (agent|chat|person)|human agent|not (a |the )?(bot|robot|machine)",  # noqa: E501
    r"(stop|no more) (the )?(bot|robot)",
    # Tagalog / Taglish
    r"(ka)?usap (ng|sa) tao|tao po|totoong tao|hindi (po )?bot",
    r"(makausap|kausapin|maka-?usap|makipag-?usap sa) (po )?(ang |ng |sa |yung |kay )?(tao|agent|ahente|representative|customer service|operator|staff|empleyado|tauhan|live agent)",  # noqa: E501
    r"(pa|paki)-?(connect|transfer) (po )?(sa|ng) (agent|tao|customer service)",
]
SCRIPT_CUES = [
    # Tamil: speak to a person / someone / an agent / customer care
    "மனிதரிடம்",
    "மனிதர் கிட்ட",
    "மனுஷங்க கிட்ட",
    "மனுஷன் கிட்ட",
    "ஆளிடம் பேச",
    "ஆள் கிட்ட பேச",
    "ஆளுகிட்ட பேச",
    "யாராவது கிட்ட பேச",
    "யாரிடமாவது பேச",
    "ஊழியரிடம் பேச",
    "ஏஜென்ட் கிட்ட",
    "ஏஜென்டிடம்",
    "ஏஜெண்டிடம்",
    "பிரதிநிதியிடம்",
    "அதிகாரியிடம் பேச",
    "கஸ்டமர் கேர் கிட்ட பேச",
    "நேரடியாகப் பேச",
    "நேரடியா பேச",
    # Armenian: with a person, an operator, a (live) employee, a specialist
    "մարդու հետ",
    "կենդանի մարդ",
    "օպերատոր",
    "оператор",
    "աշխատակցի հետ",
    "աշխատողի հետ",
    "մասնագետի հետ",
    "մենեջերի հետ",
    "իրական մարդ",
    "ոչ թե բոտ",
    "բոտի հետ չեմ",
]
_LATIN = re.compile(r"(?<!\w)(?:" + "|".join(LATIN) + r")(?!\w)", re.IGNORECASE | re.UNICODE)


def _normal(text: str) -> str:
    text = unicodedata.normalize("NFC", text or "")
    text = text.replace("\u2019", "'").replace("\u055e", "").replace("\u055b", "")
    return " ".join(text.split()).casefold()


def person_cue(text: str) -> str:
    """The words by which the customer asks for a person, or "" when they do not."""
    normal = _normal(text)[:2000]
    match = _LATIN.search(normal)
    if match:
        return match.group(0)
    return next((cue for cue in SCRIPT_CUES if cue.casefold() in normal), "")


def asks_for_person(text: str) -> bool:
    return bool(person_cue(text))

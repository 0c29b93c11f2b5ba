"""Removing personal data from ticket text before it becomes a knowledge-base draft.

The rules run in this order (earlier rules win, so a card number is not also a phone):

1. literals: values known to be the customer's (their email addresses, phone numbers)
2. email addresses                                              -> [email]
3. IBANs (two letters, two check digits, 11-30 letters/digits, mod-97 valid)
                                                                -> [bank account]
4. card numbers (13-19 digits, spaces or dashes, Luhn-valid)    -> [card number]
5. parcel numbers: UPS 1Z…, DHL JD…/JJD…, UPU S10 (AB123456789LK), carrier codes with a
   letter prefix and 8+ digits (JT0001234567, SPXPH0123456789)  -> [tracking number]
6. phone numbers: international (+63 917 123 4567, 0091…), local with a trunk 0
   (0917-123-4567, 044 2345 6789, 091 23 45 67), Indian mobiles (98765 43210),
   (555) 123-4567, and any 6+ digit number after a word such as "phone" or "WhatsApp"
                                                                -> [phone]
7. 10-22 digits in a run or in groups (parcel ids, accounts)    -> [tracking number]
8. order numbers: #12345, and a number after "order"/"invoice" and their Tamil, Tagalog
   and Armenian words ("order 123-4567", "ஆர்டர் எண் 55678", "պատվեր 88123")
                                                                -> [order number]
9. names (the customer's, the agents'): every part of 3+ letters, whole words in Latin
   script; in other scripts a case ending may follow (கவிதாவுக்கு, Անիին) -> [name]

Then greeting lines ("Hi [name],", "Vanakkam", "Բարև Ձեզ") and sign-offs with the
signature under them are dropped, and quoted earlier mail is cut. The scrubber cannot know
every address or nickname: a person reviews each draft before it is published.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

# Labels are translated when the draft is written (in the ticket's language).
LABELS: dict[str, Callable[[], str]] = {
    "email": lambda: _("[email]"),
    "iban": lambda: _("[bank account]"),
    "card": lambda: _("[card number]"),
    "tracking": lambda: _("[tracking number]"),
    "phone": lambda: _("[phone]"),
    "order": lambda: _("[order number]"),
    "name": lambda: _("[name]"),
}

EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)
IBAN = re.compile(r"\b[A-Z]{2}\d{2}(?:[ ]?[A-Z0-9]{4}){2,7}(?:[ ]?[A-Z0-9]{1,3})?\b")
CARD = re.compile(r"(?<![\d-])\d(?:[ -]?\d){12,18}(?![\d-])")
TRACKING_FORMATS = re.compile(
    r"\b(?:1Z[0-9A-Z]{16}"  # UPS
    r"|J?JD\d{9,20}"  # DHL
    r"|[A-Z]{2} ?\d{3} ?\d{3} ?\d{3} ?[A-Z]{2}"  # UPU S10: RR123456789IN, EE 123 456 789 PH
    r"|[A-Z]{2,6}-?\d{8,20})\b",  # carrier codes: JT0001234567, SPXPH0123456789, LBC-12345678
    re.IGNORECASE,
)
PHONE_INTERNATIONAL = re.compile(r"(?<![\w+])(?:\+|00)\d{1,3}(?:[ .-]?\(?\d{1,5}\)?){1,6}")
PHONE_LOCAL = re.compile(r"(?<![\w+])\(?0\d{1,4}\)?(?:[ .-]?\d{2,4}){2,4}(?![\w])")
PHONE_INDIA = re.compile(r"(?<![\w+])[6-9]\d{4}[ -]?\d{5}(?!\w)")
PHONE_US = re.compile(r"(?<!\w)\(\d{3}\) ?\d{3}[-. ]\d{4}(?!\w)")
PHONE_WORDS = (
    r"phone|mobile|cell(?:phone)?|tel(?:ephone)?|whatsapp|viber|telegram|call me"
    r"|cp|numero|number ko|contact number"  # Tagalog-English mix
    r"|தொலைபேசி|கைபேசி|அலைபேசி|மொபைல்|போன்"  # Tamil
    r"|հեռախոս\w*|բջջային\w*|վայբեր"  # Armenian
)
PHONE_AFTER_WORD = re.compile(
    rf"(?i)(?<![\w\[])(?:{PHONE_WORDS})[^\d\n]{{0,20}}?(\+?\d[\d ().-]{{4,}}\d)", re.UNICODE
)
LONG_DIGITS = re.compile(r"(?<![\d\[])(?:\d{10,22}|\d{3,5}(?:[ -]\d{3,5}){2,5})(?![\d])")
ORDER_HASH = re.compile(r"(?<![\w&])#\s?[A-Z]{0,4}-?\d{3,}[\w-]*", re.IGNORECASE)
ORDER_WORDS = (
    r"orders?|ord\.|purchase|invoice|receipt|resibo"  # English, Tagalog
    r"|ஆர்டர்|ஆர்டரின்|ஆர்டருக்கு|ஆர்டரை|பில்|ரசீது"  # Tamil
    r"|պատվեր\w*|հայտ\w*|ապրանքագր\w*"  # Armenian
)
ORDER_AFTER_WORD = re.compile(
    rf"(?i)(?<![\w\[])(?:{ORDER_WORDS})[^\d\n#]{{0,25}}?(?<![\w-])([A-Z]{{0,4}}-?\d[\d-]{{2,}}[A-Z0-9]*)",
    re.UNICODE,
)
PLACEHOLDER = re.compile(r"\[[^\[\]\n]{1,40}\]")
QUOTE_HEADER = re.compile(
    r"^(?:On .{4,200} wrote:|-{2,}\s*Original Message\s*-{2,}|From: .+|_{10,})\s*$",
    re.IGNORECASE,
)
GREETING = re.compile(
    r"^(?:hi|hello|hey|dear|good (?:morning|afternoon|evening|day)|greetings"
    r"|magandang (?:araw|umaga|tanghali|hapon|gabi)|kumusta|ma'am|sir"
    r"|வணக்கம்|அன்புள்ள|vanakkam"
    r"|բարև|բարեւ|բարի (?:օր|լույս|երեկո)|ողջույն|հարգելի)(?!\w)",
    re.IGNORECASE | re.UNICODE,
)
SIGN_OFF = re.compile(
    r"^(?:thanks|thank you|many thanks|regards|best regards|kind regards|best wishes|cheers"
    r"|sincerely|yours sincerely"
    r"|salamat|maraming salamat|salamat po|maraming salamat po"
    r"|நன்றி|மிக்க நன்றி|அன்புடன்|இப்படிக்கு"
    r"|շնորհակալություն|շնորհակալ եմ|հարգանքով|մաղթում եմ)(?!\w)[^\n]{0,40}$",
    re.IGNORECASE | re.UNICODE,
)
MAX_GREETING_WORDS = 6
MAX_SIGNATURE_LINES = 3


@dataclass
class Scrubbed:
    text: str
    found: Counter[str] = field(default_factory=Counter)


def luhn_valid(digits: str) -> bool:
    total = 0
    for i, char in enumerate(reversed(digits)):
        n = int(char)
        if i % 2 == 1:
            n = n * 2 - 9 if n > 4 else n * 2
        total += n
    return total % 10 == 0


def iban_valid(text: str) -> bool:
    """The ISO 13616 check: move the first four characters to the end, letters to numbers,
    and the result mod 97 is 1."""
    value = text.replace(" ", "").upper()
    if not 15 <= len(value) <= 34:
        return False
    digits = "".join(str(int(c, 36)) for c in value[4:] + value[:4])
    return int(digits) % 97 == 1


def digit_count(text: str) -> int:
    return sum(c.isdigit() for c in text)


class _Run:
    """Applies the rules to one text, counting what each one removed."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.found: Counter[str] = Counter()

    def sub(
        self,
        pattern: re.Pattern[str],
        kind: str,
        accept: Callable[[str], bool] = lambda _s: True,
        group: int = 0,
    ) -> None:
        def replace(match: re.Match[str]) -> str:
            value = match.group(group)
            if not accept(value):
                return match.group(0)
            self.found[kind] += 1
            whole = match.group(0)
            start = match.start(group) - match.start(0)
            return whole[:start] + LABELS[kind]() + whole[start + len(value) :]

        self.text = pattern.sub(replace, self.text)


def _literal_pattern(value: str) -> re.Pattern[str]:
    return re.compile(r"(?<!\w)" + re.escape(value) + r"(?!\w)", re.IGNORECASE)


def _name_pattern(part: str) -> re.Pattern[str]:
    escaped = re.escape(part)
    if part.isascii():
        return re.compile(rf"(?<!\w){escaped}(?!\w)", re.IGNORECASE)
    # other scripts: a case ending or a Tamil vowel sign may follow the name
    return re.compile(rf"(?<![\w\u0B80-\u0BFF]){escaped}[\w\u0B80-\u0BFF]*", re.IGNORECASE)


def name_parts(names: Iterable[str]) -> list[str]:
    """Full names first, then their parts of three or more letters, longest first."""
    parts: set[str] = set()
    for name in names:
        name = " ".join((name or "").split())
        if len(name) >= 3:
            parts.add(name)
        parts |= {p.strip(".,") for p in name.split() if len(p.strip(".,")) >= 3}
    return sorted(parts, key=lambda p: (-len(p), p))


def scrub(
    text: str, *, names: Iterable[str] = (), literals: Iterable[tuple[str, str]] = ()
) -> Scrubbed:
    """Text with personal data replaced by labels such as [email]. literals: (value, kind)
    pairs known to belong to the customer, e.g. ("kavitha@example.com", "email")."""
    run = _Run(text)
    for value, kind in sorted(literals, key=lambda vk: -len(vk[0])):
        if len(value.strip()) >= 5:
            run.sub(_literal_pattern(value.strip()), kind)
    run.sub(EMAIL, "email")
    run.sub(IBAN, "iban", accept=iban_valid)
    run.sub(CARD, "card", accept=lambda s: luhn_valid(re.sub(r"\D", "", s)))
    run.sub(TRACKING_FORMATS, "tracking", accept=lambda s: digit_count(s) >= 8)
    run.sub(PHONE_INTERNATIONAL, "phone", accept=lambda s: 8 <= digit_count(s) <= 15)
    run.sub(PHONE_LOCAL, "phone", accept=lambda s: 9 <= digit_count(s) <= 12)
    run.sub(PHONE_INDIA, "phone")
    run.sub(PHONE_US, "phone")
    run.sub(PHONE_AFTER_WORD, "phone", accept=lambda s: digit_count(s) >= 6, group=1)
    run.sub(LONG_DIGITS, "tracking", accept=lambda s: 10 <= digit_count(s) <= 22)
    run.sub(ORDER_HASH, "order")
    run.sub(ORDER_AFTER_WORD, "order", accept=lambda s: digit_count(s) >= 3, group=1)
    for part in name_parts(names):
        run.sub(_name_pattern(part), "name")
    name = re.escape(LABELS["name"]())
    run.text = re.sub(rf"{name}(?:\s+{name})+", LABELS["name"](), run.text)
    return Scrubbed(run.text, run.found)


def _is_greeting(line: str) -> bool:
    """ "Hi [name]," or "Vanakkam" (not "Hello, where is my parcel?")."""
    words = len(line.split())
    if not GREETING.match(line) or words > MAX_GREETING_WORDS or "?" in line:
        return False
    return line.endswith((",", "!", ":", "\u0589")) or words <= 3


def strip_quoted(text: str) -> str:
    """Cut quoted earlier mail: "> " lines and everything after "On … wrote:"."""
    kept: list[str] = []
    for line in text.replace("\r\n", "\n").split("\n"):
        if QUOTE_HEADER.match(line.strip()):
            break
        if not line.lstrip().startswith(">"):
            kept.append(line)
    return "\n".join(kept)


def strip_greetings(text: str) -> str:
    """Drop a short greeting line at the top and a sign-off with its signature at the end."""
    name = LABELS["name"]()
    lines = [
        line.rstrip()
        for line in text.strip().split("\n")
        if not (name in line and not re.sub(r"[\W_]", "", line.replace(name, "")))
    ]  # a line that is only a name (a signature)
    while lines and (not lines[0].strip() or _is_greeting(lines[0].strip())):
        lines.pop(0)
    tail = [i for i, line in enumerate(lines) if SIGN_OFF.match(line.strip())]
    if tail and len(lines) - tail[-1] - 1 <= MAX_SIGNATURE_LINES:
        after = lines[tail[-1] + 1 :]
        if all(len(line.split()) <= 4 for line in after):
            lines = lines[: tail[-1]]
    return "\n".join(lines).strip()


def clean_message(
    text: str, *, names: Iterable[str] = (), literals: Iterable[tuple[str, str]] = ()
) -> Scrubbed:
    """A ticket message ready for an article: no quoted mail, no greetings, no personal data."""
    result = scrub(strip_quoted(text), names=names, literals=literals)
    result.text = strip_greetings(result.text)
    return result

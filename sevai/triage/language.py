"""Which language a customer wrote in: script rules first, then lingua's n-gram models.

A script used by one language alone (Tamil, Armenian, Malayalam, ...) settles the question
at once. Latin, Cyrillic, Devanagari and Arabic text goes to lingua, restricted to the
desk's languages (settings.LANGUAGES) plus their common neighbours, which keeps it small and
fast. The desk's own languages get a prior (a Tagalog desk hears Tagalog more often than
Malay), and when the best guess is still not clearly ahead the answer is "" (unknown).

The detector is built once per process, on first use, and its models load lazily.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.conf import settings

if TYPE_CHECKING:
    from lingua import LanguageDetector

# Languages often seen beside the desk's: Indian languages next to Tamil, Malay and
# Indonesian next to Tagalog (and Spanish, which lent Tagalog many words), Russian next to
# Armenian, and the big European ones. Codes lingua has no model for are only found by script.
NEIGHBOURS = ("hi", "mr", "te", "bn", "ur", "ru", "uk", "es", "pt", "fr", "de", "it", "ms", "id")
# How much likelier a message is to be in one of the desk's languages than in a neighbour.
DESK_PRIOR = 4.0
MIN_CONFIDENCE = 0.5  # posterior below this: unknown (more likely another language)
# Function words that short Latin-script messages give away their language by (Taglish:
# "paki check po ng tracking number ko"). Two or more of one language's multiply its weight.
TL_MARKERS = """ang ng mga sa si ay po yung naman ako ko mo niya kasi lang hindi wala natin namin
ninyo kayo siya nang pero pa na ba rin din nyo sana paki salamat"""
EN_MARKERS = """the is are was my your i you it to of and not have has please where when why what
how can will this that with for"""
MARKERS: dict[str, frozenset[str]] = {
    "tl": frozenset(TL_MARKERS.split()),
    "en": frozenset(EN_MARKERS.split()),
}
MARKER_BOOST = 3.0
WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
MIN_LETTERS = 3  # "ok", "hi": unknown
MAX_CHARS = 600  # enough to tell; keeps long mails cheap

# Unicode blocks whose script one language owns (in a support desk's world).
SCRIPT_LANGUAGES: tuple[tuple[int, int, str], ...] = (
    (0x0530, 0x058F, "hy"),  # Armenian
    (0xFB13, 0xFB17, "hy"),  # Armenian ligatures
    (0x0B80, 0x0BFF, "ta"),  # Tamil
    (0x0D00, 0x0D7F, "ml"),  # Malayalam
    (0x0C80, 0x0CFF, "kn"),  # Kannada
    (0x0C00, 0x0C7F, "te"),  # Telugu
    (0x0D80, 0x0DFF, "si"),  # Sinhala
    (0x0A80, 0x0AFF, "gu"),  # Gujarati
    (0x0A00, 0x0A7F, "pa"),  # Gurmukhi
    (0x0980, 0x09FF, "bn"),  # Bengali
    (0x0B00, 0x0B7F, "or"),  # Odia
    (0x0E00, 0x0E7F, "th"),  # Thai
    (0x0E80, 0x0EFF, "lo"),  # Lao
    (0x1780, 0x17FF, "km"),  # Khmer
    (0x1000, 0x109F, "my"),  # Myanmar
    (0x10A0, 0x10FF, "ka"),  # Georgian
    (0x0370, 0x03FF, "el"),  # Greek
    (0x0590, 0x05FF, "he"),  # Hebrew
    (0x3040, 0x30FF, "ja"),  # Hiragana, Katakana
    (0xAC00, 0xD7AF, "ko"),  # Hangul syllables
    (0x1100, 0x11FF, "ko"),  # Hangul jamo
)
HAN = (0x4E00, 0x9FFF)
NOISE = re.compile(
    r"https?://\S+|www\.\S+|\S+@\S+|[@#]\w+|\b\w*\d\w*\b",  # links, addresses, codes, numbers
    re.UNICODE,
)


@dataclass(frozen=True)
class Detection:
    language: str  # ISO 639-1 code, "" when unknown
    confidence: float
    method: str  # "script", "model" or "none"


UNKNOWN = Detection("", 0.0, "none")


def detect_language(text: str) -> str:
    """The ISO 639-1 code of the language `text` is written in, or "" when unsure."""
    return detect(text).language


def detect(text: str) -> Detection:
    """detect_language with its confidence and how it was decided."""
    text = NOISE.sub(" ", unicodedata.normalize("NFC", (text or "")[:MAX_CHARS]))
    letters = [ch for ch in text if ch.isalpha()]
    if len(letters) < MIN_LETTERS:
        return UNKNOWN
    by_script = _script_counts(letters)
    owner, count = max(by_script.items(), key=lambda item: item[1])
    if owner and count * 2 > len(letters):
        return Detection(owner, round(count / len(letters), 3), "script")
    if by_script.get("zh", 0) * 2 > len(letters):
        return Detection("zh", round(by_script["zh"] / len(letters), 3), "script")
    return _detect_with_model(text)


def _script_counts(letters: list[str]) -> dict[str, int]:
    """Letters by the language owning their script; "" for shared scripts (Latin...)."""
    counts: dict[str, int] = {}
    for ch in letters:
        code = ord(ch)
        owner = ""
        if code >= 0x0370:
            for start, end, language in SCRIPT_LANGUAGES:
                if start <= code <= end:
                    owner = language
                    break
            else:
                if HAN[0] <= code <= HAN[1]:
                    owner = "zh"
        counts[owner] = counts.get(owner, 0) + 1
    return counts


def _detect_with_model(text: str) -> Detection:
    detector = get_detector()
    desk = set(desk_languages())
    words = {word.lower() for word in WORD.findall(text)}
    weighted: list[tuple[float, str]] = []
    for value in detector.compute_language_confidence_values(text):
        code = value.language.iso_code_639_1.name.lower()
        weight = value.value * (DESK_PRIOR if code in desk else 1.0)
        if len(words & MARKERS.get(code, frozenset())) >= 2:
            weight *= MARKER_BOOST
        weighted.append((weight, code))
    total = sum(weight for weight, _code in weighted)
    if total <= 0:
        return UNKNOWN
    best, code = max(weighted)
    confidence = best / total
    if confidence < MIN_CONFIDENCE:
        return UNKNOWN
    return Detection(code, round(confidence, 3), "model")


def desk_languages() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


def model_languages() -> list[str]:
    """The codes lingua is built for: the desk's, the neighbours and any extra ones."""
    wanted = [*desk_languages(), *NEIGHBOURS, *settings.LANGUAGE_DETECTION_EXTRA]
    return list(dict.fromkeys(code.lower() for code in wanted))


_lock = threading.Lock()
_detector: LanguageDetector | None = None


def get_detector() -> LanguageDetector:
    """lingua's detector for model_languages(), built once per process (thread-safe)."""
    global _detector
    if _detector is None:
        with _lock:
            if _detector is None:
                _detector = _build_detector(model_languages())
    return _detector


def _build_detector(codes: list[str]) -> LanguageDetector:
    from lingua import IsoCode639_1, LanguageDetectorBuilder

    known = []
    for code in codes:
        try:
            known.append(IsoCode639_1.from_str(code))
        except ValueError:  # no lingua model (Malayalam, Kannada...): found by script only
            continue
    return LanguageDetectorBuilder.from_iso_codes_639_1(*known).build()

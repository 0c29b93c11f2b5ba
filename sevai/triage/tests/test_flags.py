"""Urgent, angry and at-risk-of-churn flags in English, Tagalog, Tamil and Armenian."""

from __future__ import annotations

import pytest

from sevai.triage.flags import read_flags
from sevai.triage.predict import suggest_priority

URGENT = [
    "This is urgent, I need the documents today",
    "Please send it ASAP",
    "Kailangan ko na po agad yung refund",
    "Pakibilisan po, apurahan ito",
    "அவசரம்! பார்சல் உடனே வேண்டும்",
    "உடனடியாக பதில் சொல்லுங்கள்",
    "Շտապ է, խնդրում եմ",
    "Խնդրում եմ անհապաղ պատասխանել",
]
ANGRY = [
    "Worst service ever, this is unacceptable",
    "You are useless and incompetent",
    "Walang kwenta ang serbisyo ninyo, nakakainis",
    "Bwisit, ilang beses ko na kayong tinawagan",
    "மிகவும் மோசமான சேவை, கேவலம்",
    "எத்தனை முறை சொல்வது? ஏமாற்றுகிறீர்கள்",
    "Սա անընդունելի է, սարսափելի սպասարկում",
    "Վատագույն ընկերությունն եք, ամոթ",
]
CHURN = [
    "Refund or I will report you",
    "Please cancel my account, I am switching to a competitor",
    "Lilipat na ako sa ibang courier",
    "Hindi na ako oorder sa inyo, i-cancel ang account ko",
    "என் கணக்கை ரத்து செய்யுங்கள்",
    "இது கடைசி முறை, வேறு நிறுவனம் பார்க்கிறேன்",
    "Խնդրում եմ փակել հաշիվս",
    "Այլևս չեմ օգտվի, սա վերջին անգամն է",
]
CALM = [
    "Where is my parcel? Thank you",
    "Nasaan na po ang padala ko? Salamat po",
    "என் பார்சல் எங்கே? நன்றி",
    "Որտե՞ղ է իմ ծանրոցը: Շնորհակալություն",
    "Can you send me the invoice for today's delivery?",
]


class TestLexicon:
    @pytest.mark.parametrize("text", URGENT)
    def test_urgent_messages_are_flagged_urgent(self, text: str) -> None:
        flags = read_flags(text)
        assert flags.urgent.raised, flags
        assert flags.urgent.cues

    @pytest.mark.parametrize("text", ANGRY)
    def test_angry_messages_are_flagged_angry(self, text: str) -> None:
        assert read_flags(text).angry.raised

    @pytest.mark.parametrize("text", CHURN)
    def test_customers_about_to_leave_are_flagged(self, text: str) -> None:
        assert read_flags(text).churn.raised

    @pytest.mark.parametrize("text", CALM)
    def test_calm_messages_raise_no_flag(self, text: str) -> None:
        flags = read_flags(text)
        assert not (flags.urgent.raised or flags.angry.raised or flags.churn.raised), flags

    def test_shouting_adds_to_anger(self) -> None:
        calm = read_flags("where is my parcel, it is very late")
        loud = read_flags("WHERE IS MY PARCEL, IT IS VERY LATE!!!")
        assert loud.angry.confidence > calm.angry.confidence
        assert "ALL CAPS" in loud.angry.cues

    def test_cues_inside_other_words_do_not_count(self) -> None:
        assert not read_flags("I read the Fraudulent-Claims FAQ on scamper.example").angry.cues

    def test_more_cues_mean_more_confidence(self) -> None:
        one = read_flags("this is urgent")
        two = read_flags("this is urgent, please reply immediately")
        assert two.urgent.confidence > one.urgent.confidence


class TestPrioritySuggestion:
    def test_urgent_and_angry_is_urgent(self) -> None:
        flags = read_flags("Worst service! I need it ASAP")
        assert suggest_priority(flags, "", 0.0, vip=False)[0] == "urgent"

    def test_urgent_alone_is_high(self) -> None:
        flags = read_flags("Kailangan ko na po agad")
        assert suggest_priority(flags, "", 0.0, vip=False)[:1] == ("high",)

    def test_calm_without_a_model_is_normal_by_default(self) -> None:
        assert suggest_priority(read_flags("hello"), "", 0.0, vip=False) == (
            "normal",
            0.0,
            "default",
        )

    def test_the_model_is_followed_unless_the_tone_asks_for_more(self) -> None:
        calm = read_flags("billing details please")
        assert suggest_priority(calm, "low", 0.8, vip=False) == ("low", 0.8, "model")
        assert suggest_priority(calm, "low", 0.8, vip=True)[2] == "vip"

"""The personal-data scrubber, rule by rule, and what it must leave alone."""

from __future__ import annotations

import pytest
from django.utils import translation

from sevai.kb.scrub import clean_message, luhn_valid, scrub, strip_greetings, strip_quoted


@pytest.fixture(autouse=True)
def _english_labels() -> object:
    with translation.override("en"):
        yield


def scrubbed(text: str, **kw: object) -> str:
    return scrub(text, **kw).text  # type: ignore[arg-type]


class TestRules:
    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("write to ani.petrosyan@mail.am today", "write to [email] today"),
            ("மின்னஞ்சல்: kavi_99+kb@yahoo.co.in.", "மின்னஞ்சல்: [email]."),
            ("IBAN GB29 NWBK 6016 1331 9268 19 please", "IBAN [bank account] please"),
            ("card 4111-1111-1111-1111 was charged", "card [card number] was charged"),
            ("UPS 1Z999AA10123456784.", "UPS [tracking number]."),
            ("DHL JD014600006281234567", "DHL [tracking number]"),
            (
                "post RR123456789IN and ee 123 456 789 ph",
                "post [tracking number] and [tracking number]",
            ),
            (
                "J&T JT0001234567, Shopee SPXPH0123456789",
                "J&T [tracking number], Shopee [tracking number]",
            ),
            ("parcel id 4003123456789012", "parcel id [tracking number]"),
            ("call +63 917 123 4567", "call [phone]"),
            ("call 0063 917 123 4567", "call [phone]"),
            ("զանգեք +374 91 234567 կամ 091 23 45 67", "զանգեք [phone] կամ [phone]"),
            ("ring 0917-123-4567 or (02) 8123 4567", "ring [phone] or [phone]"),
            ("கைபேசி 98765 43210", "கைபேசி [phone]"),
            ("US office (555) 123-4567", "US office [phone]"),
            ("my viber is 4512 3321", "my viber is [phone]"),
            ("order #48213 and # 5521", "order [order number] and [order number]"),
            ("order 123-4567 arrived", "order [order number] arrived"),
            ("yung order number ko ay 77812", "yung order number ko ay [order number]"),
            ("ஆர்டர் எண் 55678", "ஆர்டர் எண் [order number]"),
            ("Պատվերի համարը 88123 է", "Պատվերի համարը [order number] է"),
        ],
    )
    def test_personal_data_is_replaced_by_a_label(self, text: str, expected: str) -> None:
        assert scrubbed(text) == expected

    @pytest.mark.parametrize(
        "text",
        [
            "Delivered on 02.03.2026 at 09:30-18:00.",
            "Delivery costs ₹1,250.00 or ₱350 within 3 days.",
            "Chennai 600017, Yerevan 0010, Quezon City 1100.",
            "Parcels up to 30 kg; lockers 24/7; 10 working days.",
            "See step 2 in section 4.1 of the guide (version 2026-03).",
            "card ending in 1234",
        ],
    )
    def test_ordinary_numbers_stay(self, text: str) -> None:
        assert scrubbed(text) == text

    def test_a_digit_string_that_fails_luhn_is_not_a_card(self) -> None:
        assert luhn_valid("4111111111111111") and not luhn_valid("4111111111111112")
        assert scrubbed("ref 4111 1111 1111 1112") == "ref [tracking number]"

    def test_known_contact_values_go_even_in_odd_formats(self) -> None:
        text = "my id is kavitha-2024 on telegram"
        assert (
            scrubbed(text, literals=[("kavitha-2024", "phone")]) == "my id is [phone] on telegram"
        )

    def test_counts_say_what_was_removed(self) -> None:
        result = scrub("a@b.example, c@d.example, +63 917 123 4567")
        assert dict(result.found) == {"email": 2, "phone": 1}


class TestNames:
    def test_full_names_and_their_parts_go(self) -> None:
        text = "Maria Clara Santos wrote; Maria's parcel; santos family"
        assert scrubbed(text, names=["Maria Clara Santos"]) == (
            "[name] wrote; [name]'s parcel; [name] family"
        )

    def test_latin_names_are_whole_words(self) -> None:
        assert scrubbed("Ana analysed the Anaconda order", names=["Ana"]) == (
            "[name] analysed the Anaconda order"
        )

    def test_tamil_and_armenian_names_keep_their_case_endings_out(self) -> None:
        assert scrubbed("கவிதாவுக்கு அனுப்பினோம்", names=["கவிதா"]) == "[name] அனுப்பினோம்"
        assert scrubbed("Անիին կզանգենք", names=["Անի Պետրոսյան"]) == "[name] կզանգենք"

    def test_short_name_parts_are_left_alone(self) -> None:
        assert scrubbed("Jo said hi", names=["Jo"]) == "Jo said hi"


class TestMessageCleanup:
    def test_quoted_mail_is_cut(self) -> None:
        text = "It arrived.\n\nOn Mon, 2 Mar 2026 at 10:14, Desk <d@x.example> wrote:\n> old"
        assert strip_quoted(text).strip() == "It arrived."
        assert strip_quoted("New text\n> quoted line\nmore").split("\n") == ["New text", "more"]

    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("Hi [name],\n\nThe parcel is late.", "The parcel is late."),
            ("Magandang hapon po!\nNasaan ang padala?", "Nasaan ang padala?"),
            ("Magandang araw po, [name]!\nNa-deliver na.", "Na-deliver na."),
            ("Բարի օր, [name]։\nԾանրոցը հասել է։", "Ծանրոցը հասել է։"),
            ("வணக்கம்,\nபார்சல் வரவில்லை.", "பார்சல் வரவில்லை."),
            ("Բարև Ձեզ։\nԾանրոցը չի հասել։", "Ծանրոցը չի հասել։"),
            ("Hello, where is my parcel?", "Hello, where is my parcel?"),
            ("Hello, my parcel is late.", "Hello, my parcel is late."),
            ("It works.\n\nBest regards,\nAsha\nSevai Courier", "It works."),
            ("Ayos na.\nSalamat po,\n[name]", "Ayos na."),
            ("சரி.\nநன்றி,\nகவிதா", "சரி."),
            ("Լավ։\nՀարգանքով՝\nԱշա", "Լավ։"),
        ],
    )
    def test_greetings_and_signatures_are_dropped(self, text: str, expected: str) -> None:
        assert strip_greetings(text) == expected

    def test_a_long_closing_paragraph_is_not_a_signature(self) -> None:
        text = "Thanks for waiting.\nThe van comes at 5.\nIt has a blue door.\nRing twice.\nBye."
        assert strip_greetings(text) == text

    def test_a_thank_you_only_message_becomes_empty(self) -> None:
        assert clean_message("Thank you so much!\nPriya", names=["Priya"]).text == ""

"""A small multilingual desk for tests: tickets about three topics in four languages, each
an opener, a sentence about the problem and a closing, so no two read quite alike."""

from __future__ import annotations

import random

from sevai.triage.examples import Example

OPENERS = {
    "en": ["Hi,", "Hello,", "Good morning,", "Dear support,", ""],
    "tl": ["Hello po,", "Magandang araw po,", "Hi po,", ""],
    "ta": ["வணக்கம்,", ""],
    "hy": ["Բարև ձեզ,", ""],
}
CLOSERS = {
    "en": ["Thanks.", "Please help.", "Regards, Maria", "Thank you in advance!", ""],
    "tl": ["Salamat po.", "Pakitulungan po ako.", ""],
    "ta": ["நன்றி.", ""],
    "hy": ["Շնորհակալություն:", ""],
}
TOPICS: dict[str, dict[str, list[str]]] = {
    "refund": {
        "en": [
            "I want my money back for order {n}.",
            "Please refund the payment for order {n}.",
            "Order {n} was cancelled but I was still charged, I need a refund.",
            "When will I get the refund for the returned item {n}?",
            "You charged my card for order {n}, please return the money.",
            "I am still waiting for my refund of order {n}.",
        ],
        "tl": [
            "Gusto ko pong ibalik ang pera ko sa order {n}.",
            "Pakibalik po ang bayad ko para sa order {n}.",
            "Kailan po maibabalik ang pera ko sa order {n}?",
            "Na-cancel ang order {n} pero nasingil pa rin ako, refund po.",
        ],
        "ta": [
            "ஆர்டர் {n} பணத்தை திருப்பி தாருங்கள்.",
            "ஆர்டர் {n} ரத்து செய்தேன், பணம் இன்னும் வரவில்லை.",
            "என் பணத்தை எப்போது திருப்பி தருவீர்கள்? ஆர்டர் {n}.",
        ],
        "hy": [
            "Խնդրում եմ վերադարձնել գումարը, պատվեր {n}։",
            "Պատվեր {n}-ը չեղարկվեց, բայց գումարը չի վերադարձվել։",
            "Ե՞րբ կվերադարձնեք իմ գումարը պատվեր {n}-ի համար։",
        ],
    },
    "delay": {
        "en": [
            "My parcel {n} has not arrived yet.",
            "Where is my package {n}? It is still not delivered.",
            "The delivery of parcel {n} is a week late.",
            "Tracking for shipment {n} has not moved for days.",
            "Parcel {n} was due on Monday and never came.",
            "How long until my order {n} is delivered?",
        ],
        "tl": [
            "Nasaan na po ang padala ko {n}? Hindi pa dumarating.",
            "Ang tagal dumating ng parsela {n}.",
            "Isang linggo na pero wala pa rin ang package {n}.",
            "Kailan po darating ang order {n}?",
        ],
        "ta": [
            "என் பார்சல் {n} இன்னும் வரவில்லை.",
            "பார்சல் {n} எங்கே இருக்கிறது? ஒரு வாரம் ஆகிவிட்டது.",
            "ஆர்டர் {n} எப்போது வந்து சேரும்?",
        ],
        "hy": [
            "Ծանրոց {n}-ը դեռ չի հասել։",
            "Որտե՞ղ է իմ ծանրոցը {n}, մեկ շաբաթ է սպասում եմ։",
            "Ե՞րբ կառաքվի պատվեր {n}-ը։",
        ],
    },
    "address-change": {
        "en": [
            "Please change the delivery address for parcel {n}.",
            "I moved, please update my address for shipment {n}.",
            "The address on parcel {n} is wrong, can you correct it?",
            "Can you send parcel {n} to my office address instead?",
            "I typed the wrong street for order {n}, please fix the address.",
            "Deliver parcel {n} to a new address please.",
        ],
        "tl": [
            "Pwede po bang palitan ang address ng padala {n}?",
            "Mali ang address sa parsela {n}, pakipalitan po.",
            "Lumipat na po ako, pakibago ang address ng order {n}.",
            "Pakipadala po ang {n} sa bagong address ko.",
        ],
        "ta": [
            "பார்சல் {n} முகவரியை மாற்ற வேண்டும்.",
            "ஆர்டர் {n} க்கு தவறான முகவரி கொடுத்தேன், திருத்துங்கள்.",
            "பார்சல் {n} ஐ என் அலுவலக முகவரிக்கு அனுப்புங்கள்.",
        ],
        "hy": [
            "Խնդրում եմ փոխել ծանրոց {n}-ի հասցեն։",
            "Պատվեր {n}-ի հասցեն սխալ է, ուղղեք խնդրում եմ։",
            "Ուղարկեք ծանրոց {n}-ը իմ նոր հասցեով։",
        ],
    },
}
# Of every ten tickets: five in English, three in Tagalog, one each in Tamil and Armenian.
MIX = ["en"] * 5 + ["tl"] * 3 + ["ta", "hy"]


def ticket_text(label: str, language: str, rng: random.Random) -> str:
    core = rng.choice(TOPICS[label][language]).format(n=rng.randrange(1000, 99999))
    parts = [rng.choice(OPENERS[language]), core, rng.choice(CLOSERS[language])]
    return " ".join(part for part in parts if part)


def desk_examples(per_topic: int = 30, *, seed: int = 7) -> list[Example]:
    rng = random.Random(seed)
    return [
        Example(ticket_text(label, MIX[i % len(MIX)], rng), label)
        for label in TOPICS
        for i in range(per_topic)
    ]

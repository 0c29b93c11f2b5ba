"""A small published knowledge base the assistant can answer from, for the channels' tests:
tracking a parcel (English and Tagalog) and refunds (English only), made through the real kb
actions (so the assistant's passage index is built as it is on a desk)."""

from __future__ import annotations

from sevai.kb.models import ArticleTranslation
from sevai.kb.tests.factories import make_article, translate

TRACKING = """You can follow your parcel from the moment we receive it until it reaches your door.

## Where to find the tracking number

The tracking number is on your receipt and in the SMS or email we send when the parcel is booked.

## How to track

1. Open the tracking page on our website or in the app.
2. Enter the tracking number.
3. You will see every scan: picked up, at the hub, out for delivery and delivered.
"""
TRACKING_TL = """Masusubaybayan mo ang padala mo mula nang matanggap namin ito hanggang
makarating sa pintuan mo.

## Saan makikita ang tracking number

Nasa resibo mo ang tracking number, pati na sa SMS o email na ipinapadala namin
pagka-book ng padala.

## Paano mag-track

1. Buksan ang tracking page sa aming website o sa app.
2. I-type ang tracking number.
3. Makikita mo ang bawat scan: na-pick up, nasa hub, out for delivery, at na-deliver na.
"""
REFUNDS = """When we cannot deliver a prepaid parcel, or you cancel before pickup, we refund the
full amount to the card or wallet you paid with.

Refunds to cards take 5 to 7 working days; wallet refunds arrive within one day.
To ask for a refund, reply to your booking email with the tracking number.
"""

TRACKING_QUESTION = "How can I track my parcel? Where do I find the tracking number?"
TRACKING_QUESTION_TL = "paano ko po ma-track yung parcel ko?"
OFF_TOPIC_QUESTION = "What is your favourite movie?"
OFF_TOPIC_QUESTION_TL = "ano ang paborito mong pelikula?"


def parcel_kb() -> dict[str, ArticleTranslation]:
    tracking = make_article("Track a parcel", body=TRACKING)
    tracking_tl = translate(tracking.article, "tl", "Paano i-track ang padala", body=TRACKING_TL)
    refunds = make_article("Refunds: when and how you get your money back", body=REFUNDS)
    return {"tracking": tracking, "tracking_tl": tracking_tl, "refunds": refunds}

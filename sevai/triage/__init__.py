"""Triage: the language of each customer message, and for every new ticket a predicted
topic, a priority suggestion and urgency/sentiment flags, each with a confidence."""

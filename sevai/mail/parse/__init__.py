"""Pieces of the inbound-mail parser; `sevai.mail.parsing.parse_email` is the entry point."""

"""Mailbox settings pages (admins) and the writes of the IMAP transport."""

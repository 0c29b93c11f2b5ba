"""The admin side of the assistant: its settings page, the conversations it had, corrections."""

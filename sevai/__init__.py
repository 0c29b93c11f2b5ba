"""Sevai: self-hostable, omnichannel customer support."""

__version__ = "0.1.0"

"""Hearth: an internal community platform."""

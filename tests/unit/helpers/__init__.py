"""Helpers for the unit tests: child processes, and running SIP Desk as another user."""

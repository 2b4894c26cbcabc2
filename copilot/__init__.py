"""Conversation copilot API for salespeople."""

__version__ = "0.1.0"

"""Offline-first sync between the local store and the central platform (no Qt)."""

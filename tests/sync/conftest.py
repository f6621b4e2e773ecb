"""Sync tests: the real sandbox on loopback, real clients, real store files."""

from support.sync_env import device, sandbox  # noqa: F401 - the shared fixtures

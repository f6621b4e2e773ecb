"""Service-layer tests of joint inspections: the real sandbox on loopback, real stores."""

from support.sync_env import device, sandbox  # noqa: F401 - the shared fixtures

"""Fixtures of the decision desk tests: see ``support/decision_env.py``."""

from support.decision_env import clock, device, sandbox

__all__ = ["clock", "device", "sandbox"]

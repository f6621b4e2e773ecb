"""The sandbox central platform: a real HTTP server implementing ``/api/v1``.

A separate program that shares ``backoffice.domain`` and ``backoffice.api``
with the app; the app talks to it over HTTP only. See ``docs/platform-api.md``.
"""

"""The central platform's REST contract (``/api/v1``) as pydantic models.

Shared by the sandbox platform (which serves it) and the REST client (which
validates every response with it before anything touches the store).
Imports pydantic and ``backoffice.domain`` only.
"""

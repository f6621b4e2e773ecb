"""The sandbox platform as a FastAPI application: ``create_app(db_url)``.

Routes are thin: they authenticate, validate with the models of
:mod:`backoffice.api.v1` and call the platform's services. Every failure
leaves in the one error shape (:mod:`backoffice.sandbox.errors`): FastAPI's
422 for bad input is replaced by ``request.invalid`` with the field errors
in ``details``; 401 (no or bad sign-in) carries ``WWW-Authenticate: Bearer``;
403 is kept for a signed-in user who may not do this.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from typing import Annotated, Any

from fastapi import Depends, FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.gzip import GZipMiddleware

from backoffice import __version__
from backoffice.api import v1
from backoffice.api.records import DepartmentRecord
from backoffice.sandbox import colleagues, db, errors, feed, files, freebusy, timeline, uploads
from backoffice.sandbox.auth import Tokens, User
from backoffice.sandbox.errors import ApiError
from backoffice.sandbox.faults import FaultInjection, Faults
from backoffice.sandbox.platform import Clock, Platform

_log = logging.getLogger("backoffice.sandbox")
_bearer = HTTPBearer(auto_error=False)
Credentials = Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]

def _current_user(request: Request, credentials: Credentials) -> User:
    platform: Platform = request.app.state.platform
    return platform.auth.authenticate(credentials.credentials if credentials else None)


CurrentUser = Annotated[User, Depends(_current_user)]

_ERRORS: dict[int | str, dict[str, Any]] = {
    status: {"model": v1.ErrorResponse} for status in (400, 401, 403, 404, 410, 413, 422)
}


def _error(status: int, code: str, details: dict[str, Any] | None = None,
           headers: dict[str, str] | None = None) -> JSONResponse:
    headers = {**({"WWW-Authenticate": "Bearer"} if status == 401 else {}), **(headers or {})}
    return JSONResponse({"error": errors.body(code, details)}, status_code=status,
                        headers=headers)


def _summary(exc: RequestValidationError) -> tuple[str, list[dict[str, Any]]]:
    found = [{"loc": [str(p) for p in e.get("loc", ())], "type": str(e.get("type", "")),
              "msg": str(e.get("msg", ""))} for e in exc.errors()[:20]]
    first = found[0] if found else {"loc": [], "msg": ""}
    return f"{'.'.join(first['loc'])}: {first['msg']}", found


def _pair(tokens: Tokens) -> v1.TokenPair:
    return v1.TokenPair(access_token=tokens.access_token, expires_in=tokens.expires_in,
                        refresh_token=tokens.refresh_token,
                        refresh_expires_in=tokens.refresh_expires_in)


def create_app(db_url: str, *, clock: Clock | None = None,
               max_body: int = 1024 * 1024) -> FastAPI:
    platform = Platform(db.make_engine(db_url), clock=clock)
    app = FastAPI(title="OneVisit central platform (sandbox)", version=__version__,
                  openapi_url="/openapi.json", docs_url=None, redoc_url=None)
    app.state.platform = platform
    app.state.faults = Faults()
    platform.commands.faults = app.state.faults  # break_commands: inside the service
    # Inside gzip: faults see and rewrite the uncompressed body.
    app.add_middleware(FaultInjection, faults=app.state.faults)
    # Level 1, not Starlette's 9: on a change-feed page level 9 takes ~35 ms
    # of the platform's CPU for ~20 % fewer bytes than level 1's ~5 ms, and
    # the sandbox serves loopback and the local network.
    app.add_middleware(GZipMiddleware, minimum_size=1000, compresslevel=1)
    app.add_middleware(files.IdentityForFiles)  # outside gzip: file bytes go out as they are
    app.add_middleware(files.BodyLimits, limit=max_body)  # file uploads: files.max_file_size()

    @app.exception_handler(ApiError)
    async def api_error(request: Request, exc: ApiError) -> JSONResponse:
        return _error(exc.status, exc.code, exc.details,
                      {**uploads.error_headers(request), **exc.headers})

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        summary, found = _summary(exc)
        return _error(422, "request.invalid", {"summary": summary, "errors": found},
                      uploads.error_headers(request))

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        # FastAPI answers 400 itself when the body cannot be decoded at all.
        code = {400: "request.bad_json", 404: "not_found", 403: "forbidden",
                401: "auth.token_missing"}.get(exc.status_code, "http.error")
        return _error(exc.status_code, code, {"status": exc.status_code},
                      uploads.error_headers(request))

    @app.exception_handler(Exception)
    async def unexpected(_: Request, exc: Exception) -> JSONResponse:
        _log.error("unexpected error", exc_info=exc)
        return _error(500, "server.error")

    p = v1.API_PREFIX

    @app.post(f"{p}/auth/login", response_model=v1.TokenPair, tags=["auth"], responses={
        **_ERRORS, 429: {"model": v1.ErrorResponse,
                         "description": "Too many failed sign-ins for this user name"}})
    def login(body: v1.LoginRequest) -> v1.TokenPair:
        return _pair(platform.auth.login(body.username, body.password))

    @app.post(f"{p}/auth/refresh", response_model=v1.TokenPair, responses=_ERRORS, tags=["auth"])
    def refresh(body: v1.RefreshRequest) -> v1.TokenPair:
        return _pair(platform.auth.refresh(body.refresh_token))

    @app.post(f"{p}/auth/logout", status_code=204, responses=_ERRORS, tags=["auth"])
    def logout(credentials: Credentials, body: v1.LogoutRequest | None = None) -> Response:
        access = credentials.credentials if credentials else None
        refresh_token = body.refresh_token if body else None
        if not access and not refresh_token:
            raise ApiError(401, "auth.token_missing")
        platform.auth.logout(access_token=access, refresh_token=refresh_token)
        return Response(status_code=204)

    @app.get(f"{p}/me", response_model=v1.Me, responses=_ERRORS, tags=["auth"])
    def me(current: CurrentUser) -> v1.Me:
        stored = platform.record("department", current.department_code)
        department = (stored.body if stored else
                      {"code": current.department_code, "name": "", "division_code": "-"})
        return v1.Me(username=current.username, display_name=current.display_name,
                     department=DepartmentRecord.model_validate(department),
                     roles=current.roles)

    @app.get(f"{p}/changes", response_model=v1.ChangesPage, tags=["sync"], responses={
        **_ERRORS, 200: {"headers": {"Link": {
            "description": 'The next page, when has_more: `<…/changes?since=…&limit=…>; '
                           'rel="next"` (RFC 8288), before the body',
            "schema": {"type": "string"}}}}})
    def changes(current: CurrentUser,
                since: Annotated[str | None, Query(max_length=200)] = None,
                limit: Annotated[int, Query(ge=1, le=v1.MAX_PAGE)] = v1.DEFAULT_PAGE) -> Response:
        with platform.engine.connect() as conn:
            found = feed.page(conn, department=current.department_code,
                              username=current.username, cursor=since, limit=limit)
        link = found.link(f"{p}/changes", limit)
        return Response(found.text.encode("utf-8"), media_type="application/json",
                        headers={"Link": link} if link else None)

    @app.post(f"{p}/commands", response_model=v1.CommandResults, responses=_ERRORS,
              tags=["sync"])
    def commands(current: CurrentUser, batch: v1.CommandBatch) -> Response:
        results = platform.commands.run_batch(current, batch.commands)
        return Response(json.dumps({"results": results}, ensure_ascii=False).encode("utf-8"),
                        media_type="application/json")

    @app.get(f"{p}/catalog", response_model=v1.Catalog, responses=_ERRORS, tags=["reference"])
    def catalog(current: CurrentUser) -> Response:
        del current
        with platform.engine.connect() as conn:
            entries = conn.execute(db.catalog_entries.select().order_by(
                db.catalog_entries.c.code)).all()
            departments = conn.execute(db.records.select().where(
                db.records.c.entity == "department").order_by(db.records.c.id)).all()
        text = ('{"departments": [' + ", ".join(d.body for d in departments) + '], "entries": ['
                + ", ".join(e.body for e in entries) + "]}")
        return Response(text.encode("utf-8"), media_type="application/json")

    @app.get(f"{p}/calendar", response_model=list[v1.CalendarYear], responses=_ERRORS,
             tags=["reference"])
    def calendar(current: CurrentUser,
                 year: Annotated[int | None, Query(ge=2000, le=2100)] = None) -> Response:
        del current
        stmt = db.calendar_years.select().order_by(db.calendar_years.c.year)
        if year is not None:
            stmt = stmt.where(db.calendar_years.c.year == year)
        with platform.engine.connect() as conn:
            rows = conn.execute(stmt).all()
        if year is not None and not rows:
            raise ApiError(404, "not_found", entity="calendar", id=str(year))
        text = "[" + ", ".join(r.body for r in rows) + "]"
        return Response(text.encode("utf-8"), media_type="application/json")

    @app.get(f"{p}/departments/{{code}}/users", response_model=v1.DepartmentUsers,
             responses=_ERRORS, tags=["reference"])
    def department_users(current: CurrentUser, code: str) -> v1.DepartmentUsers:
        with platform.engine.connect() as conn:
            return colleagues.department_users(conn, code, current.department_code)

    @app.get(f"{p}/free-busy", response_model=v1.FreeBusy, responses=_ERRORS,
             tags=["reference"])
    def free_busy(current: CurrentUser,
                  from_date: Annotated[dt.date, Query(alias="from")],
                  to_date: Annotated[dt.date, Query(alias="to")],
                  department: Annotated[str | None, Query(min_length=1, max_length=64)] = None,
                  ) -> v1.FreeBusy:
        del current  # any department may ask about any inspectors (joint inspections)
        with platform.engine.connect() as conn:
            return freebusy.free_busy(conn, platform.calendar, from_date, to_date, department)

    @app.get(f"{p}/cases/{{case_code}}/timeline", response_model=v1.Timeline,
             responses=_ERRORS, tags=["sync"])
    def case_timeline(current: CurrentUser, case_code: str) -> v1.Timeline:
        if not 0 < len(case_code) <= 64:
            raise ApiError(404, "not_found", entity="case", id=case_code[:64])
        with platform.engine.connect() as conn:
            return timeline.timeline(conn, case_code, current.department_code)

    _decision_routes(app, platform)
    app.include_router(files.router)
    app.include_router(uploads.router)  # resumable uploads (tus 1.0)
    return app


def _decision_routes(app: FastAPI, platform: Platform) -> None:
    """The signing service, document numbers and the platform's PKI (issue #10)."""
    p = v1.API_PREFIX
    limited = {**_ERRORS, 409: {"model": v1.ErrorResponse},
               429: {"model": v1.ErrorResponse, "description": "Rate limited; see Retry-After"}}

    @app.post(f"{p}/signing-requests", response_model=v1.SigningRequest, status_code=202,
              responses={200: {"model": v1.SigningRequest, "description": "Known id"},
                         **limited}, tags=["signing"])
    def create_signing_request(current: CurrentUser, body: v1.SigningRequestIn) -> JSONResponse:
        request, new = platform.signing.create(current, body)
        return JSONResponse(request.model_dump(mode="json"), status_code=202 if new else 200)

    @app.get(f"{p}/signing-requests/{{request_id}}", response_model=v1.SigningRequest,
             responses=limited, tags=["signing"])
    def signing_request(current: CurrentUser, request_id: str) -> v1.SigningRequest:
        return platform.signing.status(current, request_id)

    @app.post(f"{p}/document-numbers", response_model=v1.DocumentNumbers, responses=_ERRORS,
              tags=["signing"])
    def document_numbers(current: CurrentUser,
                         count: Annotated[int, Query(ge=1, le=20)] = 5,
                         kind: v1.NumberKind = "decision") -> v1.DocumentNumbers:
        if "signer" not in current.roles:
            raise ApiError(403, "role.missing", role="signer")
        from backoffice.sandbox.decisions import reserve_numbers

        with platform.lock, platform.engine.begin() as conn:
            numbers = reserve_numbers(conn, current.department_code, current.username,
                                      platform.today().year, count, kind=kind)
        return v1.DocumentNumbers(numbers=numbers)

    @app.get(f"{p}/pki/root.pem", tags=["signing"], response_class=Response,
             responses={200: {"content": {"application/x-pem-file": {}}}})
    def pki_root() -> Response:
        return Response(platform.pki.pki.root.cert_pem, media_type="application/x-pem-file")

    @app.get(f"{p}/pki/crl", tags=["signing"], response_class=Response,
             responses={200: {"content": {"application/pkix-crl": {}}}})
    def pki_crl() -> Response:
        return Response(platform.pki.pki.crl_der, media_type="application/pkix-crl")

    @app.post(f"{p}/pki/tsa", tags=["signing"], response_class=Response,
              responses={200: {"content": {"application/timestamp-reply": {}}}, **_ERRORS},
              openapi_extra={"requestBody": {"required": True, "content": {
                  "application/timestamp-query": {"schema": {"type": "string",
                                                             "format": "binary"}}}}})
    async def pki_tsa(request: Request) -> Response:
        from asn1crypto import tsp  # type: ignore[import-untyped]  # no stubs

        raw = await request.body()
        try:
            answer = platform.pki.timestamper().request_tsa_response(tsp.TimeStampReq.load(raw))
            reply = answer.dump()
        except Exception:  # noqa: BLE001 - a malformed query is the caller's problem
            # A DER query, not JSON: its own code, not request.bad_json.
            raise ApiError(400, "tsa.bad_request") from None
        return Response(reply, media_type="application/timestamp-reply")

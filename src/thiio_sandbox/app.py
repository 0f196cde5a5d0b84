"""The sandbox's web app: the JSON API the SPA calls, the test-only /__sandbox endpoints, the
static files and the SPA's index page for every other path (history-mode routing).

The API behaves like a Laravel back end would: a session cookie, an XSRF-TOKEN cookie echoed in
an X-XSRF-TOKEN header on state-changing calls (419 otherwise), 401 when the session is gone,
422 for bad input, 429 when throttled. Fault switches are applied here (latency, 502s, session
expiry) and in the store (stuck retries).
"""

from __future__ import annotations

import asyncio
import random
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, JSONResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from thiio_sandbox.faults import FaultError
from thiio_sandbox.relabel import checked_labels
from thiio_sandbox.scenarios import Scenario
from thiio_sandbox.security import tokens_equal, totp_code_valid, verify_password
from thiio_sandbox.store import (
    HALF_SESSION_SECONDS,
    NotFound,
    NotRetryable,
    Session,
    Store,
    minutes_text,
)

SESSION_COOKIE = "thiio_session"
XSRF_COOKIE = "XSRF-TOKEN"
XSRF_HEADER = "x-xsrf-token"
STATIC_DIR = Path(__file__).parent / "static"
# The same Thiio screens built on real component libraries: the page each one starts from.
# vuetify2, vuetify3 and quasar were written blind: from the help article, the library's
# documentation and docs/sandbox-contract.md alone, by someone who had not read the tool.
UI_INDEX = {
    "vuetify": "index.html",
    "element": "element/index.html",
    "vuetify2": "vuetify2/index.html",
    "vuetify3": "vuetify3/index.html",
    "quasar": "quasar/index.html",
}
MAX_PER_PAGE = 100

# What an nginx in front of a struggling PHP back end answers: HTML, not JSON.
BAD_GATEWAY_HTML = (
    "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n"
    "<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n"
    "</body>\r\n</html>\r\n"
)

PLACEHOLDER_HTML = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Thiio</title></head>
<body><p>The Thiio sandbox is running, but its single-page app
(src/thiio_sandbox/static/index.html) is not there yet.</p></body></html>
"""

# A dummy hash so an unknown email costs as much time as a wrong password.
_DUMMY_HASH = (
    "scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="
)


@dataclass
class Sandbox:
    """What the routes share: the state, the scenario that reset restores, chance."""

    store: Store
    scenario: Scenario
    rng: random.Random = field(default_factory=random.Random)
    static_dir: Path = STATIC_DIR
    ui: str = "vuetify"
    labels: dict[str, Any] = field(default_factory=dict)  # thiio_sandbox.relabel; {}: as is


Handler = Callable[[Request, Sandbox, "Session | None"], Awaitable[Response]]


def create_app(
    store: Store,
    scenario: Scenario,
    *,
    rng: random.Random | None = None,
    static_dir: Path | None = None,
    ui: str = "vuetify",
    labels: dict[str, Any] | None = None,
) -> Starlette:
    if ui not in UI_INDEX:
        raise ValueError(f"unknown ui {ui!r}: one of {', '.join(UI_INDEX)}")
    sandbox = Sandbox(
        store=store,
        scenario=scenario,
        rng=rng or random.Random(),
        static_dir=static_dir or STATIC_DIR,
        ui=ui,
        labels=checked_labels(labels),
    )
    routes = [
        Route("/api/ui-config", api(ui_config, auth=False, faults=False)),
        Route("/api/login", api(login, auth=False, csrf=False), methods=["POST"]),
        Route("/api/login/two-factor", api(two_factor, half_session=True), methods=["POST"]),
        Route("/api/logout", api(logout), methods=["POST"]),
        Route("/api/me", api(me)),
        Route("/api/orders", api(list_orders)),
        Route("/api/orders/{number}", api(show_order)),
        Route(
            "/api/notifications/{id:int}/retry",
            api(retry, may_fail_after_recording=True),
            methods=["POST"],
        ),
        Route(
            "/api/notifications/{id:int}/resend",
            api(resend, may_fail_after_recording=True),
            methods=["POST"],
        ),
        Route("/api/{rest:path}", api_not_found, methods=["GET", "POST", "PUT", "PATCH", "DELETE"]),
        Route("/__sandbox/ledger", sandbox_ledger),
        Route("/__sandbox/reset", sandbox_reset, methods=["POST"]),
        Route("/__sandbox/faults", sandbox_faults, methods=["GET", "POST"]),
        Route("/__sandbox/sessions/expire", sandbox_expire_sessions, methods=["POST"]),
        Route("/__sandbox/{rest:path}", api_not_found, methods=["GET", "POST"]),
        Mount("/static", StaticFiles(directory=sandbox.static_dir, check_dir=False)),
        Route("/{path:path}", spa_index, methods=["GET", "HEAD"]),
    ]
    app = Starlette(routes=routes, middleware=[Middleware(SecurityHeaders)])
    app.state.sandbox = sandbox
    return app


class SecurityHeaders:
    """Headers a real admin sends on every answer; API answers are never cached."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        is_api = scope["path"].startswith(("/api/", "/__sandbox/"))

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                headers += [
                    (b"x-content-type-options", b"nosniff"),
                    (b"x-frame-options", b"SAMEORIGIN"),
                    (b"referrer-policy", b"same-origin"),
                ]
                if is_api:
                    headers.append((b"cache-control", b"no-store"))
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_headers)


# ---------------------------------------------------------------------------------------------
# The API wrapper: faults, session, CSRF


def message(status: int, text: str, **extra: Any) -> JSONResponse:
    return JSONResponse({"message": text, **extra}, status_code=status)


def bad_gateway() -> Response:
    return HTMLResponse(BAD_GATEWAY_HTML, status_code=502)


def api(
    handler: Handler,
    *,
    auth: bool = True,
    csrf: bool = True,
    faults: bool = True,
    half_session: bool = False,
    may_fail_after_recording: bool = False,
) -> Callable[[Request], Awaitable[Response]]:
    """Wrap an API handler in what every real API call goes through."""

    async def endpoint(request: Request) -> Response:
        sandbox: Sandbox = request.app.state.sandbox
        store = sandbox.store
        switches = store.faults()
        fail_after = False
        if faults:
            delay_ms = switches.latency_ms
            if switches.jitter_ms:
                delay_ms += sandbox.rng.uniform(0, switches.jitter_ms)
            if delay_ms:
                await asyncio.sleep(delay_ms / 1000)
            if switches.error_rate and sandbox.rng.random() < switches.error_rate:
                # The nasty real case: the retry was done, only the answer got lost.
                if may_fail_after_recording and sandbox.rng.random() < 0.5:
                    fail_after = True
                else:
                    return bad_gateway()
        session: Session | None = None
        if auth:
            session = store.session(request.cookies.get(SESSION_COOKIE))
            if session is None or session.two_factor_pending != half_session:
                return message(401, "Unauthenticated.")
            age = store.clock() - session.created_at
            ttl = HALF_SESSION_SECONDS if half_session else switches.session_ttl_seconds
            if ttl is not None and age > ttl:
                return message(401, "Unauthenticated.")
        if csrf and request.method not in ("GET", "HEAD", "OPTIONS"):
            header = unquote(request.headers.get(XSRF_HEADER, ""))
            cookie = unquote(request.cookies.get(XSRF_COOKIE, ""))
            expected = session.xsrf_token if session else cookie
            if not (tokens_equal(header, cookie) and tokens_equal(header, expected)):
                return message(419, "CSRF token mismatch.")
        response = await handler(request, sandbox, session)
        return bad_gateway() if fail_after else response

    return endpoint


async def json_body(request: Request) -> dict[str, Any]:
    try:
        body = await request.json()
    except ValueError:
        return {}
    return body if isinstance(body, dict) else {}


def set_session_cookies(response: Response, token: str, session: Session) -> None:
    response.set_cookie(SESSION_COOKIE, token, httponly=True, samesite="lax", path="/")
    response.set_cookie(XSRF_COOKIE, session.xsrf_token, httponly=False, samesite="lax", path="/")


def clear_session_cookies(response: Response) -> None:
    response.delete_cookie(SESSION_COOKIE, path="/", httponly=True, samesite="lax")
    response.delete_cookie(XSRF_COOKIE, path="/", samesite="lax")


def locked_out(seconds_left: float) -> JSONResponse:
    minutes = minutes_text(seconds_left)
    unit = "minute" if minutes == 1 else "minutes"
    return message(429, f"Too many login attempts. Please try again in {minutes} {unit}.")


# ---------------------------------------------------------------------------------------------
# Handlers


async def ui_config(request: Request, sandbox: Sandbox, session: Session | None) -> Response:
    config = sandbox.store.faults().ui_config()
    if sandbox.labels:  # a relabelled UI; the default answer stays as it was
        config["labels"] = sandbox.labels
    return JSONResponse(config)


async def login(request: Request, sandbox: Sandbox, session: Session | None) -> Response:
    store = sandbox.store
    body = await json_body(request)
    email = str(body.get("email") or "").strip().lower()
    password = str(body.get("password") or "")
    errors = {}
    if not email:
        errors["email"] = ["The email field is required."]
    if not password:
        errors["password"] = ["The password field is required."]
    if errors:
        first = next(iter(errors.values()))[0]
        return message(422, first, errors=errors)
    seconds_left = store.lockout_seconds_left(email)
    if seconds_left:
        return locked_out(seconds_left)
    user = store.user_by_email(email)
    if not verify_password(password, user.password_hash if user else _DUMMY_HASH) or not user:
        store.record_login_failure(email)
        return message(
            422,
            "These credentials do not match our records.",
            errors={"email": ["These credentials do not match our records."]},
        )
    store.clear_login_failures(email)
    store.delete_session(request.cookies.get(SESSION_COOKIE))
    token, new_session = store.create_session(user, two_factor_pending=bool(user.totp_secret))
    if new_session.two_factor_pending:
        response = JSONResponse({"two_factor_required": True})
    else:
        response = JSONResponse({"two_factor_required": False, "user": user.as_json()})
    set_session_cookies(response, token, new_session)
    return response


async def two_factor(request: Request, sandbox: Sandbox, session: Session | None) -> Response:
    store = sandbox.store
    assert session is not None
    user = session.user
    seconds_left = store.lockout_seconds_left(user.email)
    if seconds_left:
        return locked_out(seconds_left)
    code = str((await json_body(request)).get("code") or "")
    if not code.strip():
        return message(422, "The code field is required.", errors={"code": ["Required."]})
    if not user.totp_secret or not totp_code_valid(user.totp_secret, code, store.clock()):
        store.record_login_failure(user.email)
        text = "The provided two factor authentication code was invalid."
        return message(422, text, errors={"code": [text]})
    store.clear_login_failures(user.email)
    # A fresh token once the second factor is in: the half-session token dies here.
    store.delete_session(request.cookies.get(SESSION_COOKIE))
    token, new_session = store.create_session(user, two_factor_pending=False)
    response = JSONResponse({"two_factor_required": False, "user": user.as_json()})
    set_session_cookies(response, token, new_session)
    return response


async def logout(request: Request, sandbox: Sandbox, session: Session | None) -> Response:
    sandbox.store.delete_session(request.cookies.get(SESSION_COOKIE))
    response = Response(status_code=204)
    clear_session_cookies(response)
    return response


async def me(request: Request, sandbox: Sandbox, session: Session | None) -> Response:
    assert session is not None
    return JSONResponse(session.user.as_json())


async def list_orders(request: Request, sandbox: Sandbox, session: Session | None) -> Response:
    params = request.query_params
    try:
        page = max(1, int(params.get("page") or 1))
        per_page = min(MAX_PER_PAGE, max(1, int(params.get("per_page") or 25)))
    except ValueError:
        return message(422, "page and per_page must be whole numbers.")
    search = (params.get("search") or "")[:200]
    rows, total = sandbox.store.search_orders(search, page=page, per_page=per_page)
    return JSONResponse(
        {
            "data": rows,
            "total": total,
            "page": page,
            "per_page": per_page,
            "last_page": max(1, -(-total // per_page)),
        }
    )


async def show_order(request: Request, sandbox: Sandbox, session: Session | None) -> Response:
    try:
        return JSONResponse(sandbox.store.order(request.path_params["number"]))
    except NotFound:
        return message(404, "Order not found.")


async def _request_retry(request: Request, sandbox: Sandbox, session: Session, action: str):
    try:
        notification = sandbox.store.request_retry(
            request.path_params["id"], user_email=session.user.email, action=action
        )
    except NotFound:
        return message(404, "Notification not found.")
    except NotRetryable as exc:
        return message(409, f"Only a failed notification can be retried; this one is {exc.status}.")
    verb = "Resend" if action == "resend" else "Retry"
    return JSONResponse(
        {"message": f"{verb} requested.", "notification": notification}, status_code=202
    )


async def retry(request: Request, sandbox: Sandbox, session: Session | None) -> Response:
    assert session is not None
    return await _request_retry(request, sandbox, session, "retry")


async def resend(request: Request, sandbox: Sandbox, session: Session | None) -> Response:
    assert session is not None
    return await _request_retry(request, sandbox, session, "resend")


async def api_not_found(request: Request) -> Response:
    return message(404, "Not found.")


# ---------------------------------------------------------------------------------------------
# Test-only endpoints (the app never links here)


async def sandbox_ledger(request: Request) -> Response:
    return JSONResponse({"retries": request.app.state.sandbox.store.ledger()})


async def sandbox_reset(request: Request) -> Response:
    sandbox: Sandbox = request.app.state.sandbox
    sandbox.store.reset(sandbox.scenario)
    return JSONResponse({"ok": True, "faults": sandbox.store.faults().as_dict()})


async def sandbox_faults(request: Request) -> Response:
    store: Store = request.app.state.sandbox.store
    if request.method == "POST":
        try:
            store.set_faults(store.faults().merged(await json_body(request)))
        except FaultError as exc:
            return message(400, str(exc))
    return JSONResponse(store.faults().as_dict())


async def sandbox_expire_sessions(request: Request) -> Response:
    store: Store = request.app.state.sandbox.store
    return JSONResponse({"expired": store.expire_sessions()})


# ---------------------------------------------------------------------------------------------
# The single-page app


async def spa_index(request: Request) -> Response:
    sandbox = request.app.state.sandbox
    index = sandbox.static_dir / UI_INDEX[sandbox.ui]
    headers = {"cache-control": "no-cache"}
    if index.is_file():
        return FileResponse(index, media_type="text/html", headers=headers)
    return HTMLResponse(PLACEHOLDER_HTML, headers=headers)

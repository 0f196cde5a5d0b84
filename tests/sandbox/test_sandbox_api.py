"""The HTTP API as the SPA sees it: login, lockout, 2FA, CSRF, sessions, orders, retries,
faults, the test-only endpoints and the SPA's index for every other path."""

from __future__ import annotations

import pyotp
import pytest
from sandbox_helpers import FakeClock, ScriptedRandom, log_in, notification_of, xsrf
from starlette.testclient import TestClient

from thiio_sandbox import app as app_module
from thiio_sandbox.faults import Faults
from thiio_sandbox.store import Store

TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def uc_id(client: TestClient, order: str = "12345") -> int:
    detail = client.get(f"/api/orders/{order}").json()
    (row,) = [n for n in detail["notifications"] if n["integration"] == "Ultracart"]
    return row["id"]


# -- login, sessions ----------------------------------------------------------------------------


def test_login_sets_safe_cookies_and_me_answers(client: TestClient) -> None:
    assert client.get("/api/me").status_code == 401
    answer = log_in(client)
    assert answer.status_code == 200
    assert answer.json() == {
        "two_factor_required": False,
        "user": {
            "id": 1,
            "email": "demo@thiio.test",
            "name": "Demo Admin",
            "two_factor_enabled": False,
        },
    }
    cookies = answer.headers.get_list("set-cookie")
    session_cookie = next(c for c in cookies if c.startswith("thiio_session="))
    xsrf_cookie = next(c for c in cookies if c.startswith("XSRF-TOKEN="))
    assert "HttpOnly" in session_cookie and "SameSite=lax" in session_cookie
    assert "HttpOnly" not in xsrf_cookie  # the SPA reads it
    assert len(client.cookies["thiio_session"]) >= 40
    assert client.get("/api/me").json()["email"] == "demo@thiio.test"


def test_every_api_call_needs_a_session(client: TestClient) -> None:
    for path in ("/api/me", "/api/orders", "/api/orders/12345"):
        answer = client.get(path)
        assert answer.status_code == 401 and answer.json() == {"message": "Unauthenticated."}
    assert client.post("/api/notifications/1/retry").status_code == 401


def test_wrong_password_then_lockout_after_five(client: TestClient, clock: FakeClock) -> None:
    for _ in range(5):
        answer = log_in(client, password="wrong")
        assert answer.status_code == 422
        assert answer.json()["message"] == "These credentials do not match our records."
        clock.advance(10)
    locked = log_in(client)  # even the right password is refused now
    assert locked.status_code == 429
    assert locked.json()["message"] == "Too many login attempts. Please try again in 15 minutes."
    assert log_in(client, "2fa@thiio.test").status_code == 200  # per email
    clock.advance(15 * 60)
    assert log_in(client).status_code == 200


def test_unknown_email_and_missing_fields(client: TestClient) -> None:
    assert log_in(client, "nobody@thiio.test").status_code == 422
    answer = client.post("/api/login", json={"email": "", "password": ""})
    assert answer.status_code == 422 and "email" in answer.json()["errors"]
    assert client.post("/api/login", content=b"not json").status_code == 422


def test_two_factor_login(client: TestClient, clock: FakeClock) -> None:
    first = log_in(client, "2fa@thiio.test")
    assert first.json() == {"two_factor_required": True}
    assert client.get("/api/me").status_code == 401  # half a login is no login
    wrong = client.post("/api/login/two-factor", json={"code": "000000"}, headers=xsrf(client))
    assert wrong.status_code == 422
    code = pyotp.TOTP(TOTP_SECRET).at(clock.now)
    no_csrf = client.post("/api/login/two-factor", json={"code": code})
    assert no_csrf.status_code == 419
    done = client.post("/api/login/two-factor", json={"code": code}, headers=xsrf(client))
    assert done.status_code == 200 and done.json()["user"]["two_factor_enabled"] is True
    assert client.get("/api/me").json()["email"] == "2fa@thiio.test"


def test_two_factor_code_from_the_previous_step_is_accepted(
    client: TestClient, clock: FakeClock
) -> None:
    log_in(client, "2fa@thiio.test")
    old = pyotp.TOTP(TOTP_SECRET).at(clock.now - 30)
    stale = pyotp.TOTP(TOTP_SECRET).at(clock.now - 120)
    assert (
        client.post("/api/login/two-factor", json={"code": stale}, headers=xsrf(client)).status_code
        == 422
    )
    assert (
        client.post("/api/login/two-factor", json={"code": old}, headers=xsrf(client)).status_code
        == 200
    )


def test_logout_ends_the_session(client: TestClient) -> None:
    log_in(client)
    token = client.cookies["thiio_session"]
    assert client.post("/api/logout", headers=xsrf(client)).status_code == 204
    client.cookies.set("thiio_session", token)  # a replayed cookie is dead too
    assert client.get("/api/me").status_code == 401


def test_session_expiry(client: TestClient, store: Store, clock: FakeClock) -> None:
    store.set_faults(Faults(session_ttl_seconds=60))
    log_in(client)
    clock.advance(59)
    assert client.get("/api/orders").status_code == 200
    clock.advance(2)
    assert client.get("/api/orders").status_code == 401


def test_expiring_every_session_spares_the_next_login(client: TestClient) -> None:
    log_in(client)
    assert client.post("/__sandbox/sessions/expire").json() == {"expired": 1}
    assert client.get("/api/orders").status_code == 401
    log_in(client)
    assert client.get("/api/orders").status_code == 200


# -- CSRF -----------------------------------------------------------------------------------------


def test_state_changing_calls_need_the_xsrf_header(client: TestClient) -> None:
    log_in(client)
    notification = uc_id(client)
    missing = client.post(f"/api/notifications/{notification}/retry")
    assert missing.status_code == 419 and missing.json() == {"message": "CSRF token mismatch."}
    forged = client.post(
        f"/api/notifications/{notification}/retry", headers={"X-XSRF-TOKEN": "forged"}
    )
    assert forged.status_code == 419
    ok = client.post(f"/api/notifications/{notification}/retry", headers=xsrf(client))
    assert ok.status_code == 202


# -- orders and retries ---------------------------------------------------------------------------


def test_orders_search_and_details(client: TestClient) -> None:
    log_in(client)
    page = client.get("/api/orders", params={"search": "garcia", "per_page": 1}).json()
    assert page["total"] == 2 and page["per_page"] == 1 and page["last_page"] == 2
    assert len(page["data"]) == 1
    assert (
        client.get("/api/orders", params={"search": "jane@example.com"}).json()["data"][0]["number"]
        == "12345"
    )
    detail = client.get("/api/orders/12345").json()
    assert detail["customer_name"] == "Jane Doe"
    assert {"items", "shipping_address", "notifications"} <= set(detail)
    assert client.get("/api/orders/99999").status_code == 404
    assert client.get("/api/orders", params={"page": "x"}).status_code == 422


def test_markup_in_names_is_returned_as_data(client: TestClient) -> None:
    log_in(client)
    found = client.get("/api/orders", params={"search": "10028"}).json()["data"][0]
    assert found["customer_name"] == "<script>alert(1)</script> Smith"  # the SPA escapes it
    assert client.get("/api/orders/10028").headers["content-type"].startswith("application/json")


def test_retry_through_the_api(client: TestClient, clock: FakeClock) -> None:
    log_in(client)
    notification = uc_id(client)
    accepted = client.post(f"/api/notifications/{notification}/retry", headers=xsrf(client))
    assert accepted.status_code == 202
    assert accepted.json()["notification"]["status"] == "Processing"
    again = client.post(f"/api/notifications/{notification}/retry", headers=xsrf(client))
    assert again.status_code == 409  # Processing is not Failed
    clock.advance(1.5)
    row = next(
        n
        for n in client.get("/api/orders/12345").json()["notifications"]
        if n["id"] == notification
    )
    assert row["status"] == "Success" and row["attempts"] == 2
    ledger = client.get("/__sandbox/ledger").json()["retries"]
    assert [(e["order"], e["integration"], e["action"], e["user"]) for e in ledger] == [
        ("12345", "Ultracart", "retry", "demo@thiio.test")
    ]
    assert client.post("/api/notifications/999999/retry", headers=xsrf(client)).status_code == 404


def test_resend_records_its_action(client: TestClient, store: Store) -> None:
    log_in(client)
    webhook = notification_of(store, "10018", "System Webhook")
    answer = client.post(f"/api/notifications/{webhook['id']}/resend", headers=xsrf(client))
    assert answer.status_code == 202
    assert [e["action"] for e in store.ledger()] == ["resend"]


# -- faults ---------------------------------------------------------------------------------------


def test_ui_config_reflects_the_ui_faults(client: TestClient) -> None:
    assert client.get("/api/ui-config").json() == {
        "post_login_dialog": False,
        "rerender_ms": 0,
        "confirm_retry": False,
    }
    set_to = client.post(
        "/__sandbox/faults",
        json={"post_login_dialog": True, "rerender_ms": 700, "confirm_retry": True},
    ).json()
    assert set_to["rerender_ms"] == 700 and set_to["error_rate"] == 0
    assert client.get("/api/ui-config").json() == {
        "post_login_dialog": True,
        "rerender_ms": 700,
        "confirm_retry": True,
    }


def test_bad_fault_switches_are_refused(client: TestClient) -> None:
    assert client.post("/__sandbox/faults", json={"nonsense": 1}).status_code == 400
    assert client.post("/__sandbox/faults", json={"error_rate": 2}).status_code == 400
    assert client.get("/__sandbox/faults").json()["error_rate"] == 0


def test_latency_and_jitter(
    client: TestClient, store: Store, rng: ScriptedRandom, monkeypatch: pytest.MonkeyPatch
) -> None:
    slept: list[float] = []

    async def record_sleep(seconds: float) -> None:
        slept.append(seconds)

    monkeypatch.setattr(app_module.asyncio, "sleep", record_sleep)
    monkeypatch.setattr(rng, "uniform", lambda low, high: high / 2)
    store.set_faults(Faults(latency_ms=300, jitter_ms=100))
    log_in(client)
    client.get("/api/orders")
    client.get("/")  # not an API call: never delayed
    assert slept == [0.35, 0.35]


def test_error_rate_answers_502_on_api_calls_only(client: TestClient, store: Store) -> None:
    log_in(client)
    store.set_faults(Faults(error_rate=1.0))
    answer = client.get("/api/orders")
    assert answer.status_code == 502 and "Bad Gateway" in answer.text
    assert client.get("/orders/12345").status_code == 200
    assert client.get("/api/ui-config").status_code == 200  # the SPA's boot never fails
    assert client.get("/__sandbox/ledger").status_code == 200


@pytest.mark.parametrize(
    ("second_draw", "ledger", "status"),
    [
        (0.9, [], "Failed"),  # the 502 comes before the retry is done
        (0.2, ["12345"], "Processing"),  # the retry was done, only the answer is lost
    ],
    ids=["before-recording", "after-recording"],
)
def test_a_502_on_retry(
    client: TestClient,
    store: Store,
    rng: ScriptedRandom,
    second_draw: float,
    ledger: list[str],
    status: str,
) -> None:
    log_in(client)
    notification = uc_id(client)
    store.set_faults(Faults(error_rate=0.5))
    rng.script = [0.1, second_draw]  # 0.1: hit by the fault
    answer = client.post(f"/api/notifications/{notification}/retry", headers=xsrf(client))
    assert answer.status_code == 502
    assert [e["order"] for e in store.ledger()] == ledger
    assert notification_of(store, "12345")["status"] == status


def test_stuck_processing_through_the_api(client: TestClient, clock: FakeClock) -> None:
    log_in(client)
    client.post("/__sandbox/faults", json={"stuck_processing": ["12345"]})
    notification = uc_id(client)
    client.post(f"/api/notifications/{notification}/retry", headers=xsrf(client))
    clock.advance(600)
    row = next(
        n
        for n in client.get("/api/orders/12345").json()["notifications"]
        if n["id"] == notification
    )
    assert row["status"] == "Processing"


def test_reset_endpoint(client: TestClient, clock: FakeClock) -> None:
    log_in(client)
    client.post(f"/api/notifications/{uc_id(client)}/retry", headers=xsrf(client))
    client.post("/__sandbox/faults", json={"latency_ms": 5})
    answer = client.post("/__sandbox/reset")
    assert answer.status_code == 200 and answer.json()["faults"]["latency_ms"] == 0
    assert client.get("/__sandbox/ledger").json() == {"retries": []}
    assert client.get("/api/me").status_code == 401  # reset logs everybody out
    log_in(client)
    statuses = {
        n["integration"]: n["status"]
        for n in client.get("/api/orders/12345").json()["notifications"]
    }
    assert statuses["Ultracart"] == "Failed"


# -- the SPA ----------------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/", "/orders", "/orders/12345", "/login", "/settings/x"])
def test_history_routes_serve_the_spa(client: TestClient, path: str) -> None:
    answer = client.get(path)
    assert answer.status_code == 200 and answer.headers["content-type"].startswith("text/html")
    assert answer.headers["x-content-type-options"] == "nosniff"


def test_unknown_api_paths_are_json_404(client: TestClient) -> None:
    answer = client.get("/api/nothing-here")
    assert answer.status_code == 404 and answer.json() == {"message": "Not found."}
    assert client.get("/__sandbox/nothing").status_code == 404


def test_placeholder_without_an_index(store: Store, default_scenario, tmp_path) -> None:
    bare = app_module.create_app(store, default_scenario, static_dir=tmp_path)
    with TestClient(bare) as bare_client:
        answer = bare_client.get("/orders")
        assert answer.status_code == 200 and "not there yet" in answer.text
        assert bare_client.get("/static/app.js").status_code == 404

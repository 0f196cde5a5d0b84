"""Being logged in: the storage state kept between runs, and logging in when it is not enough.

The state file holds the site's session cookie: it lives in the user's cache directory,
mode 0600, named by a hash of URL + email (so no address or name shows in a file listing).
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import json
import os
from dataclasses import dataclass, replace
from pathlib import Path

import pyotp
from playwright.async_api import Browser, BrowserContext, Locator, StorageState
from playwright.async_api import Error as PlaywrightError

from .config import SiteConfig
from .masking import NO_MASK, Mask
from .pages.common import AuthError, NotTheSite, Screen
from .pages.login import LoginPage, LoginUnanswered
from .pages.login_calls import SubmissionCalls
from .pages.nav import app_ready
from .rundir import write_private
from .target import Target
from .worker import Worker

# A login that never reached the site is submitted again, up to this many times in all, waiting
# 1 s, 2 s, 3 s between: long enough for a site restarting behind its proxy.
LOGIN_ATTEMPTS = 4
LOGIN_BACKOFF_SECONDS = 1.0


def cache_dir(configured: str | None) -> Path:
    if configured:
        return Path(configured).expanduser()
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "thiio-runbook"


def state_file(directory: Path, target: Target) -> Path:
    key = hashlib.sha256(f"{target.url}\n{target.email.lower()}".encode()).hexdigest()[:24]
    return directory / f"{key}.json"


@dataclass
class LoginEvidence:
    """What step 1.1 did, for the step record: screenshot bytes (secrets masked) and seconds."""

    screenshot: bytes | None
    used_saved_state: bool
    detail: str


class Session:
    """One account's logged-in state, shared by every page of a run."""

    def __init__(self, target: Target, site: SiteConfig, fresh_login: bool = False) -> None:
        self.target = target
        self.site = site
        # The embedded sandbox lives for one run: its sessions are not worth keeping.
        self.keep = site.session_reuse and not target.sandbox
        self.reuse = self.keep and not fresh_login
        self.fresh_login = fresh_login
        self.state_path = state_file(cache_dir(site.session_cache_dir), target)
        self.logins = 0  # form submissions this run, for the record and for tests
        # Logging in again after the site logged a page out: one page at a time (pages that
        # share a context share its cookies: one new login serves them all).
        self._again = asyncio.Lock()

    async def new_context(
        self, browser: Browser, state: StorageState | None = None
    ) -> BrowserContext:
        """A context with the saved session (or `state`, another context's storage state)."""
        b = self.site.browser
        saved: StorageState | str | None = state
        if state is None and self.reuse and self.state_path.is_file():
            saved = str(self.state_path)
        context = await browser.new_context(
            storage_state=saved,
            viewport={"width": b.viewport_width, "height": b.viewport_height},
            locale=b.locale,
        )
        context.set_default_timeout(self.site.timeouts.action_seconds * 1000)
        context.set_default_navigation_timeout(self.site.timeouts.navigation_seconds * 1000)
        return context

    async def save_state(self, context: BrowserContext) -> None:
        if not self.keep:
            return
        state = await context.storage_state()
        self.state_path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        write_private(self.state_path, json.dumps(state).encode())

    def forget_state(self) -> None:
        self.state_path.unlink(missing_ok=True)

    def app_ready(self, screen: Screen) -> Locator:
        """The sign of being inside the app: the left menu's Orders entry."""
        return app_ready(screen)

    async def open_app(self, screen: Screen, worker: Worker | None = None) -> LoginEvidence:
        """Open the account's URL and make sure we are logged in (step 1.1).

        worker: the screen's worker (its mask, its tracer); None for a page of no worker.
        """
        page = screen.page
        try:
            await page.goto(self.target.url + "/", wait_until="domcontentloaded")
        except PlaywrightError as exc:  # refused, unknown host, TLS: one clear line, no trace
            reason = str(exc).splitlines()[0].removeprefix("Page.goto: ").split(" at ")[0]
            raise AuthError(
                f"cannot reach {self.target.url} ({reason}); nothing was done"
            ) from None
        ready = self.app_ready(screen)
        password = screen.password_field()
        # A page that has loaded shows what it is within element_seconds; an address that is
        # not the account's (any other page) is said so then, not after the navigation time.
        with contextlib.suppress(PlaywrightError):
            load_ms = screen.timeouts.navigation_seconds * 1000
            await page.wait_for_load_state("load", timeout=load_ms)
        try:
            # Twice element_seconds: a slow app after an outage still shows what it is.
            await ready.or_(password).first.wait_for(timeout=2 * screen.element_ms)
        except PlaywrightError:
            raise NotTheSite(
                f"{self.target.url} showed neither a login form nor a menu entry "
                f"{' or '.join(screen.labels.nav_orders)!r}: is THIIO_URL your Thiio "
                f"account's address? The page showed {await screen.describe_screen()}"
            ) from None
        if not await password.count():
            await screen.dismiss_dialogs()
            shot = await page.screenshot(mask=_mask_of(worker).locators(page) or None)
            return LoginEvidence(
                shot,
                True,
                "already logged in (saved session reused; THIIO_PASSWORD was not checked: "
                "--fresh-login checks it)",
            )
        return await self.log_in(screen, worker)

    async def open_app_in_turn(self, screen: Screen, worker: Worker | None = None) -> LoginEvidence:
        """open_app for a page opened while the run goes on (another worker, a crashed page's
        replacement): in turn with log_in_again, so that it never submits the login form while
        another page does, and uses a session another page has just renewed."""
        async with self._again:
            return await self.open_app(screen, worker)

    async def log_in_again(self, screen: Screen, worker: Worker | None = None) -> LoginEvidence:
        """The site logged this page out: log in again, one page at a time. A page that waited
        while another one logged in opens the app anew first: where the pages share their
        cookies, the renewed session serves it and nothing is submitted twice."""
        asked_at = self.logins
        async with self._again:
            if self.logins == asked_at:
                return await self.log_in(screen, worker)
            evidence = await self.open_app(screen, worker)
            if evidence.used_saved_state:
                evidence = replace(
                    evidence, detail="another page had logged in again: its session is used"
                )
            return evidence

    async def log_in(self, screen: Screen, worker: Worker | None = None) -> LoginEvidence:
        """Submit the login form; AuthError on refusal. Never traced: secrets are typed.

        A refusal stops the run at once (no login loop that could lock the account). Only a
        password submission whose calls never reached the site (a 502/503 from its proxy, a
        refused connection while it restarts: pages/login_calls.py) is submitted again, a
        little later each time. worker: as for open_app.
        """
        untraced: contextlib.AbstractAsyncContextManager[None] = (
            worker.tracer.paused() if worker is not None else contextlib.nullcontext()
        )
        async with untraced:
            for attempt in range(1, LOGIN_ATTEMPTS + 1):
                try:
                    return await self._log_in(screen, _mask_of(worker))
                except LoginUnanswered as exc:
                    if attempt == LOGIN_ATTEMPTS:
                        raise AuthError(
                            f"the login did not reach the site in {LOGIN_ATTEMPTS} tries "
                            f"({exc}); try again when it is up"
                        ) from None
                await asyncio.sleep(LOGIN_BACKOFF_SECONDS * attempt)
        raise AssertionError("unreachable")

    async def _log_in(self, screen: Screen, mask: Mask) -> LoginEvidence:
        login = LoginPage(screen)
        ready = self.app_ready(screen)
        await login.fill_credentials(self.target.email, self.target.password)
        # Evidence of the filled form, the password hidden under a mask.
        shot = await screen.page.screenshot(
            mask=[*login.password_secrets_mask(), *mask.locators(screen.page)]
        )
        self.logins += 1
        with SubmissionCalls(screen.page) as calls:
            await login.submit(screen.labels.login.submit, login.password_field())
            answer = await login.wait_for_answer(
                ready, allow_code=True, unreached=calls.never_judged
            )
        if answer == "code":
            if not self.target.totp_secret:
                raise AuthError(
                    "the site asks for a two-factor code: set THIIO_TOTP_SECRET to the "
                    "account's authenticator secret"
                )
            code_field = login.code_field()
            await code_field.fill(pyotp.TOTP(self.target.totp_secret).now())
            await login.submit(screen.labels.login.two_factor_submit, code_field)
            await login.wait_for_answer(ready, allow_code=False)
        await screen.dismiss_dialogs()
        await self.save_state(screen.page.context)
        detail = "logged in" + (" with a two-factor code" if answer == "code" else "")
        return LoginEvidence(shot, False, detail)


def _mask_of(worker: Worker | None) -> Mask:
    return worker.mask if worker is not None else NO_MASK

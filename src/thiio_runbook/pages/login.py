"""The login screen (article step 1.1): email, password, and an authenticator code if asked.

A refusal raises AuthError at once and is never submitted again: no loop that could lock the
account. A submission that never reached the site (login_calls.py) raises LoginUnanswered.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from playwright.async_api import Locator

from ..locate import any_word, exact_words, poll_until
from .common import AuthError, AutomationError, Screen, words_for_humans


class LoginUnanswered(AuthError):
    """The login's calls never reached the site (a 502/503, a refused connection): no
    judgement of the credentials was made, so the same login may be submitted again later."""


@dataclass
class LoginPage:
    screen: Screen

    @property
    def _labels(self):
        return self.screen.labels.login

    def _field(self, words: re.Pattern[str], fallback_css: str) -> Locator:
        """A field as a person finds it: by its label, placeholder or name; else by its kind."""
        page = self.screen.page
        return (
            page.get_by_label(words)
            .or_(page.get_by_placeholder(words))
            .or_(page.get_by_role("textbox", name=words))
            .or_(page.locator(fallback_css))
            .filter(visible=True)
            .first
        )

    def email_field(self) -> Locator:
        return self._field(exact_words(self._labels.email), "input[type=email]")

    def password_field(self) -> Locator:
        return self.screen.password_field()

    def submit_button(self, words: tuple[str, ...]) -> Locator:
        return self.screen.page.get_by_role("button", name=exact_words(words)).filter(visible=True)

    def code_field(self) -> Locator:
        words = any_word(self._labels.two_factor_code)
        return self._field(words, "input[autocomplete=one-time-code]")

    def error_message(self) -> Locator:
        page = self.screen.page
        return (
            page.get_by_role("alert")
            .filter(has_text=any_word(self._labels.error_words))
            .or_(page.get_by_text(any_word(self._labels.error_words)))
            .filter(visible=True)
            .first
        )

    def password_secrets_mask(self) -> list[Locator]:
        """What a screenshot of this screen must hide."""
        page = self.screen.page
        return [page.locator("input[type=password]"), self.code_field()]

    async def fill_credentials(self, email: str, password: str) -> None:
        email_field = self.email_field()
        try:
            await email_field.wait_for(timeout=self.screen.element_ms)
        except Exception:
            raise AutomationError(
                f"an email field labelled {words_for_humans(self._labels.email)}",
                await self.screen.describe_screen(),
            ) from None
        await email_field.fill(email)
        await self.password_field().fill(password)

    async def submit(self, words: tuple[str, ...], field: Locator) -> None:
        button = self.submit_button(words)
        if await button.count():
            await button.first.click(timeout=self.screen.action_ms)
        else:  # a form without a recognisable button: Enter submits it
            await field.press("Enter")

    async def wait_for_answer(
        self,
        logged_in: Locator,
        allow_code: bool,
        unreached: Callable[[], str | None] = lambda: None,
    ) -> str:
        """After submitting: 'in', 'code' (2FA asked); AuthError with the site's message, or
        LoginUnanswered when `unreached()` says how the submission failed to reach the site."""
        password = self.password_field()
        error = self.error_message()
        code = self.code_field()

        async def answer() -> str | None:
            if unreached() is not None:
                return "unreached"
            if await logged_in.filter(visible=True).count() and not await password.count():
                return "in"
            if allow_code and await code.count() and not await password.count():
                return "code"
            # A refusal leaves the form on screen with its message; the app's own words
            # after a login ("Retry failed syncs" in a What's new popup) are no refusal.
            if await error.count() and (await password.count() or await code.count()):
                return "error"
            return None

        result = await poll_until(
            answer, self.screen.timeouts.navigation_seconds, self.screen.timeouts.poll_interval_ms
        )
        # Read again: the call's end may be reported after its message shows.
        how = unreached() if result in ("unreached", "error", None) else None
        if how is not None:
            raise LoginUnanswered(f"the login's call did not reach the site: {how}")
        if result == "error":
            message = " ".join((await error.inner_text()).split())
            raise AuthError(f"the site refused the login: {message!r} (not submitted again)")
        if result is None:
            raise AuthError(
                "no answer to the login within "
                f"{self.screen.timeouts.navigation_seconds:g}s (not submitted again); "
                f"the screen showed {await self.screen.describe_screen()}"
            )
        return result

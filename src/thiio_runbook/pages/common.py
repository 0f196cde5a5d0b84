"""What every page object shares: the page, the site's words, the time limits, the failures."""

from __future__ import annotations

from dataclasses import dataclass

from playwright.async_api import Locator, Page
from playwright.async_api import TimeoutError as PlaywrightTimeout

from ..config import Labels, Timeouts
from ..locate import DIALOG_ROLES, by_roles, exact_words
from .cover import clear_cover


class AutomationError(RuntimeError):
    """A step could not be done: what was looked for, and what the screen showed instead."""

    def __init__(self, looked_for: str, seen: str = "") -> None:
        self.looked_for = looked_for
        self.seen = seen
        super().__init__(
            f"could not find {looked_for}" + (f"; the screen showed {seen}" if seen else "")
        )


class SessionExpired(RuntimeError):
    """The login form appeared in the middle of the work: the session ran out."""


class AuthError(RuntimeError):
    """The site refused the login. The run stops: trying again could lock the account."""


class NotTheSite(AuthError):
    """THIIO_URL shows neither a login form nor the app: a wrong address (exit 2)."""


@dataclass
class Screen:
    """The page being driven, with the words to look for and how long to wait."""

    page: Page
    labels: Labels
    timeouts: Timeouts

    @property
    def element_ms(self) -> float:
        return self.timeouts.element_seconds * 1000

    @property
    def action_ms(self) -> float:
        return self.timeouts.action_seconds * 1000

    def password_field(self) -> Locator:
        """The login form's password input, however it is labelled."""
        words = exact_words(self.labels.login.password)
        page = self.page
        return (
            page.get_by_label(words)
            .or_(page.get_by_placeholder(words))
            .or_(page.locator("input[type=password]"))
            .filter(visible=True)
            .first
        )

    def open_dialogs(self) -> Locator:
        """Dialogs showing something: a closed Vuetify 2 dialog leaves its full-screen
        role=dialog wrapper in the page, with nothing visible inside it."""
        shown = self.page.locator("*").filter(visible=True)
        return by_roles(self.page, DIALOG_ROLES).filter(visible=True, has=shown)

    async def login_form_showing(self) -> bool:
        # Asked on every poll: a password input, found by its type alone (cheap), is what a
        # login form shows whatever its label says; the login step itself finds it by words.
        return await self.page.locator("input[type=password]").filter(visible=True).count() > 0

    async def check_session(self) -> None:
        """Raise SessionExpired when the site has sent us back to its login form."""
        if await self.login_form_showing():
            raise SessionExpired("the login form appeared")

    async def dismiss_dialogs(self, keep: Locator | None = None) -> int:
        """Close dialogs in the way (a "What's new" popup): their Close-like button, else Escape.

        `keep` is a locator inside a dialog that must stay open (e.g. the order pane's tab).
        """
        closed = 0
        dismiss = exact_words(self.labels.dialog_dismiss)
        # A dialog that asks to confirm something (Retry? Yes/Confirm/Proceed) is only ever
        # answered no: its cancel button, else Escape; never its OK.
        confirm_words = [w for w in self.labels.dialog_confirm if not dismiss.match(w)]
        confirming = exact_words(confirm_words) if confirm_words else None
        for _ in range(3):  # nested popups, at most a few
            dialogs = self.open_dialogs()
            if keep is not None:
                dialogs = dialogs.filter(has_not=keep)
            if await dialogs.count() == 0:
                return closed
            dialog = dialogs.last
            asks = confirming and await dialog.get_by_role("button", name=confirming).count()
            words = exact_words(self.labels.dialog_cancel) if asks else dismiss
            button = dialog.get_by_role("button", name=words).filter(visible=True)
            try:
                if await button.count():
                    await button.first.click(timeout=self.action_ms)
                else:
                    await self.page.keyboard.press("Escape")
                await dialog.wait_for(state="hidden", timeout=self.action_ms)
            except PlaywrightTimeout:
                return closed
            closed += 1
        return closed

    async def click(self, target: Locator, keep: Locator | None = None) -> None:
        """Click like a person: if something is in the way (a popup, a pane left open over the
        list, its backdrop), clear it (cover.py) and click again (once). `keep` is inside an
        overlay that must stay open (the order pane): then only popups over it are closed."""
        try:
            await target.click(timeout=min(self.action_ms, 3000))
        except PlaywrightTimeout:
            if keep is not None:
                await self.dismiss_dialogs(keep=keep)
            else:
                await clear_cover(self, target, reload=False)
            await target.click(timeout=self.action_ms)

    async def describe_screen(self, container: Locator | None = None) -> str:
        """A short description of what is on screen, for error messages: title, headings and
        the start of the accessibility snapshot of `container` (else the page's main area)."""
        try:
            title = await self.page.title()
            headings = await self.page.get_by_role("heading").filter(visible=True).all_inner_texts()
        except Exception:  # the page may be navigating; the description is best-effort
            return "a page that could not be read"
        parts = [f"title {title!r}"] if title else []
        if headings:
            parts.append("headings " + ", ".join(repr(h.strip()) for h in headings[:4]))
        snapshot = await self.aria_summary(container)
        if snapshot:
            parts.append(f"accessibility snapshot: {snapshot}")
        return "; ".join(parts) or "an empty page"

    async def aria_summary(self, container: Locator | None = None, limit: int = 400) -> str:
        """The container's accessibility tree on one line, cut to `limit` characters."""
        try:
            if container is None:
                main = self.page.get_by_role("main").filter(visible=True)
                container = main.first if await main.count() else self.page.locator("body")
            text = await container.aria_snapshot(timeout=2000)
        except Exception:  # gone or navigating: the title and headings still say something
            return ""
        lines = [line.strip().removeprefix("- ") for line in text.splitlines() if line.strip()]
        summary = " | ".join(lines)
        return summary if len(summary) <= limit else summary[: limit - 1] + "…"


def words_for_humans(words: tuple[str, ...] | list[str]) -> str:
    return " or ".join(repr(w) for w in words)

"""The data calls a page makes while the tool does one thing (a login, a search), and how
each ended: the base of login_calls (was the login judged?) and search_calls (was the
search's answer clean?)."""

from __future__ import annotations

from typing import TypeVar

from playwright.async_api import Page, Request, Response

Calls = TypeVar("Calls", bound="PageCalls")


class PageCalls:
    """Listens to the page inside a `with` block; subclasses say which calls count and what
    an answer or a failure means for them."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.open: set[Request] = set()
        self.started = 0  # calls that counted, since the block began
        self._statuses: dict[Request, Response] = {}

    def __enter__(self: Calls) -> Calls:
        self.page.on("request", self._started)
        self.page.on("response", self._responded)
        self.page.on("requestfinished", self._finished)
        self.page.on("requestfailed", self._failed)
        return self

    def __exit__(self, *exc: object) -> None:
        self.page.remove_listener("request", self._started)
        self.page.remove_listener("response", self._responded)
        self.page.remove_listener("requestfinished", self._finished)
        self.page.remove_listener("requestfailed", self._failed)

    def counts(self, request: Request) -> bool:
        raise NotImplementedError

    def answered(self, response: Response) -> None:
        raise NotImplementedError

    def failed(self, request: Request) -> None:
        raise NotImplementedError

    def _started(self, request: Request) -> None:
        if self.counts(request):
            self.open.add(request)
            self.started += 1

    def _responded(self, response: Response) -> None:
        if response.request in self.open:
            self._statuses[response.request] = response

    def _finished(self, request: Request) -> None:
        """A call is over once its whole answer has come (a body cut off half way fails)."""
        response = self._statuses.pop(request, None)
        if request in self.open and response is not None:
            self.open.discard(request)
            self.answered(response)

    def _failed(self, request: Request) -> None:
        self._statuses.pop(request, None)
        if request in self.open:
            self.open.discard(request)
            self.failed(request)

"""Whether a search got a clean answer from the site.

An empty result list proves an order does not exist only when every call the search made was
answered in full: during an outage a 502, a 429 or a dropped connection can leave an empty (or
an old) list on screen. Such a search is evidence of nothing; the order is never reported
`not_found` on it.
"""

from __future__ import annotations

from playwright.async_api import Page, Request, Response

# The kinds of request a single-page app fetches its data with.
DATA_CALLS = frozenset({"xhr", "fetch"})


class SearchCalls:
    """The data calls a page makes inside a `with` block, and whether each got a 2xx/3xx."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.open: set[Request] = set()
        self.failures: list[str] = []  # how each unclean call ended, e.g. "HTTP 502"

    def __enter__(self) -> SearchCalls:
        self.page.on("request", self._started)
        self.page.on("response", self._answered)
        self.page.on("requestfailed", self._failed)
        return self

    def __exit__(self, *exc: object) -> None:
        self.page.remove_listener("request", self._started)
        self.page.remove_listener("response", self._answered)
        self.page.remove_listener("requestfailed", self._failed)

    def unclean(self) -> str | None:
        """How the search's answer is in doubt (a failed call, one still open), else None."""
        if self.failures:
            return ", ".join(dict.fromkeys(self.failures))
        if self.open:
            return f"{len(self.open)} call(s) still unanswered"
        return None

    def _started(self, request: Request) -> None:
        if request.resource_type in DATA_CALLS:
            self.open.add(request)

    def _answered(self, response: Response) -> None:
        request = response.request
        if request not in self.open:
            return
        self.open.discard(request)
        if response.status >= 400:
            self.failures.append(f"HTTP {response.status}")

    def _failed(self, request: Request) -> None:
        if request not in self.open:
            return
        self.open.discard(request)
        self.failures.append((request.failure or "failed").split()[0])

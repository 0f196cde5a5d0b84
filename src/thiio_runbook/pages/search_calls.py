"""Whether a search got a clean answer from the site.

An empty result list proves an order does not exist only when every call the search made was
answered in full: during an outage a 502, a 429 or a dropped connection can leave an empty (or
an old) list on screen. Such a search is evidence of nothing; the order is never reported
`not_found` on it.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from playwright.async_api import Page, Request, Response

from .page_calls import PageCalls

# The kinds of request a single-page app fetches its data with.
DATA_CALLS = frozenset({"xhr", "fetch"})


class SearchCalls(PageCalls):
    """The data calls a page makes inside a `with` block, and whether each got a 2xx/3xx."""

    def __init__(self, page: Page) -> None:
        super().__init__(page)
        self.failures: list[str] = []  # how each unclean call ended, e.g. "HTTP 502"

    def unclean(self) -> str | None:
        """How the search's answer is in doubt (a failed call, one still open), else None."""
        if self.failures:
            return ", ".join(dict.fromkeys(self.failures))
        if self.open:
            return f"{len(self.open)} call(s) still unanswered"
        return None

    def counts(self, request: Request) -> bool:
        """The app's own data calls (same origin as the page): a tracker's or a chat widget's
        failing calls say nothing about the search."""
        return request.resource_type in DATA_CALLS and _origin(request.url) == _origin(
            self.page.url
        )

    def answered(self, response: Response) -> None:
        if response.status >= 400:
            self.failures.append(f"HTTP {response.status}")

    def failed(self, request: Request) -> None:
        self.failures.append((request.failure or "failed").split()[0])


def _origin(url: str) -> tuple[str, str]:
    parts = urlsplit(url)
    return parts.scheme, parts.netloc

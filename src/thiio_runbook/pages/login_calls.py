"""Whether a login submission got the site's judgement, or never reached it.

A login refused by the site is never submitted again (that is how accounts get locked). But a
submission whose calls all ended in a gateway error or never reached the server (the site
restarting, the network down) was not judged at all, and may be sent again a little later.
Only failures that prove the server never processed the call count; a reset or a timeout
might have come after the password was checked, so it counts as judged.
"""

from __future__ import annotations

from playwright.async_api import Page, Request, Response

from .page_calls import PageCalls

# Answers a proxy gives when the application behind it did not take the call.
UNREACHED_STATUSES = frozenset({502, 503})
# Network failures before a request could reach the server.
UNREACHED_FAILURES = (
    "ERR_CONNECTION_REFUSED",
    "ERR_INTERNET_DISCONNECTED",
    "ERR_NAME_NOT_RESOLVED",
    "ERR_ADDRESS_UNREACHABLE",
)


class SubmissionCalls(PageCalls):
    """The calls (not GET) a submission starts inside a `with` block, and how each ended."""

    def __init__(self, page: Page) -> None:
        super().__init__(page)
        self.unreached: list[str] = []  # how each unreached call ended, e.g. "HTTP 502"
        self.judged = 0  # calls that got any other answer, or an ambiguous failure

    def never_judged(self) -> str | None:
        """How the last call ended (e.g. "HTTP 502") when every call the submission made is
        over and none of them reached the site; else None."""
        if self.unreached and not self.judged and not self.open:
            return self.unreached[-1]
        return None

    def counts(self, request: Request) -> bool:
        return request.method != "GET"

    def answered(self, response: Response) -> None:
        if response.status in UNREACHED_STATUSES:
            self.unreached.append(f"HTTP {response.status}")
        else:
            self.judged += 1

    def failed(self, request: Request) -> None:
        failure = request.failure or ""
        if any(code in failure for code in UNREACHED_FAILURES):
            self.unreached.append(failure)
        else:
            self.judged += 1

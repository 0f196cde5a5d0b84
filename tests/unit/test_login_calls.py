"""A login is submitted again only when its calls provably never reached the site."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from thiio_runbook.pages.login_calls import SubmissionCalls
from thiio_runbook.pages.search_calls import SearchCalls


@dataclass(eq=False)
class FakeRequest:
    method: str = "POST"
    failure: str | None = None
    resource_type: str = "fetch"
    url: str = "https://shop.thiio.io/api/orders?search=10004"


@dataclass
class FakeResponse:
    request: FakeRequest
    status: int


@dataclass
class FakePage:
    url: str = "https://shop.thiio.io/orders"
    listeners: dict[str, list[Callable[[Any], None]]] = field(default_factory=dict)

    def on(self, event: str, handler: Callable[[Any], None]) -> None:
        self.listeners.setdefault(event, []).append(handler)

    def remove_listener(self, event: str, handler: Callable[[Any], None]) -> None:
        self.listeners[event].remove(handler)

    def emit(self, event: str, payload: Any) -> None:
        for handler in list(self.listeners.get(event, [])):
            handler(payload)


def answered(page: FakePage, request: FakeRequest, status: int) -> None:
    page.emit("request", request)
    page.emit("response", FakeResponse(request, status))
    page.emit("requestfinished", request)  # the whole answer came


def failed(page: FakePage, request: FakeRequest, failure: str) -> None:
    page.emit("request", request)
    request.failure = failure
    page.emit("requestfailed", request)


def test_a_gateway_error_or_a_refused_connection_never_reached_the_site() -> None:
    for end in (
        lambda page, r: answered(page, r, 502),
        lambda page, r: answered(page, r, 503),
        lambda page, r: failed(page, r, "net::ERR_CONNECTION_REFUSED"),
        lambda page, r: failed(page, r, "net::ERR_INTERNET_DISCONNECTED"),
    ):
        page = FakePage()
        with SubmissionCalls(page) as calls:  # type: ignore[arg-type]
            end(page, FakeRequest())
        assert calls.never_judged()


def test_any_answer_or_an_ambiguous_failure_counts_as_judged() -> None:
    for end in (
        lambda page, r: answered(page, r, 401),  # the refusal itself
        lambda page, r: answered(page, r, 500),  # the application ran
        lambda page, r: answered(page, r, 504),  # the proxy gave up waiting: it may have run
        lambda page, r: failed(page, r, "net::ERR_CONNECTION_RESET"),
        lambda page, r: failed(page, r, "net::ERR_ABORTED"),
    ):
        page = FakePage()
        with SubmissionCalls(page) as calls:  # type: ignore[arg-type]
            end(page, FakeRequest())
        assert not calls.never_judged()


def test_one_judged_call_among_unreached_ones_means_judged() -> None:
    page = FakePage()
    with SubmissionCalls(page) as calls:  # type: ignore[arg-type]
        answered(page, FakeRequest(), 502)
        answered(page, FakeRequest(), 401)
    assert not calls.never_judged()


def test_calls_started_before_the_submission_or_still_open_or_get_do_not_decide() -> None:
    page = FakePage()
    earlier = FakeRequest()
    page.emit("request", earlier)  # e.g. a Retry call in flight when the session ended
    with SubmissionCalls(page) as calls:  # type: ignore[arg-type]
        page.emit("response", FakeResponse(earlier, 502))
        assert not calls.never_judged()  # nothing of the submission's own yet
        answered(page, FakeRequest(method="GET"), 502)
        assert not calls.never_judged()
        still_open = FakeRequest()
        page.emit("request", still_open)
        answered(page, FakeRequest(), 502)
        assert not calls.never_judged()  # one call of it has not ended
        page.emit("response", FakeResponse(still_open, 503))
        assert not calls.never_judged()  # its answer has not all come yet
        page.emit("requestfinished", still_open)
        assert calls.never_judged()
    assert all(not handlers for handlers in page.listeners.values())  # listeners removed


def test_a_search_answer_is_clean_only_when_each_of_its_own_calls_came_whole() -> None:
    page = FakePage()
    with SearchCalls(page) as calls:  # type: ignore[arg-type]
        answered(page, FakeRequest(method="GET"), 200)
        answered(page, FakeRequest(method="GET", url="https://tracker.example/x"), 500)
    assert calls.started == 1 and calls.unclean() is None  # a tracker's failure says nothing

    for end in (
        lambda page, r: answered(page, r, 502),
        lambda page, r: answered(page, r, 429),
        lambda page, r: failed(page, r, "net::ERR_CONNECTION_RESET"),
    ):
        page = FakePage()
        with SearchCalls(page) as calls:  # type: ignore[arg-type]
            end(page, FakeRequest(method="GET"))
        assert calls.unclean(), end

    page = FakePage()
    with SearchCalls(page) as calls:  # type: ignore[arg-type]
        cut = FakeRequest(method="GET")
        page.emit("request", cut)
        page.emit("response", FakeResponse(cut, 200))
        assert calls.unclean() == "1 call(s) still unanswered"
        cut.failure = "net::ERR_CONNECTION_RESET"  # the body was cut off half way
        page.emit("requestfailed", cut)
    assert calls.unclean() == "net::ERR_CONNECTION_RESET"

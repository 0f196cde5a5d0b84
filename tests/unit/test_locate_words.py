"""The word helpers behind the locators: exact names, whole numbers, statuses, counts."""

from __future__ import annotations

from thiio_runbook.config import load_site_config
from thiio_runbook.locate import (
    any_word,
    exact_words,
    header_index,
    leading_phrase,
    leading_words,
    parse_count,
    slug,
    status_meaning,
    whole_token,
)

STATUS = load_site_config(None).labels.status_words


def test_exact_words_match_the_whole_label_in_any_case() -> None:
    orders = exact_words(["Orders"])
    assert orders.match("Orders") and orders.match("  orders ") and orders.match("ORDERS")
    assert not orders.match("All orders") and not orders.match("Orders export")
    assert exact_words(["Password"]).match("Password *")  # required-field mark


def test_words_with_regex_characters_are_literal() -> None:
    assert exact_words(["Order #"]).match("order #")
    assert any_word(["⋮", "..."]).search("⋮")
    assert not any_word(["..."]).search("abc")


def test_whole_token_finds_the_order_number_not_a_longer_one() -> None:
    token = whole_token("12345")
    assert token.search("#12345") and token.search("Order 12345 (Jane)")
    assert not token.search("123456") and not token.search("012345")


def test_leading_words_for_empty_states() -> None:
    empty = leading_words(["No orders", "No data"])
    assert empty.match("No orders match your search.")
    assert empty.match("No data available")
    assert not empty.match("Orders: none")


def test_leading_phrase_lets_other_words_sit_between() -> None:
    empty = leading_phrase(["No notifications", "There are no notifications", "No data"])
    assert empty.match("No integration notifications for this order.")
    assert empty.match("No notifications for this order")
    assert empty.match("  no notifications")
    assert empty.match("There are no integration notifications yet")
    assert empty.match("No data available")
    # At most two words between, and the phrase leads the text.
    assert not empty.match("No failed orders have ever had notifications")
    assert not empty.match("Notifications: none")
    assert not empty.match("Email notifications: no notifications sent")
    assert not empty.match("No notificationsX")


def test_status_meaning() -> None:
    assert status_meaning("Failed", STATUS) == "failed"
    assert status_meaning(" success ", STATUS) == "success"
    assert status_meaning("Processing", STATUS) == "processing"
    assert status_meaning("Pending", STATUS) == "pending"
    # The first status word of a row's text wins over words in an error message.
    assert status_meaning("Ultracart Failed 500: sync succeeded partly", STATUS) == "failed"
    assert status_meaning("Nothing here", STATUS) is None


def test_parse_count() -> None:
    assert parse_count("3") == 3
    assert parse_count(" 12 ") == 12
    assert parse_count("Attempts: 4") == 4
    assert parse_count("2 attempts") == 2
    assert parse_count("—") is None
    assert parse_count(None) is None


def test_header_index_follows_the_configured_preference() -> None:
    headers = ["Integration", "Status", "Last attempt", "Attempts", "Message", ""]
    assert header_index(headers, ("Status",)) == 1
    assert header_index(headers, ("Attempts",)) == 3
    assert header_index(headers, ("Error", "Message", "Last error")) == 4
    assert header_index(headers, ("Nope",)) is None


def test_slug() -> None:
    assert slug("1.4 notifications tab") == "1-4-notifications-tab"
    assert slug("jane@example.com") == "jane-example-com"
    assert slug("<script>") == "script"
    assert slug("") == "item"

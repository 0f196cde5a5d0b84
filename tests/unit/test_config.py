"""playwright.config.yaml / runbook YAML: merged over the packaged defaults, errors in one line."""

from __future__ import annotations

from pathlib import Path

import pytest

from thiio_runbook.config import ConfigError, load_runbook, load_site_config


def write(tmp_path: Path, text: str, name: str = "playwright.config.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_packaged_defaults_follow_the_article() -> None:
    site = load_site_config(None)
    assert site.labels.nav_orders == ("Orders",)
    assert site.labels.tab_notifications == ("Notifications",)
    assert "Failed" in site.labels.status_words["failed"]
    assert site.timeouts.retry_outcome_seconds == 60
    assert site.browser.headless is True
    spec = load_runbook(None)
    assert (spec.integration, spec.action, spec.retryable_status) == (
        "Ultracart",
        "Retry",
        "failed",
    )
    assert "resolve" in spec.advice


def test_user_file_is_merged_over_defaults(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "labels:\n  tabs: {notifications: [Notification Log]}\n"
        "timeouts: {retry_outcome_seconds: 5}\nbrowser: {headless: false}\n",
    )
    site = load_site_config(path)
    assert site.labels.tab_notifications == ("Notification Log",)
    assert site.labels.nav_orders == ("Orders",)  # untouched keys keep their defaults
    assert site.timeouts.retry_outcome_seconds == 5
    assert site.timeouts.action_seconds == 10
    assert site.browser.headless is False
    assert site.source == str(path)


def test_a_single_word_is_accepted_where_a_list_is_expected(tmp_path: Path) -> None:
    site = load_site_config(write(tmp_path, "labels: {nav: {orders: Sales}}\n"))
    assert site.labels.nav_orders == ("Sales",)


@pytest.mark.parametrize(
    ("text", "key", "problem"),
    [
        ("timeouts: {retry_outcome_secs: 5}\n", "timeouts.retry_outcome_secs", "unknown key"),
        ("timeouts: {retry_outcome_seconds: soon}\n", "timeouts.retry_outcome_seconds", "number"),
        ("browser: {headless: 'no'}\n", "browser.headless", "true or false"),
        ("browser: {viewport: {width: 10.5}}\n", "browser.viewport.width", "whole number"),
        ("labels: {nav: {orders: []}}\n", "labels.nav.orders", "non-empty list"),
        ("labels: {nav: [Orders]}\n", "labels.nav", "mapping"),
        ("timeouts: {action_seconds: 0}\n", "timeouts.action_seconds", "> 0"),
    ],
)
def test_mistakes_name_the_file_the_key_and_the_problem(
    tmp_path: Path, text: str, key: str, problem: str
) -> None:
    path = write(tmp_path, text)
    with pytest.raises(ConfigError) as caught:
        load_site_config(path)
    message = str(caught.value)
    assert "\n" not in message
    assert message.startswith(f"{path}: {key}: ")
    assert problem in message


def test_missing_and_malformed_files(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="file not found"):
        load_site_config(tmp_path / "nope.yaml")
    with pytest.raises(ConfigError, match="not valid YAML at line"):
        load_site_config(write(tmp_path, "browser:\n  headless: [\n"))
    with pytest.raises(ConfigError, match="mapping of keys"):
        load_site_config(write(tmp_path, "- a\n- b\n"))


def test_runbook_retryable_status_must_be_a_known_meaning(tmp_path: Path) -> None:
    path = write(tmp_path, "retryable_status: broken\n", "retry.yaml")
    with pytest.raises(ConfigError, match=r"retryable_status: expected one of failed"):
        load_runbook(path)
    spec = load_runbook(write(tmp_path, "integration: UltraCart\n", "retry2.yaml"))
    assert spec.integration == "UltraCart"
    assert spec.action == "Retry"


def test_repo_root_files_are_valid() -> None:
    root = Path(__file__).resolve().parents[2]
    load_site_config(root / "playwright.config.yaml")
    load_runbook(root / "runbooks" / "retry-ultracart.yaml")

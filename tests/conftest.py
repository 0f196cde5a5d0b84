"""Shared fixtures: the browser pytest-playwright drives, and a fresh sandbox per test."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest

from thiio_runbook.browser import QUIET_ARGS, choose_browser


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict, playwright) -> dict:
    choice = choose_browser(playwright.chromium.executable_path)
    args = dict(browser_type_launch_args)
    args["args"] = [*args.get("args", []), *QUIET_ARGS]
    if choice.executable_path:
        args["executable_path"] = choice.executable_path
    return args


@pytest.fixture
def sandbox(tmp_path) -> Iterator[object]:
    """A sandbox on a free port with the default scenario and its own database."""
    from thiio_sandbox.server import start_sandbox

    running = start_sandbox(db_path=tmp_path / "sandbox.sqlite3")
    try:
        yield running
    finally:
        running.stop()


@pytest.fixture
def start_sandboxes(tmp_path) -> Iterator[Callable[..., object]]:
    """Start fresh sandboxes (start_sandbox's options: ui, scenario, labels...), each with its
    own database in tmp_path; all stopped after the test."""
    from thiio_sandbox.server import start_sandbox

    started: list = []

    def start(**options) -> object:
        running = start_sandbox(db_path=tmp_path / f"sandbox-{len(started)}.sqlite3", **options)
        started.append(running)
        return running

    try:
        yield start
    finally:
        for running in started:
            running.stop()


# The default scenario names order 10028's customer "<script>alert(1)</script> Smith"; a <script>
# inserted as HTML (innerHTML, v-html) never runs, so a check that no alert appeared could not
# fail on it. An <img> whose onerror calls alert does run when inserted that way.
MARKUP_THAT_RUNS = "<img src=x onerror=alert(1)> Smith"


@pytest.fixture
def markup_scenario() -> object:
    """The default scenario, but order 10028 (xss.smith@example.com) is for a customer named
    "<img src=x onerror=alert(1)> Smith"."""
    import dataclasses

    from thiio_sandbox.scenarios import load_scenario

    default = load_scenario("default")
    orders = tuple(
        dataclasses.replace(
            order,
            customer_name=MARKUP_THAT_RUNS,
            shipping_address={**order.shipping_address, "name": MARKUP_THAT_RUNS},
        )
        if order.number == "10028"
        else order
        for order in default.orders
    )
    return dataclasses.replace(default, orders=orders)


# Only in the full suite (./dev test --all, CI): what the fast tier (./dev test, under 10
# minutes) covers elsewhere on its main path. Modules and tests marked slow themselves (the
# fault matrix, kill-and-resume, the other front ends) are not listed here.
FULL_SUITE_ONLY = (
    "tests/e2e/test_secret_scan.py",
    "tests/e2e/test_traces.py",
    "tests/e2e/test_remote_browser.py",
    "tests/e2e/test_batch_pacing.py",
    "tests/e2e/test_batch_run.py::test_example_batch_accounts_for_every_entry_and_retries_each_failed_order_once",
    "tests/e2e/test_batch_run.py::test_screenshots_none_leaves_no_picture",
    "tests/e2e/test_batch_run.py::test_duplicates_are_merged_with_a_warning_and_retried_once",
    "tests/e2e/test_batch_run.py::test_plan_is_shown_then_confirmed[answer-no]",
    "tests/e2e/test_batch_run.py::test_dry_run_batch_prints_the_plan_and_clicks_nothing",
    "tests/e2e/test_batch_resume.py::test_repeated_errors_stop_the_batch_and_resume_finishes_it",
    "tests/e2e/test_batch_resume.py::test_session_expiring_mid_batch_logs_in_again_and_retries_nothing_twice",
    "tests/e2e/test_batch_resume.py::test_killed_between_intent_and_click_resume_retries_once",
    "tests/e2e/test_batch_resume.py::test_session_expiring_between_intent_and_click_rereads_then_clicks_once",
    "tests/e2e/test_other_uis_and_faults.py::test_an_order_that_met_a_passing_fault_is_tried_once_more_at_the_end",
    "tests/e2e/test_other_uis_and_faults.py::test_a_search_that_keeps_failing_is_an_error_never_not_found",
    "tests/e2e/test_other_uis_and_faults.py::test_retry_that_never_finishes_is_pending_and_not_clicked_again",
    "tests/e2e/test_evidence_privacy.py::test_run_folder_and_every_file_in_it_are_the_users_alone",
    "tests/e2e/test_evidence_privacy.py::test_mask_paints_over_customer_data_in_screenshots",
    "tests/e2e/test_after_an_outage.py::test_again_retries_a_held_order_and_a_changed_row_is_not_held",
    "tests/e2e/test_front_ends.py::test_popup_after_login_and_a_confirmation",
    "tests/e2e/test_relabelled_ui.py::test_doctor_pinpoints_every_renamed_word",
    "tests/e2e/test_relabelled_ui.py::test_the_tool_passes_with_configuration_changes_only",
    "tests/e2e/test_login_and_secrets.py::test_saved_session_is_reused_and_refreshed_once_when_it_expires_mid_run",
    "tests/e2e/test_login_and_secrets.py::test_sandbox_flag_runs_against_the_embedded_sandbox_and_says_so",
    "tests/e2e/test_before_click_hook.py::test_no_click_when_the_intent_cannot_be_recorded",
    "tests/e2e/test_more_runbooks.py::test_retry_order_desk_retries_only_the_order_desk_row",
    "tests/e2e/test_more_runbooks.py::test_a_runbook_on_an_order_without_its_integration_names_that_integration",
    "tests/e2e/test_plain_html_site.py::test_reads_status_and_error_from_a_list_item",
    "tests/e2e/test_retry_one_order.py::test_all_matching_retries_each_matching_order",
    "tests/e2e/test_retry_one_order.py::test_report_with_markup_in_the_customer_name_stays_inert",
    "tests/e2e/test_retry_one_order.py::test_orders_that_must_not_be_retried[99999-not_found-1]",
    "tests/e2e/test_doctor.py::test_doctor_finds_a_failed_order_itself",
)


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if any(
            item.nodeid == name or item.nodeid.startswith((name + "::", name + "["))
            for name in FULL_SUITE_ONLY
        ):
            item.add_marker(pytest.mark.slow)

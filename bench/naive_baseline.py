"""The baseline: the first script most people write for this chore, for the benchmark's ratio.

A new browser and a fresh login for every order, and fixed sleeps instead of waiting for what
the page shows. It knows the sandbox's screens (Vuetify) and nothing else; it is here only to
be measured against, never to be used.

    python bench/naive_baseline.py --url http://127.0.0.1:8700 --orders 200001 200002 ...
"""

from __future__ import annotations

import argparse
import sys
import time

from playwright.sync_api import sync_playwright

from thiio_runbook.browser import QUIET_ARGS, choose_browser

EMAIL = "demo@thiio.test"
PASSWORD = "demo-password"


def retry_one(playwright, executable: str | None, url: str, order: str, settle: float) -> str:
    browser = playwright.chromium.launch(executable_path=executable, args=list(QUIET_ARGS))
    try:
        page = browser.new_page()
        page.goto(url)
        time.sleep(1)
        page.get_by_label("Email").fill(EMAIL)
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        time.sleep(2)
        page.get_by_role("link", name="Orders").click()
        time.sleep(1)
        page.get_by_role("textbox", name="Search").fill(order)
        time.sleep(2)
        page.get_by_role("cell", name=order, exact=True).click()
        time.sleep(1)
        page.get_by_role("tab", name="Notifications").click()
        time.sleep(1)
        row = page.get_by_role("row").filter(has_text="Ultracart")
        row.get_by_role("button").click()
        time.sleep(1)
        page.get_by_text("Retry", exact=True).click()
        time.sleep(settle)  # "should be enough" for the sync to finish
        return row.get_by_role("cell").nth(1).inner_text().strip()
    finally:
        browser.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", required=True)
    parser.add_argument("--orders", nargs="+", required=True)
    parser.add_argument("--settle", type=float, default=3.0, help="fixed wait after Retry")
    args = parser.parse_args(argv)
    with sync_playwright() as playwright:
        # The browser the tool runs headless (its headless shell where installed): same for both.
        choice = choose_browser(playwright.chromium.executable_path, headless=True)
        executable = choice.executable_path
        ok = 0
        for order in args.orders:
            status = retry_one(playwright, executable, args.url, order, args.settle)
            ok += status == "Success"
            print(f"{order}: {status}", flush=True)
    print(f"{ok}/{len(args.orders)} succeeded")
    return 0 if ok == len(args.orders) else 1


if __name__ == "__main__":
    sys.exit(main())

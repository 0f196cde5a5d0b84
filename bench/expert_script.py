"""The anchor: what a strong engineer would hand-write for the sandbox's Vuetify UI alone.

One browser, one login, C pages of one context working through the list; selectors tuned to
that exact markup (classes, the overlay container); no fixed sleeps (every wait is on what the
page shows); no screenshots, no journal, no safety re-reads. It follows the article's path on
screen (search, open, Notifications, the row's ⋮, Retry, watch the chip) like the tool does,
so the two do the same work. It is measured beside run-retry by bench/run_bench.py and is never
used by the tool nor imported by it.

    python bench/expert_script.py --url http://127.0.0.1:8700 --concurrency 4 200001 200002 ...
"""

from __future__ import annotations

import argparse
import asyncio
import re
import sys

from playwright.async_api import Page, async_playwright, expect

from thiio_runbook.browser import QUIET_ARGS, choose_browser

EMAIL = "demo@thiio.test"
PASSWORD = "demo-password"
SETTLED = re.compile(r"^\s*(Success|Failed)\s*$")


async def log_in(page: Page, url: str) -> None:
    await page.goto(url + "/orders")
    await page.get_by_label("Email").fill(EMAIL)
    await page.get_by_label("Password", exact=True).fill(PASSWORD)
    await page.get_by_role("button", name="Sign in").click()
    await page.locator(".orders-table").wait_for()


async def retry(page: Page, order: str) -> str:
    search = page.locator(".v-card input[type=text]").first
    await search.fill(order)
    await search.press("Enter")
    number = page.get_by_role("cell", name=order, exact=True)
    await page.locator(".orders-table tbody tr").filter(has=number).click()
    pane = page.locator(".order-pane")
    await expect(pane.locator(".v-toolbar-title")).to_have_text(f"Order #{order}")
    await pane.get_by_role("tab", name="Notifications").click()
    row = pane.locator("tbody tr", has_text="Ultracart")
    await row.locator(".actions-cell button").click()
    await page.locator(".v-overlay-container .v-list-item", has_text="Retry").click()
    chip = row.locator(".v-chip")
    await expect(chip).to_have_text("Processing", timeout=10_000)
    await expect(chip).to_have_text(SETTLED, timeout=60_000)
    status = (await chip.inner_text()).strip()
    await pane.locator(".v-toolbar button:has(.mdi-close)").click()  # the drawer's ✕
    await expect(pane).to_be_hidden()
    return status


async def run(url: str, orders: list[str], concurrency: int) -> int:
    async with async_playwright() as playwright:
        # The browser the tool runs headless (its headless shell where installed): same for both.
        choice = choose_browser(playwright.chromium.executable_path, headless=True)
        executable = choice.executable_path
        browser = await playwright.chromium.launch(
            executable_path=executable, args=list(QUIET_ARGS)
        )
        context = await browser.new_context(viewport={"width": 1366, "height": 900})
        first = await context.new_page()
        await log_in(first, url)
        pages = [first]
        for _ in range(min(concurrency, len(orders)) - 1):
            page = await context.new_page()
            await page.goto(url + "/orders")
            await page.locator(".orders-table").wait_for()
            pages.append(page)
        queue = list(reversed(orders))
        succeeded = 0

        async def work(page: Page) -> None:
            nonlocal succeeded
            while queue:
                order = queue.pop()
                status = await retry(page, order)
                succeeded += status == "Success"
                print(f"{order}: {status}", flush=True)

        await asyncio.gather(*(work(page) for page in pages))
        await browser.close()
    print(f"{succeeded}/{len(orders)} succeeded")
    return 0 if succeeded == len(orders) else 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", required=True)
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("orders", nargs="+")
    args = parser.parse_args(argv)
    return asyncio.run(run(args.url, args.orders, args.concurrency))


if __name__ == "__main__":
    sys.exit(main())

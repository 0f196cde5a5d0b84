"""--mask: personal data painted over in every screenshot (Playwright's screenshot mask=).

The words come from playwright.config.yaml `evidence.mask`. A word masks the value next to a
label reading it (label/value pairs: the label's next sibling), a field labelled so, and the
cells of a table column headed so; "role:name" masks elements of that role and name;
"/regex/" masks elements whose text matches. A run's workers (worker.Worker) each carry the
run's Mask, and whatever screenshots their page asks it what to paint over.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from playwright.async_api import Locator, Page


@dataclass(frozen=True)
class Mask:
    """What to paint over in a page's screenshots: the words of evidence.mask, or none."""

    words: tuple[str, ...] = ()

    def locators(self, page: Page) -> list[Locator]:
        return locators_for(page, self.words) if self.words else []


NO_MASK = Mask()  # without --mask


def _xpath_literal(text: str) -> str:
    if "'" not in text:
        return f"'{text}'"
    if '"' not in text:
        return f'"{text}"'
    return "concat('" + text.replace("'", "', \"'\", '") + "')"


def _lower(expr: str) -> str:
    return (
        f"translate(normalize-space({expr}), 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', "
        "'abcdefghijklmnopqrstuvwxyz')"
    )


def locators_for(page: Page, words: tuple[str, ...]) -> list[Locator]:
    found: list[Locator] = []
    for word in words:
        if len(word) > 2 and word.startswith("/") and word.endswith("/"):
            found.append(page.get_by_text(re.compile(word[1:-1])))
            continue
        role, sep, name = word.partition(":")
        if sep and role.isalpha() and name:
            found.append(page.get_by_role(role, name=name))  # type: ignore[arg-type]
            continue
        literal = _xpath_literal(word.lower())
        found.append(page.get_by_label(word))
        # The value right after a label reading the word (<dt>/<dd>, label/value divs).
        found.append(page.locator(f"xpath=//*[{_lower('.')} = {literal}]/following-sibling::*[1]"))
        # The cells of a column headed by the word, in the same table.
        header = f"ancestor::table[1]//th[{_lower('.')} = {literal}]"
        found.append(
            page.locator(
                f"xpath=//td[{header} and count(preceding-sibling::*) = "
                f"count({header}[1]/preceding-sibling::*)]"
            )
        )
    return found

"""playwright.config.yaml and runbooks/*.yaml -> frozen, validated settings.

The packaged defaults (src/thiio_runbook/defaults/) are the schema: a user's file may only
use keys the defaults have, with values of the same kind, and is merged over them. Any
mistake becomes one ConfigError line naming the file, the key and what is wrong.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

SITE_CONFIG_NAME = "playwright.config.yaml"
RUNBOOK_NAME = "retry-ultracart.yaml"
STATUS_MEANINGS = ("failed", "success", "pending", "processing")


class ConfigError(ValueError):
    """A configuration file is missing, unreadable or has a wrong key or value."""

    def __init__(self, path: str | Path, key: str, problem: str) -> None:
        self.path = str(path)
        self.key = key
        self.problem = problem
        where = f"{self.path}: {key}: " if key else f"{self.path}: "
        super().__init__(where + problem)


AUTO = "auto"  # a setting's value meaning "the tool decides" (it also takes a number)

# Keys of earlier versions, and what to write instead.
RENAMED_KEYS = {
    "browser.pages_per_renderer": "use browser.renderer_processes (auto, a number, or 0)",
}


@dataclass(frozen=True)
class BrowserSettings:
    headless: bool
    slow_mo_ms: int
    viewport_width: int
    viewport_height: int
    executable_path: str | None
    locale: str
    # Renderer processes the run's pages share: "auto" (the machine's cores), N, or 0 (a
    # process a page, Chromium's own rule).
    renderer_processes: int | str = AUTO
    ws_endpoint: str | None = None  # connect to a Playwright server instead of launching
    cdp_endpoint: str | None = None  # connect over the Chrome DevTools Protocol instead


@dataclass(frozen=True)
class Timeouts:
    action_seconds: float
    navigation_seconds: float
    element_seconds: float
    search_seconds: float
    retry_outcome_seconds: float
    reread_after_seconds: float
    poll_interval_ms: int


@dataclass(frozen=True)
class LoginLabels:
    email: tuple[str, ...]
    password: tuple[str, ...]
    submit: tuple[str, ...]
    two_factor_code: tuple[str, ...]
    two_factor_submit: tuple[str, ...]
    error_words: tuple[str, ...]


@dataclass(frozen=True)
class ColumnNames:
    order_number: tuple[str, ...]
    date: tuple[str, ...]
    order_status: tuple[str, ...]
    customer: tuple[str, ...]
    customer_email: tuple[str, ...]
    integration: tuple[str, ...]
    status: tuple[str, ...]
    attempts: tuple[str, ...]
    error: tuple[str, ...]


@dataclass(frozen=True)
class Overrides:
    """locators: a user's Playwright selector per target, tried before the tool's own ways."""

    orders_nav: str | None = None
    search_field: str | None = None
    order_row: str | None = None
    pane: str | None = None
    notifications_tab: str | None = None
    row_menu_button: str | None = None
    menu_item: str | None = None
    pane_close: str | None = None
    status: str | None = None
    message: str | None = None
    next_page: str | None = None


# Selector engines a user may name (Playwright's own; "internal:" ones are what its codegen
# writes for get_by_label and friends).
SELECTOR_ENGINES = (
    "css", "xpath", "text", "role", "id", "data-testid", "nth", "visible",
    "internal:label", "internal:text", "internal:role", "internal:attr", "internal:testid",
    "internal:has-text", "internal:has", "internal:has-not",
)  # fmt: skip
_ROLE_SELECTOR = re.compile(r"^[a-z]+(\[[^\]]+\])*$")


def check_selector(selector: str, source: str | Path, key: str) -> str:
    """A Playwright selector string, checked for what can be checked without a page: every
    part of a `>>` chain names a known engine (`css=...`) or is plain CSS, and is not empty;
    `role=` parts read `role=name[attr=value]...`. The page checks the rest (selector_error)."""
    text = selector.strip()
    for part in (p.strip() for p in text.split(">>")):
        if not part:
            raise ConfigError(source, key, f"an empty part in the selector {selector!r}")
        engine, sep, body = part.partition("=")
        if sep and re.fullmatch(r"[a-z][a-z:-]*", engine):
            if engine not in SELECTOR_ENGINES:
                known = ", ".join(e + "=" for e in SELECTOR_ENGINES if ":" not in e)
                raise ConfigError(
                    source, key, f"unknown selector engine {engine + '='!r} (use {known})"
                )
            if not body.strip():
                raise ConfigError(source, key, f"nothing after {engine + '='!r}")
            if engine in ("role", "internal:role") and not _ROLE_SELECTOR.match(body.strip()):
                raise ConfigError(source, key, f'expected role=name[name="..."], got {part!r}')
        if part.count("[") != part.count("]") or part.count("(") != part.count(")"):
            raise ConfigError(source, key, f"unbalanced brackets in {part!r}")
        if part.count('"') % 2:
            raise ConfigError(source, key, f"an unclosed quote in {part!r}")
    return text


@dataclass(frozen=True)
class Labels:
    """The words of the site's screens, each a tuple of alternatives."""

    login: LoginLabels
    nav_orders: tuple[str, ...]
    search: tuple[str, ...]
    next_page: tuple[str, ...]
    no_results: tuple[str, ...]
    tab_notifications: tuple[str, ...]
    no_notifications: tuple[str, ...]
    columns: ColumnNames
    status_words: dict[str, tuple[str, ...]]  # meaning ("failed", ...) -> words
    row_menu: tuple[str, ...]
    dialog_dismiss: tuple[str, ...]
    dialog_confirm: tuple[str, ...]
    dialog_cancel: tuple[str, ...]
    overrides: Overrides = Overrides()


@dataclass(frozen=True)
class SiteConfig:
    """Everything playwright.config.yaml says."""

    source: str  # the user's file, or "(packaged defaults)"
    browser: BrowserSettings
    timeouts: Timeouts
    screenshots_dir: str
    full_page_screenshots: bool
    session_reuse: bool
    session_cache_dir: str | None
    labels: Labels
    mask: tuple[str, ...] = ()  # evidence.mask: what --mask paints over (masking.py)


@dataclass(frozen=True)
class RunbookSpec:
    """Everything runbooks/retry-ultracart.yaml says."""

    source: str
    name: str
    title: str
    integration: str
    action: str
    retryable_status: str
    advice: str
    transient_errors: tuple[str, ...] = ()  # regular expressions (see is_transient)
    transient_advice: str = ""

    def is_transient(self, error: str | None) -> bool:
        """Whether an error text is one that passes by itself (a rate limit, a 5xx, a
        timeout): a later retry succeeds. Every other error is persistent."""
        if not error:
            return False
        return any(re.search(pattern, error, re.IGNORECASE) for pattern in self.transient_errors)

    def advice_for(self, error: str | None) -> str:
        return self.transient_advice if self.is_transient(error) else self.advice


def packaged_default_text(name: str) -> str:
    return resources.files("thiio_runbook").joinpath("defaults").joinpath(name).read_text("utf-8")


def read_yaml_mapping(path: Path) -> dict[str, Any]:
    """A YAML file whose top level is a mapping (an empty file is an empty mapping)."""
    try:
        text = path.read_text("utf-8")
    except FileNotFoundError:
        raise ConfigError(path, "", "file not found") from None
    except OSError as exc:
        raise ConfigError(path, "", f"cannot read it ({exc.strerror})") from None
    return parse_yaml_mapping(text, path)


def parse_yaml_mapping(text: str, source: str | Path) -> dict[str, Any]:
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark is not None else ""
        raise ConfigError(source, "", f"not valid YAML{where}") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ConfigError(source, "", "expected a mapping of keys at the top level")
    return data


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return "nothing" if value is None else type(value).__name__


def merge_over_defaults(
    defaults: dict[str, Any], user: dict[str, Any], source: str | Path, prefix: str = ""
) -> dict[str, Any]:
    """The user's values over the defaults, checking each key exists and has the right kind."""
    merged = dict(defaults)
    for key, value in user.items():
        dotted = f"{prefix}{key}"
        if dotted in RENAMED_KEYS:
            raise ConfigError(source, dotted, f"renamed: {RENAMED_KEYS[dotted]}")
        if key not in defaults:
            known = ", ".join(sorted(str(k) for k in defaults))
            raise ConfigError(source, dotted, f"unknown key (known here: {known})")
        default = defaults[key]
        merged[key] = _checked_value(default, value, source, dotted)
    return merged


def _checked_value(default: Any, value: Any, source: str | Path, dotted: str) -> Any:
    if default == AUTO:  # the tool decides, or a whole number the user sets
        if value == AUTO or (isinstance(value, int) and not isinstance(value, bool) and value >= 0):
            return value
        raise ConfigError(
            source, dotted, f"expected {AUTO!r} or a whole number >= 0, got {_kind(value)}"
        )
    if isinstance(default, dict):
        if not isinstance(value, dict):
            raise ConfigError(source, dotted, f"expected a mapping, got {_kind(value)}")
        return merge_over_defaults(default, value, source, dotted + ".")
    if isinstance(default, list):
        if isinstance(value, str):
            value = [value]  # one word where a list of alternatives is expected
        if not isinstance(value, list) or not value:
            raise ConfigError(
                source, dotted, f"expected a non-empty list of words, got {_kind(value)}"
            )
        for item in value:
            if not isinstance(item, str) or not item.strip():
                raise ConfigError(source, dotted, f"expected words (text), got {_kind(item)}")
        return value
    if isinstance(default, bool):
        if not isinstance(value, bool):
            raise ConfigError(source, dotted, f"expected true or false, got {_kind(value)}")
        return value
    if isinstance(default, (int, float)):
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise ConfigError(source, dotted, f"expected a number, got {_kind(value)}")
        if value < 0:
            raise ConfigError(source, dotted, "expected a number >= 0")
        if isinstance(default, int) and not isinstance(value, int):
            raise ConfigError(source, dotted, "expected a whole number")
        return value
    if isinstance(default, str) or default is None:
        if value is None and default is None:
            return None
        if not isinstance(value, str) or not value.strip():
            raise ConfigError(source, dotted, f"expected text, got {_kind(value)}")
        return value
    raise ConfigError(source, dotted, "cannot be set")  # pragma: no cover - defaults are simple


def _words(values: list[str]) -> tuple[str, ...]:
    return tuple(v.strip() for v in values)


def load_site_config(path: Path | None) -> SiteConfig:
    """Packaged defaults, with `path` merged over them when given."""
    defaults = parse_yaml_mapping(packaged_default_text(SITE_CONFIG_NAME), "(packaged defaults)")
    source = "(packaged defaults)"
    data = defaults
    if path is not None:
        source = str(path)
        data = merge_over_defaults(defaults, read_yaml_mapping(path), source)
    b, t, s, se, lb = (data[k] for k in ("browser", "timeouts", "screenshots", "session", "labels"))
    for key in (
        "action_seconds",
        "navigation_seconds",
        "element_seconds",
        "search_seconds",
        "retry_outcome_seconds",
        "poll_interval_ms",
    ):
        if t[key] <= 0:
            raise ConfigError(source, f"timeouts.{key}", "expected a number > 0")
    login = lb["login"]
    cols = lb["columns"]
    return SiteConfig(
        source=source,
        browser=BrowserSettings(
            headless=b["headless"],
            slow_mo_ms=int(b["slow_mo_ms"]),
            viewport_width=int(b["viewport"]["width"]),
            viewport_height=int(b["viewport"]["height"]),
            executable_path=b["executable_path"],
            locale=b["locale"],
            renderer_processes=b["renderer_processes"],
            ws_endpoint=b["connect"]["ws_endpoint"],
            cdp_endpoint=b["connect"]["cdp_endpoint"],
        ),
        timeouts=Timeouts(**{k: t[k] for k in Timeouts.__dataclass_fields__}),
        screenshots_dir=s["dir"],
        full_page_screenshots=s["full_page"],
        session_reuse=se["reuse"],
        session_cache_dir=se["cache_dir"],
        labels=Labels(
            login=LoginLabels(**{k: _words(login[k]) for k in LoginLabels.__dataclass_fields__}),
            nav_orders=_words(lb["nav"]["orders"]),
            search=_words(lb["search"]),
            next_page=_words(lb["next_page"]),
            no_results=_words(lb["no_results"]),
            tab_notifications=_words(lb["tabs"]["notifications"]),
            no_notifications=_words(lb["no_notifications"]),
            columns=ColumnNames(**{k: _words(cols[k]) for k in ColumnNames.__dataclass_fields__}),
            status_words={m: _words(lb["status_words"][m]) for m in STATUS_MEANINGS},
            row_menu=_words(lb["row_menu"]),
            dialog_dismiss=_words(lb["dialogs"]["dismiss"]),
            dialog_confirm=_words(lb["dialogs"]["confirm"]),
            dialog_cancel=_words(lb["dialogs"]["cancel"]),
            overrides=Overrides(
                **{
                    f.name: check_selector(v, source, f"locators.{f.name}")
                    if (v := data["locators"][f.name])
                    else None
                    for f in fields(Overrides)
                }
            ),
        ),
        mask=_words(data["evidence"]["mask"]),
    )


def load_runbook(path: Path | None) -> RunbookSpec:
    defaults = parse_yaml_mapping(packaged_default_text(RUNBOOK_NAME), "(packaged defaults)")
    source = "(packaged defaults)"
    data = defaults
    if path is not None:
        source = str(path)
        data = merge_over_defaults(defaults, read_yaml_mapping(path), source)
    status = data["retryable_status"].strip().lower()
    if status not in STATUS_MEANINGS:
        raise ConfigError(
            source,
            "retryable_status",
            f"expected one of {', '.join(STATUS_MEANINGS)}, got {status!r}",
        )
    return RunbookSpec(
        source=source,
        name=data["name"].strip(),
        title=data["title"].strip(),
        integration=data["integration"].strip(),
        action=data["action"].strip(),
        retryable_status=status,
        advice=" ".join(data["advice"].split()),
        transient_errors=tuple(
            _regex(p, source, "transient_errors") for p in data["transient_errors"]
        ),
        transient_advice=" ".join(data["transient_advice"].split()),
    )


def _regex(pattern: str, source: str | Path, key: str) -> str:
    try:
        re.compile(pattern)
    except re.error as exc:
        raise ConfigError(source, key, f"not a regular expression: {pattern!r} ({exc})") from None
    return pattern


def default_config_path(explicit: str | None, cwd: Path, name: str) -> Path | None:
    """--config/--runbook when given (it must exist), else the file in cwd when present."""
    if explicit:
        return Path(explicit)
    candidate = cwd / name
    return candidate if candidate.is_file() else None


@dataclass(frozen=True)
class ConfigFiles:
    """The two files a command reads (None: the packaged defaults), from --config/--runbook
    or the working folder."""

    site: Path | None
    runbook: Path | None

    @classmethod
    def from_flags(cls, config: str | None, runbook: str | None, cwd: Path) -> ConfigFiles:
        return cls(
            default_config_path(config, cwd, SITE_CONFIG_NAME),
            default_config_path(runbook, cwd, f"runbooks/{RUNBOOK_NAME}"),
        )

    def load(self) -> tuple[SiteConfig, RunbookSpec]:
        return load_site_config(self.site), load_runbook(self.runbook)


def write_settings(path: Path, settings: dict[str, Any]) -> None:
    """Set dotted keys ("locators.orders_nav", "labels.status_words.failed") in the site
    configuration file at `path` (created when missing), then check the file loads. The file
    as it was is kept beside it as <name>.bak; YAML comments are not carried over."""
    data = read_yaml_mapping(path) if path.is_file() else {}
    for dotted, value in settings.items():
        *parents, last = dotted.split(".")
        node = data
        for key in parents:
            child = node.get(key)
            if not isinstance(child, dict):
                child = node[key] = {}
            node = child
        node[last] = value
    text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)
    header = "# run-retry's settings (merged over the packaged defaults); doctor --write set:\n"
    header += "".join(f"#   {key}\n" for key in settings)
    if path.is_file():
        path.with_name(path.name + ".bak").write_bytes(path.read_bytes())
    path.write_text(header + text, encoding="utf-8")
    load_site_config(path)  # what was written must load: a ConfigError names the key

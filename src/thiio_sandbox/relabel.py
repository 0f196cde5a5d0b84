"""A relabelled Thiio: the words the help article uses, renamed, as a real account might show.

Served to the Vuetify front end in GET /api/ui-config as `labels` (only when set: the default
UI is untouched). With labels set the front end also changes two markup details: the row's ⋮
button gets an aria-label (`row_menu`), and a notification's status is plain text with a
coloured dot instead of a chip. The store, the API and the ledger keep the real names.
"""

from __future__ import annotations

from typing import Any

# The article's words -> what a relabelled account shows.
RELABELLED: dict[str, Any] = {
    "nav_orders": "Sales Orders",
    "tab_notifications": "Notification Log",
    "action_retry": "Retry sync",
    "integrations": {"Ultracart": "UltraCart"},
    "statuses": {"Failed": "Error"},
    "row_menu": "Row actions",
}

KNOWN_KEYS = frozenset(RELABELLED)


def checked_labels(labels: dict[str, Any] | None) -> dict[str, Any]:
    """The labels to serve; ValueError for a key the front end does not know."""
    if not labels:
        return {}
    unknown = sorted(set(labels) - KNOWN_KEYS)
    if unknown:
        raise ValueError(f"unknown label keys {unknown} (known: {sorted(KNOWN_KEYS)})")
    return dict(labels)

"""The batch input: a YAML list, a CSV export or a plain list of orders, validated as a whole.

Nothing is retried from a file with a single problem in it, so the whole file is read and every
problem is collected (each with its line) before anything is returned. The YAML is composed into
a light node tree from the parser's events rather than loaded into Python values: the nodes carry
line numbers, and the raw text of a scalar keeps an order number such as ``012345`` as written
(YAML 1.1 would read it as an octal integer, and ``12_345`` as 12345).

A plain list is order numbers as people paste them, one a line (``printf '10032\n10036\n'``,
a .txt). The rule for '#': a '#' followed by a digit is part of an order number (``#10032`` is
order 10032, as Thiio shows it); any other '#' at the start of a line or after a space begins a
comment (``# from Tuesday``, a lone ``#``, ``10032  # the big one``). Blank lines are skipped.
Anything else on a line (two numbers, a name, ``- 10032``) is a problem reported with its line.
"""

from __future__ import annotations

import csv
import difflib
import io
import re
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, NamedTuple, TextIO

import yaml

# libyaml's parser: composing from its events is several times faster than PyYAML's own
# composer, and a 100,000-entry list must validate in well under 2 seconds.
_YamlLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


Kind = Literal["order", "email", "customer"]
Format = Literal["yaml", "csv", "lines"]  # lines: a plain list of order numbers

LOOKUP_KINDS: tuple[str, ...] = ("order", "email", "customer")
KNOWN_KEYS: tuple[str, ...] = (*LOOKUP_KINDS, "note")

MAX_ORDER_DIGITS = 20
MAX_EMAIL_LENGTH = 254
MAX_TEXT_LENGTH = 200  # customer names and notes
PROBLEMS_SHOWN = 50  # str(BatchInputError) lists this many; .problems holds them all

_ORDER_RE = re.compile(r"#?([0-9]+)")
# Deliberately plain: one @, no spaces or markup, a dot in the domain. Thiio's search does the rest.
_EMAIL_RE = re.compile(
    r"[^@\s<>()\[\]\\,;:\"']+@[^@\s<>()\[\]\\,;:\"'.]+(\.[^@\s<>()\[\]\\,;:\"'.]+)+"
)
_CONTROL_RE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_SPACES_RE = re.compile(r"\s+")

_NULL_TAG = "tag:yaml.org,2002:null"
_STR_TAG = "tag:yaml.org,2002:str"
_INT_TAG = "tag:yaml.org,2002:int"
_FLOAT_TAG = "tag:yaml.org,2002:float"
_BOOL_TAG = "tag:yaml.org,2002:bool"

# Spreadsheet headers people actually write, after lower-casing and collapsing spaces/_/-.
_CSV_HEADER_ALIASES: dict[str, str] = {
    "order": "order",
    "orders": "order",
    "order number": "order",
    "order no": "order",
    "order no.": "order",
    "order #": "order",
    "order id": "order",
    "number": "order",
    "email": "email",
    "e mail": "email",
    "customer email": "email",
    "email address": "email",
    "customer": "customer",
    "customer name": "customer",
    "name": "customer",
    "note": "note",
    "notes": "note",
    "comment": "note",
}


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the input (or, as a warning, worth knowing), on one line."""

    line: int | None  # 1-based; None when the problem is the file as a whole
    message: str  # one line, no trailing period needed

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}" if self.line is not None else self.message


class BatchInputError(ValueError):
    """The batch input cannot be used; ``problems`` lists every reason, in line order."""

    def __init__(self, source: str, problems: list[Problem]) -> None:
        self.source = source
        self.problems = sorted(problems, key=lambda p: p.line or 0)
        super().__init__(self._describe())

    def _describe(self) -> str:
        count = len(self.problems)
        head = f"{self.source}: {count} problem{'s' if count != 1 else ''}, nothing was retried"
        lines = [head, *(f"  {p}" for p in self.problems[:PROBLEMS_SHOWN])]
        if count > PROBLEMS_SHOWN:
            lines.append(f"  ... and {count - PROBLEMS_SHOWN} more")
        return "\n".join(lines)


@dataclass(slots=True)  # not frozen: a frozen dataclass is slow to build 100,000 times
class BatchEntry:
    """One thing to retry: an order number, or an email / customer name to search for."""

    id: str  # stable key: "<kind>:<normalised value>", e.g. "order:12345", "email:jane@x.com"
    kind: Kind
    value: str  # what is typed into Thiio's search bar ('#' stripped from order numbers)
    note: str | None
    line: int  # first line the entry appears on
    duplicate_lines: tuple[int, ...] = ()  # later lines merged into this entry


@dataclass
class BatchInput:
    entries: list[BatchEntry]  # in input order, duplicates merged
    format: Format
    source: str  # file path, or "<stdin>"
    warnings: list[Problem] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.entries)


def load_batch(source: str | Path | TextIO, fmt: Format | None = None) -> BatchInput:
    """Read and validate a whole batch file; raise BatchInputError listing every problem.

    ``source`` is a path, ``"-"`` for standard input, or an open text stream. ``fmt`` is
    "yaml", "csv" or "lines" (a plain list of order numbers); when None it follows the file
    extension (.yaml/.yml, .csv/.tsv), else it is sniffed from the text (see sniff_format; a
    .txt that is neither YAML nor CSV is a plain list).
    """
    name, text = _read_source(source)
    if fmt is None:
        default: Format = "lines" if Path(name).suffix.lower() == ".txt" else "yaml"
        fmt = _format_from_name(name) or sniff_format(text, default)
    if fmt not in ("yaml", "csv", "lines"):
        raise ValueError(f"unknown batch format {fmt!r}: expected 'yaml', 'csv' or 'lines'")
    if fmt == "yaml":
        raw, problems = _parse_yaml(text)
    elif fmt == "csv":
        raw, problems = _parse_csv(text)
    else:
        raw, problems = _parse_lines(text)
    if not problems and not raw:
        problems.append(Problem(None, "the list is empty: there is nothing to retry"))
    if problems:
        raise BatchInputError(name, problems)
    entries, warnings = _merge_duplicates(raw)
    return BatchInput(entries=entries, format=fmt, source=name, warnings=warnings)


def sniff_format(text: str, default: Format = "yaml") -> Format:
    """Tell a YAML list, a CSV export and a plain list apart by the first meaningful line.

    Blank and comment lines are skipped. A line starting with '-', '[', '{' or '%' is YAML; one
    naming a CSV column (order, email, customer, ...) is a CSV header; an order number (a
    leading '#' allowed) begins a plain list; anything else, or nothing, is `default`.
    """
    for raw_line in text.lstrip("\ufeff").splitlines():
        line = _without_comment(raw_line).strip()
        if not line:
            continue
        if line.startswith(("-", "[", "%", "{")):
            return "yaml"
        cells = re.split(r"[,;\t]", line)
        if any(_header_key(cell) in _CSV_HEADER_ALIASES for cell in cells):
            return "csv"
        if _ORDER_RE.fullmatch(line):
            return "lines"
        return default
    return default


# --- reading ---------------------------------------------------------------------------------


def _read_source(source: str | Path | TextIO) -> tuple[str, str]:
    if isinstance(source, (str, Path)):
        if str(source) == "-":
            return "<stdin>", _strip_bom(sys.stdin.read())
        path = Path(source)
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise BatchInputError(
                str(path), [Problem(None, f"cannot read the file: {exc.strerror}")]
            ) from exc
        try:
            return str(path), data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            line = data[: exc.start].count(b"\n") + 1
            raise BatchInputError(
                str(path),
                [Problem(line, "the file is not UTF-8 text: save it as UTF-8 (CSV UTF-8)")],
            ) from exc
    return getattr(source, "name", "<stream>") or "<stream>", _strip_bom(source.read())


def _strip_bom(text: str) -> str:
    return text[1:] if text.startswith("\ufeff") else text


def _format_from_name(name: str) -> Format | None:
    suffix = Path(name).suffix.lower()
    if suffix in (".yaml", ".yml"):
        return "yaml"
    if suffix in (".csv", ".tsv"):
        return "csv"
    return None


# --- shared validation -----------------------------------------------------------------------


class _RawEntry(NamedTuple):  # a tuple: a big file has 100,000 of these
    kind: Kind
    value: str
    key: str  # normalised, for duplicate detection
    note: str | None
    line: int


def _show(value: str, limit: int = 40) -> str:
    """A value quoted for a one-line message: control characters made visible, long text cut."""
    shown = value if len(value) <= limit else value[: limit - 1] + "…"
    return repr(shown)


def _check_value(
    kind: str, text: str, line: int, problems: list[Problem], note: str | None = None
) -> _RawEntry | None:
    if kind == "order" and text.isdigit() and text.isascii() and len(text) <= MAX_ORDER_DIGITS:
        return _RawEntry("order", text, text, note, line)  # the common case, checked cheaply
    value = text.strip()
    if not value:
        problems.append(Problem(line, f"{kind} is empty"))
        return None
    if kind == "order":
        match = _ORDER_RE.fullmatch(value)
        if not match:
            problems.append(
                Problem(
                    line,
                    f"order number {_show(value)} is not valid: order numbers are digits 0-9 "
                    "(an optional leading '#' is allowed)",
                )
            )
            return None
        digits = match.group(1)
        if len(digits) > MAX_ORDER_DIGITS:
            problems.append(
                Problem(
                    line, f"order number {_show(digits)} is longer than {MAX_ORDER_DIGITS} digits"
                )
            )
            return None
        return _RawEntry("order", digits, digits, note, line)
    if kind == "email":
        if len(value) > MAX_EMAIL_LENGTH or not _EMAIL_RE.fullmatch(value):
            problems.append(
                Problem(
                    line,
                    f"email {_show(value)} does not look like an email address (name@domain.tld)",
                )
            )
            return None
        return _RawEntry("email", value, value.casefold(), note, line)
    # customer name: free text, but one line of it
    if _CONTROL_RE.search(value):
        problems.append(
            Problem(
                line, f"customer name {_show(value)} contains control characters or line breaks"
            )
        )
        return None
    if len(value) > MAX_TEXT_LENGTH:
        problems.append(Problem(line, f"customer name is longer than {MAX_TEXT_LENGTH} characters"))
        return None
    value = _SPACES_RE.sub(" ", value)
    return _RawEntry("customer", value, value.casefold(), note, line)


def single_entry(kind: Kind, text: str) -> BatchEntry:
    """One order named on the command line, checked by the same rules as a batch file's."""
    problems: list[Problem] = []
    raw = _check_value(kind, text, 0, problems)
    if raw is None:
        raise BatchInputError("command line", [Problem(None, problems[0].message)])
    return BatchEntry(raw.kind + ":" + raw.key, raw.kind, raw.value, None, 0)


def _check_note(text: str, line: int, problems: list[Problem]) -> str | None:
    note = text.strip()
    if not note:
        return None
    if note.isprintable() and "  " not in note and len(note) <= MAX_TEXT_LENGTH:
        return note  # the common case, checked cheaply
    if len(note) > MAX_TEXT_LENGTH * 5:
        problems.append(Problem(line, f"note is longer than {MAX_TEXT_LENGTH * 5} characters"))
        return None
    # A note may span lines in YAML; the report and terminal show it on one.
    return _SPACES_RE.sub(" ", _CONTROL_RE.sub(" ", note))


def _unknown_key_message(key: str, what: str) -> str:
    close = difflib.get_close_matches(key.lower(), KNOWN_KEYS, n=1, cutoff=0.6)
    hint = f" (did you mean '{close[0]}'?)" if close else ""
    expected = "expected one of order, email, customer, and optionally note"
    return f"unknown {what} {_show(key)}{hint}: {expected}"


def _merge_duplicates(raw: Iterable[_RawEntry]) -> tuple[list[BatchEntry], list[Problem]]:
    by_id: dict[str, BatchEntry] = {}
    merged: list[BatchEntry] = []
    for kind, value, key, note, line in raw:
        entry_id = kind + ":" + key
        first = by_id.get(entry_id)
        if first is None:
            by_id[entry_id] = BatchEntry(entry_id, kind, value, note, line)
            continue
        if note and note != first.note:
            first.note = f"{first.note}; {note}" if first.note else note
        if not first.duplicate_lines:
            merged.append(first)
        first.duplicate_lines = (*first.duplicate_lines, line)
    warnings = [
        Problem(
            entry.line,
            f"{_describe_entry(entry)} is listed {len(entry.duplicate_lines) + 1} times "
            f"(lines {', '.join(str(n) for n in (entry.line, *entry.duplicate_lines))}): "
            "merged into one entry",
        )
        for entry in merged
    ]
    return list(by_id.values()), warnings  # dicts keep insertion order: input order


def _describe_entry(entry: BatchEntry) -> str:
    if entry.kind == "order":
        return f"order {entry.value}"
    return f"{entry.kind} {_show(entry.value)}"


# --- YAML ------------------------------------------------------------------------------------


class _Scalar:
    __slots__ = ("line", "plain", "tag", "value")

    def __init__(self, value: str, tag: str, plain: bool, line: int) -> None:
        self.value, self.tag, self.plain, self.line = value, tag, plain, line


class _Sequence:
    __slots__ = ("items", "line")

    def __init__(self, line: int) -> None:
        self.items: list[_Node] = []
        self.line = line


class _Mapping:
    __slots__ = ("line", "pairs")

    def __init__(self, line: int) -> None:
        self.pairs: list[tuple[_Node, _Node]] = []
        self.line = line


_Node = _Scalar | _Sequence | _Mapping


class _MoreThanOneDocument(Exception):
    def __init__(self, line: int) -> None:
        self.line = line


def _compose(text: str) -> _Node | None:
    """The document's node tree, built from parser events: what yaml.compose does, lighter."""
    resolver = yaml.resolver.Resolver()
    anchors: dict[str, _Node] = {}
    stack: list[_Sequence | _Mapping] = []
    pending_keys: list[_Node | None] = []  # per open mapping: its key awaiting a value
    root: _Node | None = None
    documents = 0

    def attach(node: _Node) -> None:
        nonlocal root
        if not stack:
            root = node
            return
        parent = stack[-1]
        if isinstance(parent, _Sequence):
            parent.items.append(node)
        elif pending_keys[-1] is None:
            pending_keys[-1] = node
        else:
            parent.pairs.append((pending_keys[-1], node))
            pending_keys[-1] = None

    events: Iterable[Any] = yaml.parse(text, Loader=_YamlLoader)  # typed per kind below
    for event in events:
        kind = type(event)
        if kind is yaml.ScalarEvent:
            value = event.value
            if event.tag and event.tag != "!":
                tag = event.tag
            elif not event.implicit[0]:
                tag = _STR_TAG  # quoted: always text
            elif value.isdigit():
                tag = _INT_TAG  # the common case, without the resolver's regexes
            else:
                tag = resolver.resolve(yaml.ScalarNode, value, (True, False))
            node: _Node = _Scalar(value, tag, not event.style, event.start_mark.line + 1)
        elif kind is yaml.SequenceStartEvent or kind is yaml.MappingStartEvent:
            line = event.start_mark.line + 1
            node = _Sequence(line) if kind is yaml.SequenceStartEvent else _Mapping(line)
            if event.anchor:
                anchors[event.anchor] = node
            attach(node)
            stack.append(node)
            pending_keys.append(None)
            continue
        elif kind is yaml.SequenceEndEvent or kind is yaml.MappingEndEvent:
            stack.pop()
            pending_keys.pop()
            continue
        elif kind is yaml.AliasEvent:
            found = anchors.get(event.anchor)
            if found is None:
                raise yaml.composer.ComposerError(
                    None, None, f"found undefined alias {event.anchor!r}", event.start_mark
                )
            node = found
        elif kind is yaml.DocumentStartEvent:
            documents += 1
            if documents > 1:
                raise _MoreThanOneDocument(event.start_mark.line + 1)
            continue
        else:
            continue  # stream and document ends
        if kind is yaml.ScalarEvent and event.anchor:
            anchors[event.anchor] = node
        attach(node)
    return root


# A line of the commonest batch file: "- 12345", maybe with a comment; or a comment or blank line.
_SIMPLE_LINE_RE = re.compile(r"-[ ]+([0-9]+)[ ]*(?:[ ]#.*)?|[ ]*(?:#.*)?")


def _simple_order_list(text: str) -> tuple[list[_RawEntry], list[Problem]] | None:
    """The entries of a file that is only "- <digits>" lines, comments and blank lines.

    For such a file YAML's reading is unambiguous (a block list of plain digit scalars), and
    this is several times faster than the parser. Anything else returns None: the full parser
    decides.
    """
    raw: list[_RawEntry] = []
    problems: list[Problem] = []
    match_line = _SIMPLE_LINE_RE.fullmatch
    for number, line in enumerate(text.split("\n"), start=1):
        match = match_line(line[:-1] if line.endswith("\r") else line)
        if match is None:
            return None
        digits = match.group(1)
        if digits is not None:
            entry = _check_value("order", digits, number, problems)
            if entry is not None:
                raw.append(entry)
    return (raw, problems) if raw or problems else None


def _parse_yaml(text: str) -> tuple[list[_RawEntry], list[Problem]]:
    simple = _simple_order_list(text)
    return simple if simple is not None else _parse_yaml_nodes(text)


def _parse_yaml_nodes(text: str) -> tuple[list[_RawEntry], list[Problem]]:
    problems: list[Problem] = []
    try:
        root = _compose(text)
    except _MoreThanOneDocument as exc:
        return [], [
            Problem(exc.line, "the file holds more than one YAML document ('---'): use one list")
        ]
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        context = exc.context or ""
        if context and exc.context_mark is not None and exc.context_mark is not mark:
            context += f" (begun on line {exc.context_mark.line + 1})"
        reason = ", ".join(part for part in (context, exc.problem) if part) or "cannot parse"
        return [], [Problem(line, f"malformed YAML: {reason}")]
    except yaml.YAMLError as exc:
        return [], [Problem(None, f"malformed YAML: {exc}")]
    if root is None or (isinstance(root, _Scalar) and root.tag == _NULL_TAG and root.plain):
        return [], [Problem(None, "the file is empty: expected a list of order numbers or entries")]
    if not isinstance(root, _Sequence):
        found = "a mapping" if isinstance(root, _Mapping) else "a single value"
        return [], [
            Problem(root.line, f"expected a list (lines starting with '- '), found {found}")
        ]
    raw: list[_RawEntry] = []
    for node in root.items:
        if isinstance(node, _Scalar):
            entry = _yaml_order_scalar(node, node.line, problems)
        elif isinstance(node, _Mapping):
            entry = _yaml_mapping(node, problems)
        else:
            problems.append(
                Problem(
                    node.line, "a list inside the list: each item is an order number or a mapping"
                )
            )
            entry = None
        if entry is not None:
            raw.append(entry)
    return raw, problems


def _yaml_order_scalar(
    node: _Scalar, line: int, problems: list[Problem], note: str | None = None
) -> _RawEntry | None:
    if node.plain and node.tag == _NULL_TAG:
        problems.append(Problem(line, "empty item: expected an order number or a mapping"))
        return None
    if node.plain and node.tag in (_FLOAT_TAG, _BOOL_TAG):
        kind = "a number with a fraction" if node.tag == _FLOAT_TAG else "a yes/no value"
        problems.append(
            Problem(
                line,
                f"{_show(node.value)} is {kind}, not an order number: order numbers are digits 0-9",
            )
        )
        return None
    # Plain ints and strings alike: the raw text is the order number as written.
    return _check_value("order", node.value, line, problems, note)


def _yaml_mapping(node: _Mapping, problems: list[Problem]) -> _RawEntry | None:
    line = node.line
    seen: dict[str, _Node] = {}
    ok = True
    for key_node, value_node in node.pairs:
        if not isinstance(key_node, _Scalar):
            problems.append(
                Problem(key_node.line, "a key must be a word: order, email, customer or note")
            )
            ok = False
            continue
        key = key_node.value
        if key not in KNOWN_KEYS:
            problems.append(Problem(key_node.line, _unknown_key_message(key, "key")))
            ok = False
        elif key in seen:
            problems.append(Problem(key_node.line, f"key '{key}' is given twice in one entry"))
            ok = False
        else:
            seen[key] = value_node
    lookups = [key for key in LOOKUP_KINDS if key in seen]
    if ok and len(lookups) != 1:
        if lookups:
            problems.append(
                Problem(
                    line,
                    "an entry has exactly one of order, email, customer; "
                    f"this one has {' and '.join(lookups)}",
                )
            )
        else:
            problems.append(Problem(line, "an entry needs one of order, email or customer"))
        ok = False
    note: str | None = None
    note_node = seen.get("note")
    if note_node is not None:
        if not isinstance(note_node, _Scalar):
            problems.append(Problem(note_node.line, "note must be text, not a list or mapping"))
            ok = False
        elif not (note_node.plain and note_node.tag == _NULL_TAG):
            note = _check_note(note_node.value, note_node.line, problems)
    if not ok:
        return None
    kind = lookups[0]
    value_node = seen[kind]
    if not isinstance(value_node, _Scalar):
        problems.append(
            Problem(value_node.line, f"{kind} must be a single value, not a list or mapping")
        )
        return None
    if value_node.plain and value_node.tag == _NULL_TAG:
        problems.append(Problem(value_node.line, f"{kind} is empty"))
        return None
    if kind == "order":
        entry = _yaml_order_scalar(value_node, value_node.line, problems, note)
    elif value_node.plain and value_node.tag != _STR_TAG:
        problems.append(
            Problem(value_node.line, f"{kind} must be text, found {_show(value_node.value)}")
        )
        return None
    else:
        entry = _check_value(kind, value_node.value, value_node.line, problems, note)
    # the entry's line is where its '- ' is, which a person finds first
    return entry._replace(line=line) if entry is not None and entry.line != line else entry


# --- plain lists -----------------------------------------------------------------------------

# A comment: a '#' not followed by a digit, at the start of a line or after a space.
_PLAIN_COMMENT_RE = re.compile(r"(?:^|(?<=\s))#(?![0-9])")


def _without_comment(line: str) -> str:
    match = _PLAIN_COMMENT_RE.search(line)
    return line[: match.start()] if match else line


def _parse_lines(text: str) -> tuple[list[_RawEntry], list[Problem]]:
    """One order number a line; blank lines and comments skipped (see the module's rule)."""
    raw: list[_RawEntry] = []
    problems: list[Problem] = []
    for number, line in enumerate(text.split("\n"), start=1):
        value = line.strip()
        if not (value.isdigit() and value.isascii()):  # the common case needs none of this
            value = _without_comment(line).strip()
            if not value:
                continue
            if not _ORDER_RE.fullmatch(value):
                problems.append(Problem(number, _plain_line_message(value)))
                continue
        entry = _check_value("order", value, number, problems)
        if entry is not None:
            raw.append(entry)
    return raw, problems


def _plain_line_message(value: str) -> str:
    message = (
        f"{_show(value)} is not an order number: a plain list has one order number a line "
        "(digits, an optional leading '#'); a comment starts with '# '"
    )
    if value.startswith("-"):
        message += " (a YAML list needs '- ' on every line, starting with the first)"
    elif "@" in value or any(ch.isalpha() for ch in value):
        message += " (emails and customer names go in a YAML or CSV file)"
    return message


# --- CSV -------------------------------------------------------------------------------------


def _header_key(cell: str) -> str:
    return _SPACES_RE.sub(" ", re.sub(r"[_\-]", " ", cell.strip().strip('"').lower())).strip()


def _parse_csv(text: str) -> tuple[list[_RawEntry], list[Problem]]:
    problems: list[Problem] = []
    first_line = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = max(",;\t", key=first_line.count) if first_line else ","
    # newline="" hands csv the line endings untouched (CRLF from spreadsheets, quoted newlines).
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    header: list[str | None] | None = None
    header_line = 0
    raw: list[_RawEntry] = []
    try:
        for row in reader:
            joined = "".join(row)
            if not joined or joined.isspace():
                continue  # blank lines and rows of empty cells, as exports leave them
            line = reader.line_num
            if "\n" in joined or "\r" in joined:
                # line_num is where the record ended; a quoted cell spanned lines
                line -= _record_line_span(row) - 1
            if header is None:
                header, header_line = _csv_header(row, line, problems), line
                if header is None:
                    return [], problems
                continue
            entry = _csv_row(row, header, line, problems)
            if entry is not None:
                raw.append(entry)
    except csv.Error as exc:
        problems.append(Problem(reader.line_num or None, f"malformed CSV: {exc}"))
        return [], problems
    if header is None:
        problems.append(
            Problem(None, "the file is empty: expected a header line (order, email or customer)")
        )
    elif not raw and not problems:
        problems.append(
            Problem(header_line, "the CSV has a header but no rows: there is nothing to retry")
        )
    return raw, problems


def _record_line_span(row: list[str]) -> int:
    """How many physical lines a parsed record took (quoted cells may hold line breaks)."""
    return 1 + sum(cell.count("\n") + cell.count("\r") - cell.count("\r\n") for cell in row)


def _csv_header(row: list[str], line: int, problems: list[Problem]) -> list[str | None] | None:
    columns: list[str | None] = []
    ok = True
    for cell in row:
        key = _header_key(cell)
        if not key:
            columns.append(None)  # an unnamed trailing column from the spreadsheet
            continue
        column = _CSV_HEADER_ALIASES.get(key)
        if column is None:
            problems.append(Problem(line, _unknown_key_message(cell.strip(), "column")))
            ok = False
        elif column in columns:
            problems.append(Problem(line, f"column '{column}' appears twice in the header"))
            ok = False
        columns.append(column)
    if ok and not any(column in LOOKUP_KINDS for column in columns):
        problems.append(
            Problem(
                line,
                "the header needs an order, email or customer column "
                "(the first line names the columns)",
            )
        )
        ok = False
    return columns if ok else None


def _csv_row(
    row: list[str], header: list[str | None], line: int, problems: list[Problem]
) -> _RawEntry | None:
    if len(row) > len(header) and any(cell.strip() for cell in row[len(header) :]):
        problems.append(
            Problem(
                line, f"the row has {len(row)} cells but the header names {len(header)} columns"
            )
        )
        return None
    lookup: str | None = None
    value = note_text = ""
    filled: list[str] = []
    for column, cell in zip(header, row, strict=False):
        if column is None or not cell or cell.isspace():
            continue
        if column == "note":
            note_text = cell
        else:
            filled.append(column)
            lookup, value = column, cell
    if lookup is None or len(filled) != 1:
        if filled:
            problems.append(
                Problem(
                    line,
                    "a row fills exactly one of order, email, customer; "
                    f"this one fills {' and '.join(filled)}",
                )
            )
        else:
            problems.append(Problem(line, "the row has no order, email or customer"))
        return None
    note = _check_note(note_text, line, problems) if note_text else None
    return _check_value(lookup, value, line, problems, note)

"""The batch input: what a person writes (or a spreadsheet exports) becomes a clean work list,
and any problem stops everything with its line number."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest

from thiio_runbook.batchfile import (
    PROBLEMS_SHOWN,
    BatchEntry,
    BatchInputError,
    Problem,
    load_batch,
    sniff_format,
)


def write(tmp_path: Path, name: str, text: str | bytes) -> Path:
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def problems_of(source, fmt=None) -> list[Problem]:
    with pytest.raises(BatchInputError) as caught:
        load_batch(source, fmt)
    return caught.value.problems


def yaml_problems(text: str) -> list[Problem]:
    return problems_of(io.StringIO(text), "yaml")


def csv_problems(text: str) -> list[Problem]:
    return problems_of(io.StringIO(text), "csv")


# --- YAML: what a person writes --------------------------------------------------------------


def test_yaml_list_of_numbers_and_mappings(tmp_path):
    path = write(
        tmp_path,
        "orders.yaml",
        "# after the outage\n"
        "- 12345\n"
        "- '#12346'\n"
        "- order: 12347\n"
        "  note: customer called twice\n"
        "- email: Jane@Example.com\n"
        "- customer: '  Jane    Doe '\n"
        "  note: check the address\n"
        "- 012345\n",
    )
    batch = load_batch(path)
    assert batch.format == "yaml"
    assert batch.source == str(path)
    assert batch.warnings == []
    assert batch.entries == [
        BatchEntry("order:12345", "order", "12345", None, 2),
        BatchEntry("order:12346", "order", "12346", None, 3),
        BatchEntry("order:12347", "order", "12347", "customer called twice", 4),
        BatchEntry("email:jane@example.com", "email", "Jane@Example.com", None, 6),
        BatchEntry("customer:jane doe", "customer", "Jane Doe", "check the address", 7),
        # YAML 1.1 would read this as octal 5349: the order number is kept as written
        BatchEntry("order:012345", "order", "012345", None, 9),
    ]


def test_flow_style_list_is_a_list_too():
    batch = load_batch(io.StringIO("[12345, 12346, {order: '12347'}]"), "yaml")
    assert [e.value for e in batch.entries] == ["12345", "12346", "12347"]


def test_duplicates_are_merged_with_a_warning_naming_the_lines():
    text = (
        "- 12345\n"
        "- email: jane@example.com\n"
        "- '#12345'\n"
        "- order: 12345\n"
        "  note: second note\n"
        "- email: JANE@EXAMPLE.COM\n"
        "- 99\n"
    )
    batch = load_batch(io.StringIO(text), "yaml")
    assert [e.id for e in batch.entries] == ["order:12345", "email:jane@example.com", "order:99"]
    first = batch.entries[0]
    assert first.line == 1 and first.duplicate_lines == (3, 4)
    assert first.note == "second note"
    assert [str(w) for w in batch.warnings] == [
        "line 1: order 12345 is listed 3 times (lines 1, 3, 4): merged into one entry",
        "line 2: email 'jane@example.com' is listed 2 times (lines 2, 6): merged into one entry",
    ]


def test_notes_of_merged_duplicates_are_kept_both():
    batch = load_batch(
        io.StringIO("- {order: 1, note: from Ann}\n- {order: 1, note: from Bob}\n"), "yaml"
    )
    assert batch.entries[0].note == "from Ann; from Bob"


def test_anchors_and_aliases_resolve_to_the_same_entry():
    batch = load_batch(io.StringIO("- &first 12345\n- *first\n"), "yaml")
    assert [e.value for e in batch.entries] == ["12345"]
    assert len(batch.warnings) == 1


def test_every_problem_of_the_file_is_reported_with_its_line():
    text = (
        "- 12345\n"  # 1 fine
        "- ordr: 1\n"  # 2
        "- 12 345\n"  # 3
        "- '１２３４５'\n"  # 4 full-width digits
        "- '<b>1</b>'\n"  # 5
        "- 1.5\n"  # 6
        "- yes\n"  # 7
        "-\n"  # 8
        "- email: nope\n"  # 9
        "- [1, 2]\n"  # 10
        "- {order: 1, email: a@b.co}\n"  # 11
        "- {note: alone}\n"  # 12
        "- email: 42\n"  # 13
        '- customer: "Jane\\nDoe"\n'  # 14
        "- order: [1]\n"  # 15
        "- {order: 1, order: 2}\n"  # 16
        "- order: 1_000\n"  # 17
        "- '12345 '\n"  # 18 surrounding spaces are forgiven
    )
    problems = yaml_problems(text)
    by_line = {p.line: p.message for p in problems}
    assert sorted(by_line) == list(range(2, 18))
    assert by_line[2] == (
        "unknown key 'ordr' (did you mean 'order'?): expected one of order, email, customer, "
        "and optionally note"
    )
    for line in (3, 4, 5, 17):
        assert "order numbers are digits 0-9" in by_line[line]
    assert "'12 345'" in by_line[3]
    assert "'1.5' is a number with a fraction" in by_line[6]
    assert "'yes' is a yes/no value" in by_line[7]
    assert by_line[8] == "empty item: expected an order number or a mapping"
    assert "does not look like an email address" in by_line[9]
    assert "a list inside the list" in by_line[10]
    assert "this one has order and email" in by_line[11]
    assert by_line[12] == "an entry needs one of order, email or customer"
    assert by_line[13] == "email must be text, found '42'"
    assert "control characters or line breaks" in by_line[14]
    assert "must be a single value" in by_line[15]
    assert "given twice" in by_line[16]
    # one line each, so a terminal shows them one under the other
    assert all("\n" not in p.message for p in problems)


def test_the_error_message_lists_the_problems_and_says_nothing_was_retried(tmp_path):
    path = write(tmp_path, "bad.yaml", "- ordr: 1\n- 12 345\n")
    with pytest.raises(BatchInputError) as caught:
        load_batch(path)
    text = str(caught.value)
    assert text.splitlines()[0] == f"{path}: 2 problems, nothing was retried"
    assert "  line 1: unknown key 'ordr' (did you mean 'order'?)" in text
    assert "  line 2: order number '12 345' is not valid" in text


def test_a_huge_list_of_problems_is_kept_whole_but_shown_shortened():
    text = "".join(f"- {n} x\n" for n in range(PROBLEMS_SHOWN + 25))
    with pytest.raises(BatchInputError) as caught:
        load_batch(io.StringIO(text), "yaml")
    assert len(caught.value.problems) == PROBLEMS_SHOWN + 25
    assert str(caught.value).splitlines()[-1] == "  ... and 25 more"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", "the file is empty"),
        ("# only a comment\n", "the file is empty"),
        ("[]\n", "the list is empty: there is nothing to retry"),
        ("orders:\n  - 1\n", "expected a list (lines starting with '- '), found a mapping"),
        ("12345\n", "expected a list (lines starting with '- '), found a single value"),
    ],
)
def test_empty_or_not_a_list(text, expected):
    problems = yaml_problems(text)
    assert len(problems) == 1
    assert problems[0].message.startswith(expected)


def test_malformed_yaml_reports_the_parsers_line():
    problems = yaml_problems("- 12345\n- order: 1\n  note: [unclosed\n- 3\n")
    assert len(problems) == 1
    assert problems[0] == Problem(
        5,
        "malformed YAML: while parsing a flow sequence (begun on line 3), "
        "did not find expected ',' or ']'",
    )


def test_malformed_yaml_bad_indentation():
    problems = yaml_problems("- order: 1\n   note: x\n  - 2\n")
    assert problems[0].message.startswith("malformed YAML:")
    assert problems[0].line is not None


def test_two_yaml_documents_are_refused():
    problems = yaml_problems("- 1\n---\n- 2\n")
    assert problems == [
        Problem(2, "the file holds more than one YAML document ('---'): use one list")
    ]


def test_quoted_values_are_text_not_yaml_types():
    batch = load_batch(io.StringIO("- customer: 'yes'\n- customer: '123'\n- '00042'\n"), "yaml")
    assert [(e.kind, e.value) for e in batch.entries] == [
        ("customer", "yes"),
        ("customer", "123"),
        ("order", "00042"),
    ]


def test_order_numbers_longer_than_any_real_one_are_refused():
    problems = yaml_problems("- '" + "1" * 40 + "'\n")
    assert "longer than 20 digits" in problems[0].message


# --- CSV: what a spreadsheet exports ---------------------------------------------------------


def test_csv_from_a_spreadsheet_bom_crlf_blank_lines_and_loose_headers(tmp_path):
    data = (
        "\ufeff Order Number ,Customer Email, NOTE \r\n"
        "12345,,first\r\n"
        "\r\n"
        "#12346,,\r\n"
        ',Jane@Example.com,"a note, with a comma"\r\n'
        ",,\r\n"
        "\r\n"
    ).encode()
    batch = load_batch(write(tmp_path, "export.csv", data))
    assert batch.format == "csv"
    assert batch.entries == [
        BatchEntry("order:12345", "order", "12345", "first", 2),
        BatchEntry("order:12346", "order", "12346", None, 4),
        BatchEntry(
            "email:jane@example.com", "email", "Jane@Example.com", "a note, with a comma", 5
        ),
    ]


def test_csv_with_semicolons_as_european_excel_writes_them():
    batch = load_batch(io.StringIO("order;note\n12345;late\n"), "csv")
    assert [(e.value, e.note) for e in batch.entries] == [("12345", "late")]


def test_csv_line_numbers_count_quoted_line_breaks():
    text = 'order,note\n1,"two\nlines"\n2,x\nbad,y\n'
    problems = csv_problems(text)
    assert [p.line for p in problems] == [5]


def test_csv_problems_each_with_its_line():
    text = (
        "order,customer,note\n"
        "12345,,\n"  # 2 fine
        "12 345,,\n"  # 3
        ",,a note only\n"  # 4
        "1,Jane Doe,\n"  # 5 both
        "1,,,surplus\n"  # 6
        "<script>,,\n"  # 7
    )
    by_line = {p.line: p.message for p in csv_problems(text)}
    assert sorted(by_line) == [3, 4, 5, 6, 7]
    assert "order numbers are digits 0-9" in by_line[3]
    assert by_line[4] == "the row has no order, email or customer"
    assert "this one fills order and customer" in by_line[5]
    assert by_line[6] == "the row has 4 cells but the header names 3 columns"


def test_csv_unknown_column_suggests_the_right_one():
    problems = csv_problems("ordr,note\n1,x\n")
    assert problems == [
        Problem(
            1,
            "unknown column 'ordr' (did you mean 'order'?): expected one of order, email, "
            "customer, and optionally note",
        )
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", "the file is empty"),
        ("\r\n\r\n", "the file is empty"),
        ("order\n", "the CSV has a header but no rows"),
        ("note\nx\n", "the header needs an order, email or customer column"),
        ("order,Order\n1,1\n", "column 'order' appears twice in the header"),
    ],
)
def test_csv_empty_or_without_a_usable_header(text, expected):
    problems = csv_problems(text)
    assert len(problems) == 1
    assert problems[0].message.startswith(expected)


def test_malformed_csv_reports_the_line():
    problems = csv_problems('order,note\n1,"fine"\n2,"unterminated\n')
    assert len(problems) == 1
    assert problems[0].message.startswith("malformed CSV:")
    assert problems[0].line == 3


def test_csv_trailing_empty_columns_from_a_spreadsheet_are_ignored():
    batch = load_batch(io.StringIO("order,,\n1,,\n2,,\n"), "csv")
    assert [e.value for e in batch.entries] == ["1", "2"]


# --- sources and formats ---------------------------------------------------------------------


def test_standard_input_yaml_is_sniffed(monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.StringIO("\ufeff- 12345\n- email: a@b.co\n"))
    batch = load_batch("-")
    assert batch.source == "<stdin>"
    assert batch.format == "yaml"
    assert [e.id for e in batch.entries] == ["order:12345", "email:a@b.co"]


def test_standard_input_csv_is_sniffed(monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.StringIO("Order Number\r\n12345\r\n"))
    batch = load_batch("-")
    assert batch.format == "csv"
    assert [e.value for e in batch.entries] == ["12345"]


@pytest.mark.parametrize(
    ("text", "fmt"),
    [
        ("- 1\n", "yaml"),
        ("# comment\n- 1\n", "yaml"),
        ("[1, 2]", "yaml"),
        ("order\n1\n", "csv"),
        ("Email,Note\n", "csv"),
        ("\ufeff\n\nCustomer Name;Note\n", "csv"),
        ("12345\n", "lines"),  # a plain list of order numbers
        ("#12345\n", "lines"),  # '#' then digits: an order number, as Thiio shows it
        ("# pasted from Slack\n\n#\n10032\n", "lines"),  # comments and blanks skipped
        ("10032  # the big one\n", "lines"),
        ("# a comment\norders:\n", "yaml"),
        ("Order #\n10032\n", "csv"),  # a header: a CSV, not a plain list
        ("jane@example.com\n", "yaml"),  # neither: YAML then says what is wrong
    ],
)
def test_sniff_format(text, fmt):
    assert sniff_format(text) == fmt


def test_sniff_format_falls_back_to_the_default_given():
    assert sniff_format("jane@example.com\n", "lines") == "lines"
    assert sniff_format("- 1\n", "lines") == "yaml"
    assert sniff_format("", "lines") == "lines"


# --- plain lists: order numbers as people paste them -----------------------------------------


def test_standard_input_plain_list_as_printf_writes_it(monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.StringIO("10032\n10036\n"))
    batch = load_batch("-")
    assert batch.format == "lines"
    assert batch.source == "<stdin>"
    assert batch.entries == [
        BatchEntry("order:10032", "order", "10032", None, 1),
        BatchEntry("order:10036", "order", "10036", None, 2),
    ]


def test_plain_list_hash_numbers_comments_blank_lines_spaces_and_crlf(tmp_path):
    text = (
        "# failed after Tuesday's outage\r\n"  # 1: a comment
        "#\r\n"  # 2: a lone '#' is a comment
        "\r\n"  # 3
        "  #10032  \r\n"  # 4: an order with Thiio's '#', spaces around
        "10036\t# the big one\r\n"  # 5: a trailing comment
        "   \r\n"  # 6
        "##\r\n"  # 7: '#' not followed by a digit: a comment
        "0012345\r\n"  # 8: leading zeros kept as written
    )
    path = write(tmp_path, "orders.txt", "\ufeff" + text)  # a BOM, as Notepad saves
    batch = load_batch(path)
    assert batch.format == "lines"
    assert [(e.value, e.line) for e in batch.entries] == [
        ("10032", 4),
        ("10036", 5),
        ("0012345", 8),
    ]


def test_plain_list_duplicates_merge_with_a_warning():
    batch = load_batch(io.StringIO("10032\n#10032\n10036\n"), "lines")
    assert [e.value for e in batch.entries] == ["10032", "10036"]
    assert batch.entries[0].duplicate_lines == (2,)
    assert [w.line for w in batch.warnings] == [1]


def test_plain_list_every_bad_line_is_reported_with_its_line(tmp_path):
    path = write(
        tmp_path,
        "orders.txt",
        "10032\n"  # 1
        "10033 10034\n"  # 2: two numbers on a line
        "10035 #10036\n"  # 3: '#' then a digit is no comment: two numbers again
        "Order 10037\n"  # 4
        "- 10038\n"  # 5: YAML's dash
        "jane@example.com\n"  # 6
        "#10039 was retried\n"  # 7: not a comment ('#' then a digit), not a number
        "10040.0\n"  # 8: a spreadsheet's number
        + "9" * 25
        + "\n",  # 9: longer than any order number
    )
    with pytest.raises(BatchInputError) as caught:
        load_batch(path)
    problems = caught.value.problems
    assert [p.line for p in problems] == [2, 3, 4, 5, 6, 7, 8, 9]
    assert problems[0].message.startswith(
        "'10033 10034' is not an order number: a plain list has one order number a line"
    )
    assert "a YAML list needs '- ' on every line" in problems[3].message
    assert "emails and customer names go in a YAML or CSV file" in problems[4].message
    assert "longer than 20 digits" in problems[7].message
    message = str(caught.value)
    assert message.startswith(f"{path}: 8 problems, nothing was retried")
    assert "  line 2: '10033 10034' is not an order number" in message


@pytest.mark.parametrize("text", ["", "\n\n", "# nothing yet\n#\n"])
def test_plain_list_with_no_numbers_is_empty(text):
    problems = problems_of(io.StringIO(text), "lines")
    assert [str(p) for p in problems] == ["the list is empty: there is nothing to retry"]


def test_a_txt_file_that_is_yaml_or_csv_is_read_as_such(tmp_path):
    assert load_batch(write(tmp_path, "a.txt", "- 1\n- 2\n")).format == "yaml"
    assert load_batch(write(tmp_path, "b.txt", "order\n1\n")).format == "csv"


def test_a_txt_file_of_garbage_is_reported_as_a_plain_list(tmp_path):
    problems = problems_of(write(tmp_path, "c.txt", "Orders to retry:\n10032\n"))
    assert [p.line for p in problems] == [1]
    assert "is not an order number" in problems[0].message


def test_a_large_plain_list_loads():
    count = 5000
    batch = load_batch(io.StringIO("".join(f"{100000 + n}\n" for n in range(count))))
    assert batch.format == "lines" and len(batch) == count
    assert batch.entries[-1].line == count


def test_extension_decides_unless_a_format_is_given(tmp_path):
    path = write(tmp_path, "orders.txt", "order\n1\n")
    assert load_batch(path).format == "csv"  # sniffed
    yaml_named = write(tmp_path, "orders.yml", "- 7\n")
    assert load_batch(yaml_named).format == "yaml"
    assert load_batch(write(tmp_path, "list.csv", "- 7\n"), "yaml").entries[0].value == "7"


def test_missing_file_is_an_input_error(tmp_path):
    problems = problems_of(tmp_path / "nope.yaml")
    assert problems[0].message.startswith("cannot read the file")


def test_file_that_is_not_utf8_names_the_line(tmp_path):
    path = write(tmp_path, "latin1.csv", "customer\nJos\xe9\n".encode("latin-1"))
    problems = problems_of(path)
    assert problems == [Problem(2, "the file is not UTF-8 text: save it as UTF-8 (CSV UTF-8)")]


def test_unknown_format_is_a_programming_error():
    with pytest.raises(ValueError, match="unknown batch format"):
        load_batch(io.StringIO("- 1"), "xml")  # type: ignore[arg-type]


def test_a_large_list_loads(tmp_path):
    """Correctness at size; the timing is measured in bench/batchfile_bench.py."""
    count = 5000
    path = write(tmp_path, "big.yaml", "".join(f"- {100000 + n}\n" for n in range(count)))
    batch = load_batch(path)
    assert len(batch) == count
    assert batch.entries[-1] == BatchEntry(
        f"order:{100000 + count - 1}", "order", str(100000 + count - 1), None, count
    )


# --- the shipped examples --------------------------------------------------------------------

REPO = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("name", ["orders.yaml", "orders.csv"])
def test_shipped_examples_load_and_name_the_default_scenarios_customers(name):
    import yaml

    scenario = yaml.safe_load(
        (REPO / "src/thiio_sandbox/scenarios/default.yaml").read_text(encoding="utf-8")
    )
    numbers = {str(order["number"]) for order in scenario["orders"]}
    emails = {order["customer"]["email"].lower() for order in scenario["orders"]}
    names = {order["customer"]["name"].lower() for order in scenario["orders"]}
    batch = load_batch(REPO / "examples" / name)
    assert batch.warnings == []
    kinds = {entry.kind for entry in batch.entries}
    assert kinds == {"order", "email", "customer"}
    for entry in batch.entries:
        if entry.kind == "order" and entry.value != "99999":  # 99999: the not-found example
            assert entry.value in numbers
        elif entry.kind == "email":
            assert entry.value.lower() in emails
        elif entry.kind == "customer":
            assert entry.value.lower() in names


@pytest.mark.parametrize(
    "text",
    [
        "- 12345\n- 012345\n# a comment\n  # an indented one\n- 3   # trailing comment\n\n",
        "- 1\r\n- 2\r\n\r\n- 1\r\n",
        "-   7\n- " + "9" * 25 + "\n",
    ],
)
def test_the_fast_path_for_plain_number_lists_reads_as_yaml_does(text):
    from thiio_runbook.batchfile import _parse_yaml_nodes, _simple_order_list

    fast = _simple_order_list(text)
    assert fast is not None
    assert fast == _parse_yaml_nodes(text)


@pytest.mark.parametrize(
    "text",
    ["- 1#2\n", "  - 1\n", "- 1\n---\n", "-\t1\n", "- 1_000\n", "- 1\r- 2\n", "# only\n"],
)
def test_anything_unusual_leaves_the_fast_path_to_the_parser(text):
    from thiio_runbook.batchfile import _simple_order_list

    assert _simple_order_list(text) is None

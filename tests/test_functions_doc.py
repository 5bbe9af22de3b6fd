"""docs/functions.md: every documented example is a formula whose answer the function gives.

An example is a markdown table row ``| `=NAME(args)` | `result` |`` (a third cell may hold a
note) in a table headed ``| Formula | Result |`` or ``| Formula | Result | Note |``. The
arguments are Excel literals: numbers, "text", TRUE/FALSE, array constants (``{25;30}`` is a
column, ``{25,30}`` a row, ``{1,2;3,4}`` two by two) and empty arguments for blank cells. The
result is a number as Python prints the float (``~`` in front: "about", compared to 4
decimals), "text", an error literal such as ``#DIV/0!``, or an array constant for a spilled
result. The parser is strict: a row it cannot read fails the test instead of being skipped.
"""

import inspect
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from excel_extra import as_excel_passes, require_xlwings

require_xlwings()
import om_xl.udfs as udfs  # noqa: E402
from om_xl.excel.cells import ERROR_LITERALS  # noqa: E402

HERE = Path(__file__).resolve().parent
DOCS = HERE.parent / "docs"
DOC = DOCS / "functions.md"

HEADER = re.compile(r"^\| Formula \| Result \|(?: Note \|)?$")
SEPARATOR = re.compile(r"^\|(?: *:?-{3,}:? *\|)+$")
ROW = re.compile(r"^\| `(?P<formula>=[^`]*)` \| `(?P<result>[^`]+)` \|(?: (?P<note>[^|]*) \|)?$")
FORMULA = re.compile(r"^=(?P<name>[A-Z][A-Z0-9_]*)\((?P<args>.*)\)$")
NUMBER = re.compile(r"^-?(?:\d+(?:\.\d+)?|\.\d+)(?:[eE][-+]?\d+)?$")
TEXT = re.compile(r'^"(?:[^"]|"")*"$')
HEADING = re.compile(r"^(?P<level>#{1,6}) (?P<title>.+)$")


class ExampleError(ValueError):
    """A documented example that does not follow the format."""


@dataclass(frozen=True)
class About:
    """A result written ``~x``: equal to x when both are rounded to 4 decimals."""

    value: float


@dataclass(frozen=True)
class Error:
    """An Excel error literal such as ``#N/A``."""

    literal: str


@dataclass(frozen=True)
class Example:
    line: int
    section: str | None
    formula: str
    name: str
    args: tuple
    result: str
    expected: Any

    @property
    def id(self) -> str:
        return f"L{self.line}:{self.formula}"


# --- reading Excel literals -------------------------------------------------------------


def split_top(text: str, sep: str) -> list[str]:
    """Split `text` at `sep` outside "text" and {array constants}."""
    parts, current, depth, quoted = [], [], 0, False
    for char in text:
        if char == '"':
            quoted = not quoted  # a doubled "" inside text toggles twice
        elif not quoted and char == "{":
            depth += 1
        elif not quoted and char == "}":
            depth -= 1
            if depth < 0:
                raise ExampleError(f"unbalanced }} in {text!r}")
        elif not quoted and depth == 0 and char == sep:
            parts.append("".join(current))
            current = []
            continue
        current.append(char)
    if quoted or depth:
        raise ExampleError(f"unterminated text or array constant in {text!r}")
    parts.append("".join(current))
    return parts


def scalar(text: str, result: bool) -> Any:
    """One literal: a number, "text", TRUE/FALSE; in a result also ~number or #ERROR."""
    if NUMBER.match(text):
        if result and repr(float(text)) != text:
            raise ExampleError(f"write {text} as Python prints the float: {float(text)!r}")
        return float(text)
    if result and text.startswith("~") and NUMBER.match(text[1:]):
        return About(float(text[1:]))
    if TEXT.match(text):
        value = text[1:-1].replace('""', '"')
        if result and value in ERROR_LITERALS:
            raise ExampleError(f"write the error {value} without quotes")
        return value
    if text in ("TRUE", "FALSE"):
        return text == "TRUE"
    if result and text in ERROR_LITERALS:
        return Error(text)
    raise ExampleError(f"not an Excel literal: {text!r}")


def literal(text: str, result: bool = False) -> Any:
    """An argument (``None`` for an empty one) or a result; arrays become 2-D lists."""
    text = text.strip()
    if not text:
        if result:
            raise ExampleError("an empty result")
        return None
    if not (text.startswith("{") and text.endswith("}")):
        return scalar(text, result)
    rows = [split_top(row, ",") for row in split_top(text[1:-1], ";")]
    if len({len(row) for row in rows}) != 1:
        raise ExampleError(f"rows of unequal length in {text!r}")
    table = []
    for row in rows:
        cells = []
        for cell in row:
            cell = cell.strip()
            if not cell or cell.startswith("{"):
                raise ExampleError(f"an array constant holds single literals only: {text!r}")
            cells.append(scalar(cell, result))
        table.append(cells)
    return table


def parse_formula(formula: str) -> tuple[str, tuple]:
    match = FORMULA.match(formula)
    if not match:
        raise ExampleError(f"not a formula =NAME(args): {formula!r}")
    name, args = match["name"], match["args"]
    if name not in udfs.__all__:
        raise ExampleError(f"{name} is not in om_xl.udfs.__all__")
    values = () if not args.strip() else tuple(literal(a) for a in split_top(args, ","))
    if len(values) > len(inspect.signature(getattr(udfs, name)).parameters):
        raise ExampleError(f"too many arguments for {name}: {formula!r}")
    return name, values


def parse_row(line: str, number: int = 0, section: str | None = None) -> Example:
    """One example row, or :class:`ExampleError` saying what is wrong with it."""
    match = ROW.match(line)
    if not match:
        raise ExampleError(f"not | `=NAME(args)` | `result` | (optional note |): {line!r}")
    name, args = parse_formula(match["formula"])
    if section is not None and name != section:
        raise ExampleError(f"an example of {name} in the section of {section}")
    expected = literal(match["result"], result=True)
    return Example(number, section, match["formula"], name, args, match["result"], expected)


@dataclass
class Doc:
    examples: list[Example]
    problems: list[str]
    sections: dict[str, list[str]]  # function name -> the lines of its section


def parse_doc(text: str) -> Doc:
    """Every example row and function section of the reference; problems instead of skips."""
    doc = Doc([], [], {})
    section, table, fenced = None, None, False  # table: None, "header" or "body"
    for number, line in enumerate(text.splitlines(), start=1):
        if line.startswith("```"):
            fenced = not fenced
        heading = None if fenced else HEADING.match(line)
        if heading:
            title = heading["title"].strip()
            section = title if len(heading["level"]) == 3 and title in udfs.__all__ else None
            if section in doc.sections:
                doc.problems.append(f"line {number}: a second section for {section}")
            if section:
                doc.sections[section] = []
        if section:
            doc.sections[section].append(line)
        if table == "header":
            table = "body" if SEPARATOR.match(line) else None
            if table is None:
                doc.problems.append(f"line {number}: an examples table without a separator")
            continue
        if table == "body" and not line.startswith("|"):
            table = None
        if HEADER.match(line):
            table = "header"
        elif table == "body" or line.startswith("| `="):
            if table is None:
                doc.problems.append(f"line {number}: an example row outside an examples table")
                continue
            try:
                doc.examples.append(parse_row(line, number, section))
            except ExampleError as exc:
                doc.problems.append(f"line {number}: {exc}")
    return doc


# --- comparing what a cell shows --------------------------------------------------------


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def assert_shows(got: Any, expected: Any) -> None:
    """Assert the function's answer is the documented one (arrays cell by cell)."""
    if isinstance(expected, list):
        assert isinstance(got, list) and all(isinstance(row, list) for row in got), got
        assert [len(row) for row in got] == [len(row) for row in expected], (got, expected)
        for got_row, row in zip(got, expected, strict=True):
            for got_cell, cell in zip(got_row, row, strict=True):
                assert_shows(got_cell, cell)
    elif isinstance(expected, About):
        assert _is_number(got), f"{got!r} is not a number"
        assert round(got, 4) == round(expected.value, 4), f"{got!r} is not about {expected.value}"
    elif isinstance(expected, Error):
        assert got == expected.literal, f"{got!r} != {expected.literal}"
    elif isinstance(expected, bool):
        assert got is expected, f"{got!r} != {expected!r}"
    elif isinstance(expected, float):
        assert _is_number(got), f"{got!r} is not a number"
        assert got == pytest.approx(expected), f"{got!r} != {expected!r}"
    else:
        assert isinstance(got, str) and got == expected, f"{got!r} != {expected!r}"


def shown(example: Example) -> Any:
    return getattr(udfs, example.name)(*example.args)


DOCUMENT = parse_doc(DOC.read_text(encoding="utf-8"))


# --- the reference itself ---------------------------------------------------------------


def test_every_example_row_is_well_formed():
    assert DOCUMENT.problems == []
    assert len(DOCUMENT.examples) >= 2 * len(udfs.__all__)


@pytest.mark.parametrize("example", DOCUMENT.examples, ids=lambda e: e.id)
def test_example_shows_the_documented_result(example):
    assert_shows(shown(example), example.expected)


def test_every_function_has_a_section_with_at_least_two_examples():
    assert set(DOCUMENT.sections) == set(udfs.__all__)
    for name in udfs.__all__:
        count = sum(e.section == name for e in DOCUMENT.examples)
        assert count >= 2, f"{name} has {count} example(s)"


@pytest.mark.parametrize("name", udfs.__all__)
def test_section_signature_and_argument_table_follow_the_function(name):
    lines = DOCUMENT.sections.get(name, [])
    signatures = [line for line in lines if line.startswith(f"{name}(")]
    assert len(signatures) == 1, f"{name}: expected one signature line, got {signatures}"
    params = inspect.signature(getattr(udfs, name)).parameters.values()
    expected = [f"[{p.name}]" if p.default is not p.empty else p.name for p in params]
    assert signatures[0] == f"{name}({', '.join(expected)})"
    for p in params:
        assert any(line.startswith(f"| `{p.name}` |") for line in lines), f"{name}: {p.name}"


def test_links_into_metrics_md_name_existing_sections():
    text = (DOCS / "metrics.md").read_text(encoding="utf-8")
    anchors, fenced = set(), False
    for line in text.splitlines():
        if line.startswith("```"):
            fenced = not fenced
        elif not fenced and (heading := HEADING.match(line)):
            slug = re.sub(r"[^\w\- ]", "", heading["title"].strip().lower())
            anchors.add(slug.replace(" ", "-"))
    links = re.findall(r"\(metrics\.md#([^)]+)\)", DOC.read_text(encoding="utf-8"))
    assert links, "functions.md links to no section of metrics.md"
    assert sorted(set(links) - anchors) == []


# --- as Excel passes the arguments ------------------------------------------------------


@pytest.mark.parametrize("example", DOCUMENT.examples, ids=lambda e: e.id)
def test_example_holds_with_arguments_as_xlwings_passes_them(example):
    # A plain call passes 25 where Excel passes a 1x1 range: the cell must show the same.
    function = getattr(udfs, example.name)
    got = function(*as_excel_passes(function, example.args))
    one_cell = isinstance(got, list) and len(got) == 1 and len(got[0]) == 1
    if one_cell and not isinstance(example.expected, list):
        got = got[0][0]
    assert_shows(got, example.expected)


# --- the parser can fail ----------------------------------------------------------------


def test_parser_reads_excel_literals():
    row = '| `=NRR_DECOMPOSE({100;0}, {1,2;3,4}, {"a""b"}, , TRUE)` | `{~1.5,"x";#N/A,2.0}` |'
    example = parse_row(row)
    assert example.name == "NRR_DECOMPOSE"
    assert example.args == ([[100.0], [0.0]], [[1.0, 2.0], [3.0, 4.0]], [['a"b']], None, True)
    assert example.expected == [[About(1.5), "x"], [Error("#N/A"), 2.0]]
    assert parse_row("| `=OCE({25,30}, 8)` | `{3.125,3.75}` | a note |").args == (
        [[25.0, 30.0]],
        8.0,
    )


@pytest.mark.parametrize(
    ("row", "wrong"),
    [
        ("| `=OCE(25, 8)` | `3.0` |", "a different number"),
        ("| `=OCE(25, 8)` | `~3.1` |", "about a different number"),
        ("| `=OCE(25, 0)` | `#N/A` |", "a different error"),
        ("| `=OCE(25, 0)` | `0.0` |", "a number for an error"),
        ('| `=OCE_BAND(3.125)` | `"neutral"` |', "different text"),
        ("| `=OCE({25;30}, {8;10})` | `{3.125,3.0}` |", "a row for a column"),
        ("| `=OCE({25;30}, {8;10})` | `{3.125}` |", "too few cells"),
        ("| `=OCE(25, 8)` | `{3.125}` |", "a range for a single cell"),
    ],
)
def test_a_wrong_documented_result_fails(row, wrong):
    example = parse_row(row)
    with pytest.raises(AssertionError):
        assert_shows(shown(example), example.expected)


@pytest.mark.parametrize(
    "row",
    [
        "| =OCE(25, 8) | `3.125` |",  # no code spans
        "| `=OCE(25, 8)` | 3.125 |",
        "| `=OCE(25, 8)` | `3.125` | a note | another |",
        "| `=OCE(25, 8)` | `3.125`",
        "| `=oce(25, 8)` | `3.125` |",  # names are upper case
        "| `=NOPE(25, 8)` | `3.125` |",  # not an om_xl function
        "| `=OCE(25, 8` | `3.125` |",
        "| `=OCE(OCE(25, 8), 1)` | `3.125` |",  # a nested call is not a literal
        "| `=OCE(A1, 8)` | `3.125` |",  # a cell reference is not a literal
        "| `=OCE(25%, 8)` | `3.125` |",
        "| `=OCE(25, 8, 1)` | `3.125` |",  # too many arguments
        "| `=OCE({25;30, 8)` | `3.125` |",
        "| `=OCE({25;30,1}, 8)` | `3.125` |",  # ragged array
        "| `=OCE({25;}, 8)` | `3.125` |",  # a blank inside an array constant
        "| `=OCE_BAND(sticky)` | `3.125` |",  # text without quotes
        '| `=OCE_BAND("sticky)` | `3.125` |',
        "| `=OCE(25, 8)` | `3.1250` |",  # not as Python prints the float
        "| `=OCE(25, 8)` | `3` |",
        "| `=OCE(25, 8)` | `#DIV0!` |",  # not an error literal
        '| `=OCE(25, 0)` | `"#DIV/0!"` |',  # an error written as text
        "| `=OCE(25, 8)` | `about 3.125` |",
        "| `=OCE(25, 8)` | `{3.125;}` |",
    ],
)
def test_a_malformed_row_is_rejected(row):
    with pytest.raises(ExampleError):
        parse_row(row)


def test_malformed_rows_in_the_document_are_reported_not_skipped():
    text = "\n".join(
        [
            "### OCE",
            "",
            "OCE(human_cost_per_unit, price_per_unit)",
            "",
            "| Formula | Result |",
            "|---|---|",
            "| `=OCE(25, 8)` | `3.125` |",
            "| `=OCE(25, 8)` | 3.125 |",
            "| OCE(25, 8) | `3.125` |",
            "| `=GMO(8, 0.5, 0.7, 0.2)` | `~6.6` |",
            "",
            "| `=OCE(25, 0)` | `#DIV/0!` |",
        ]
    )
    doc = parse_doc(text)
    assert [e.formula for e in doc.examples] == ["=OCE(25, 8)"]
    assert [p.split(":")[0] for p in doc.problems] == ["line 8", "line 9", "line 10", "line 12"]

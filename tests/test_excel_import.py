"""What Excel would import: the VBA module and Function Wizard text, made on Linux.

``tests/excel_import.py`` runs xlwings' own ``import_udfs`` against a stand-in
workbook; here we check what it produced. Never skipped in CI (``CI`` is set there).
"""

import inspect
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from excel_extra import require_xlwings

require_xlwings()
import om_xl.udfs as udfs  # noqa: E402 (after the check above)

HERE = Path(__file__).parent
# VBA keywords and built-in functions an argument must not shadow.
VBA_RESERVED = set(
    [
        "and",
        "as",
        "boolean",
        "byref",
        "byte",
        "byval",
        "call",
        "case",
        "const",
        "currency",
        "date",
        "day",
        "debug",
        "dim",
        "do",
        "double",
        "each",
        "else",
        "elseif",
        "empty",
        "end",
        "enum",
        "eqv",
        "erase",
        "error",
        "event",
        "exit",
        "false",
        "fix",
        "for",
        "format",
        "friend",
        "function",
        "get",
        "global",
        "gosub",
        "goto",
        "hour",
        "if",
        "imp",
        "implements",
        "in",
        "int",
        "integer",
        "is",
        "left",
        "len",
        "let",
        "like",
        "lib",
        "long",
        "loop",
        "lset",
        "me",
        "mid",
        "minute",
        "mod",
        "month",
        "name",
        "new",
        "next",
        "not",
        "nothing",
        "now",
        "null",
        "on",
        "open",
        "option",
        "optional",
        "or",
        "paramarray",
        "preserve",
        "print",
        "private",
        "property",
        "public",
        "raiseevent",
        "randomize",
        "redim",
        "rem",
        "resume",
        "return",
        "right",
        "rnd",
        "round",
        "rset",
        "second",
        "seek",
        "select",
        "set",
        "sgn",
        "single",
        "space",
        "sqr",
        "static",
        "step",
        "stop",
        "str",
        "string",
        "sub",
        "then",
        "time",
        "timer",
        "to",
        "true",
        "type",
        "typeof",
        "until",
        "val",
        "variant",
        "weekday",
        "wend",
        "while",
        "with",
        "withevents",
        "xor",
        "year",
    ]
)


@pytest.fixture(scope="module")
def imported():
    out = subprocess.run(
        [sys.executable, str(HERE / "excel_import.py")], capture_output=True, text=True, check=True
    )
    return json.loads(out.stdout)


def declarations(vba: str) -> dict[str, list[str]]:
    found = re.findall(r"^Function (\w+)\((.*)\)$", vba, re.MULTILINE)
    return {name: [a.strip() for a in args.split(",")] for name, args in found}


def test_one_vba_function_per_udf(imported):
    declared = declarations(imported["vba"])
    assert len(declared) == len(udfs.__all__) == len(imported["macro_options"])
    assert set(declared) == set(udfs.__all__)


def test_vba_declares_every_argument_in_order_with_optional_ones_marked(imported):
    for name, args in declarations(imported["vba"]).items():
        signature = inspect.signature(getattr(udfs, name))
        expected = [
            ("Optional " if p.default is not p.empty else "") + p.name
            for p in signature.parameters.values()
        ]
        assert args == expected, name
        assert f'XLPy.CallUDF("om_xl.udfs", "{name}"' in imported["vba"]


def test_function_wizard_category_and_descriptions(imported):
    for options in imported["macro_options"]:
        name = options["macro"].split("!")[1]
        f = getattr(udfs, name)
        assert options["macro"] == f"'workbook.xlsm'!{name}"
        assert options["Category"] == "Outcome Metrics"
        assert options["Description"] == f.__doc__ and "\n" not in f.__doc__
        assert len(f.__doc__) <= 255
        docs = options["ArgumentDescriptions"]
        assert len(docs) == len(inspect.signature(f).parameters), name
        for doc in docs:
            assert doc and not doc.startswith("Positional argument") and len(doc) <= 255, name


#: Arguments that take one value, not a range: switches and settings, and the one
#: contract's prices and first outcome that a series of months is read against.
SINGLE_VALUES = {
    ("BINDING_PAYBACK", "header"),
    ("COD", "first_outcome_date"),
    ("FULLY_LOADED_COST", "method"),
    ("GMO_PROJECTED", "decline_factor"),
    ("NRR_DECOMPOSE", "header"),
    ("OCE_BAND", "at_risk_below"),
    ("OCE_BAND", "sticky_from"),
    ("PAYBACK_MONTHS", "sustained"),
    ("STAGE", "milestone_days"),
    ("TOKEN_ADOPTION", "header"),
    ("V2C", "human_cost_per_unit"),
    ("V2C", "price_per_unit"),
    ("V2C", "header"),
}


def test_ranges_arrive_two_dimensional_and_every_error_as_text(imported):
    ranges = 0
    for name, info in imported["functions"].items():
        for arg, options in info["options"].items():
            # range arguments keep their shape; single values arrive as they are
            single = (name, arg) in SINGLE_VALUES
            wanted = {"err_to_str": True} if single else {"ndim": 2, "err_to_str": True}
            assert options == wanted, (name, arg)
            ranges += not single
    assert ranges > len(udfs.__all__)


def test_no_argument_shadows_a_vba_keyword_or_function():
    for name in udfs.__all__:
        for arg in inspect.signature(getattr(udfs, name)).parameters:
            assert arg.lower() not in VBA_RESERVED, (name, arg)

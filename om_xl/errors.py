"""The package's one exception for invalid input.

Two tiers of bad input, as in numpy-financial:

* input that is valid but has **no answer** (a zero price for OCE, a business that
  never earns back its cost) gives ``nan`` and is not an error;
* input that is **invalid** (a negative price, a first outcome dated before the
  contract, ranges of different sizes) raises :class:`InputError`, whose message
  says what is wrong and how to fix it.
"""

__all__ = ["EXCEL_ERRORS", "InputError"]

#: The error values a cell can hold, as Excel shows them.
EXCEL_ERRORS = frozenset(
    {"#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A", "#GETTING_DATA"}
    | {"#SPILL!", "#CALC!", "#FIELD!", "#BLOCKED!", "#CONNECT!", "#BUSY!", "#UNKNOWN!"}
    | {"#PYTHON!", "#TIMEOUT!"}
)


class InputError(ValueError):
    """Invalid input to an om_xl function; the message names the fix.

    A subclass of :class:`ValueError`, so ``except ValueError`` also catches it.
    """

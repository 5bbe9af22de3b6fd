"""The ``om-xl`` command: make a workbook, and refresh one without Excel.

    om-xl new PATH [--sample]        a new workbook (a clean template, or the sample)
    om-xl refresh IN -o OUT          IN's report refreshed into a new file OUT

Exit status: 0 done; 2 the input has problems (each printed as ``Sheet!Cell: ...``)
or cannot be read, and nothing was written; 1 an unexpected error (``--debug``
shows its traceback).
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from om_xl import __version__
from om_xl.errors import InputError
from om_xl.workbook.refresh import RefreshError, new_workbook, refresh_workbook

__all__ = ["main"]


class _Progress:
    """Prints each step with the time it took, on standard error."""

    def __init__(self, quiet: bool) -> None:
        self.quiet = quiet
        self.start = self.last = time.perf_counter()
        self.step: str | None = None

    def __call__(self, step: str) -> None:
        self.done()
        self.step = step
        if not self.quiet:
            print(f"  {step}...", end="", file=sys.stderr, flush=True)

    def done(self) -> None:
        now = time.perf_counter()
        if self.step is not None and not self.quiet:
            print(f" {now - self.last:.1f}s", file=sys.stderr, flush=True)
        self.step, self.last = None, now


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="om-xl",
        description="Outcome Metrics 1.0 workbooks: build one, or refresh one without Excel.",
    )
    parser.add_argument("--version", action="version", version=f"om-xl {__version__}")
    parser.add_argument("--debug", action="store_true", help="show tracebacks of internal errors")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    new = sub.add_parser(
        "new",
        help="write a new workbook",
        description=(
            "Write a new workbook: a clean template, or with --sample the sample portfolio and "
            "its report. .xlsm gets the buttons and xlwings' VBA project; .xlsx does not."
        ),
    )
    new.add_argument("path", type=Path, help="where to write (.xlsm or .xlsx)")
    new.add_argument("--sample", action="store_true", help="fill in the sample portfolio")
    new.add_argument("--force", action="store_true", help="replace PATH if it exists")
    new.add_argument("-q", "--quiet", action="store_true", help="print nothing but problems")

    refresh = sub.add_parser(
        "refresh",
        help="refresh a workbook's report into a new file",
        description=(
            "Read IN's input sheets, validate them, compute every metric and write OUT: the same "
            "inputs, VBA project and settings with a fresh report. IN is never changed. With "
            "problems in the input, each is printed with its cell and nothing is written."
        ),
    )
    refresh.add_argument("source", type=Path, metavar="IN", help="the workbook to read")
    refresh.add_argument(
        "-o",
        "--output",
        type=Path,
        required=True,
        metavar="OUT",
        help="the refreshed workbook to write (replaced if it exists)",
    )
    refresh.add_argument("-q", "--quiet", action="store_true", help="print nothing but problems")
    return parser


def _new(args: argparse.Namespace, say: _Progress) -> int:
    if args.path.exists() and not args.force:
        print(f"om-xl: {args.path} exists; use --force to replace it", file=sys.stderr)
        return 2
    new_workbook(args.path, sample=args.sample, progress=say)
    say.done()
    if not args.quiet:
        print(f"wrote {args.path}")
    return 0


def _refresh(args: argparse.Namespace, say: _Progress) -> int:
    if args.output.resolve() == args.source.resolve():
        print("om-xl: OUT must be a new file; IN is never changed", file=sys.stderr)
        return 2
    try:
        report = refresh_workbook(args.source, args.output, progress=say)
    except RefreshError as err:
        say.done()
        print(f"om-xl: {args.source}: {err}", file=sys.stderr)
        for message in err.messages:
            print(f"  {message}", file=sys.stderr)
        return 2
    say.done()
    if not args.quiet:
        print(
            f"wrote {args.output}: {report.status['customers']} customers, report month "
            f"{report.status['as_of']:%B %Y}"
        )
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    args = _parser().parse_args(argv)
    say = _Progress(args.quiet)
    try:
        return _new(args, say) if args.command == "new" else _refresh(args, say)
    except InputError as err:
        say.done()
        print(f"om-xl: {err}", file=sys.stderr)
        return 2
    except Exception as err:  # an internal error: short on the terminal, full with --debug
        say.done()
        if args.debug:
            raise
        print(
            f"om-xl: internal error ({type(err).__name__}: {err}); rerun with --debug for details",
            file=sys.stderr,
        )
        return 1


if __name__ == "__main__":
    sys.exit(main())

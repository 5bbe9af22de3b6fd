"""Looking inside a workbook file before it is read: size, hostile XML, error cells.

An .xlsx/.xlsm file is a zip of XML parts. Before python-calamine reads it, om_xl
refuses a package that would unpack to more than :data:`MAX_UNPACKED` bytes (a zip
bomb) or whose XML declares a DTD or entities (an entity-expansion bomb; such parts
are parsed with defusedxml, which refuses them). It also finds what calamine does not report:
cells holding Excel error values (``#REF!``, ``#DIV/0!``...), which it reads as blanks
(a blank and a broken formula must not look the same), and formulas, which it reads as
their last values (a refresh must carry a formula over, not flatten it).
"""

from __future__ import annotations

import html
import re
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

import defusedxml.ElementTree as SafeET
from defusedxml import DefusedXmlException
from openpyxl.formula.translate import Translator

from om_xl.errors import InputError

__all__ = ["MAX_UNPACKED", "PackageError", "SheetCells", "inspect_package"]

#: The most a workbook may unpack to (an Outcomes sheet at Excel's row limit is ~0.2 GB).
MAX_UNPACKED = 2 * 2**30
_HEAD = 65536  # a DTD comes before the root element: the start of a part tells
_CHUNK = 16 * 2**20
_CELL = re.compile(rb'<c r="([A-Z]+)([0-9]+)"([^>]*?)(?:/>|>(.*?)</c>)', re.DOTALL)
_VALUE = re.compile(rb"<v>([^<]*)</v>")
_FORMULA = re.compile(rb"<f([^>]*?)(?:/>|>([^<]*)</f>)")
_MERGED = re.compile(rb'<mergeCell ref="([A-Z]+[0-9]+:[A-Z]+[0-9]+)"')
#: What makes a cell worth parsing: an error value or a formula.
_MARK = re.compile(rb'<f[ >]|t="e"')
_A1 = re.compile(rb"([A-Z]+)([0-9]+)")
_ATTR = re.compile(rb'(\w+)="([^"]*)"')
_NS = {
    "m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "p": "http://schemas.openxmlformats.org/package/2006/relationships",
}


class PackageError(InputError):
    """The workbook file is unsafe or damaged; the message says what to do."""


def _column(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ch - 64
    return n


def _range(ref: bytes) -> tuple[tuple[int, int], tuple[int, int]]:
    """A merged range "B7:C7" as ((6, 1), (6, 2)), 0-based like calamine's."""
    (c1, r1), (c2, r2) = (_A1.match(part).groups() for part in ref.split(b":"))
    return (int(r1) - 1, _column(c1) - 1), (int(r2) - 1, _column(c2) - 1)


def _sheet_parts(z: zipfile.ZipFile) -> dict[str, str]:
    """Worksheet name -> its XML part, from workbook.xml and its relationships."""
    try:
        book = SafeET.fromstring(z.read("xl/workbook.xml"))
        rels = SafeET.fromstring(z.read("xl/_rels/workbook.xml.rels"))
    except KeyError:
        return {}
    targets = {r.get("Id"): r.get("Target", "") for r in rels.findall("p:Relationship", _NS)}
    parts = {}
    for sheet in book.findall("m:sheets/m:sheet", _NS):
        target = targets.get(sheet.get(f"{{{_NS['r']}}}id"), "")
        path = target.lstrip("/") if target.startswith("/") else str(PurePosixPath("xl") / target)
        parts[sheet.get("name", "")] = path
    return parts


@dataclass
class SheetCells:
    """What calamine cannot tell about a worksheet: its error cells and formulas.

    Both map a cell's (row, column), 1-based, to the error literal or to the formula
    (without its ``=``; shared formulas are expanded for every cell they cover).
    """

    errors: dict[tuple[int, int], str] = field(default_factory=dict)
    formulas: dict[tuple[int, int], str] = field(default_factory=dict)
    #: Merged ranges as ((first row, col), (last row, col)), 0-based.
    merged: list[tuple[tuple[int, int], tuple[int, int]]] = field(default_factory=list)


def _unescape(text: bytes) -> str:
    return html.unescape(text.decode("utf-8"))


def _marked_cells(data: bytes) -> Iterator[re.Match[bytes]]:
    """The cells of a worksheet's XML that hold an error or a formula, in order.

    Only the cells around each mark are parsed: a sheet of a million values with a few
    formulas costs a search, not a million cell matches.
    """
    last = -1
    for mark in _MARK.finditer(data):
        start = data.rfind(b'<c r="', 0, mark.start())
        if start <= last:
            continue  # a second mark in a cell already parsed
        last = start
        cell = _CELL.match(data, start)
        if cell and cell.end() > mark.start():
            yield cell


def _scan(z: zipfile.ZipFile, part: str) -> SheetCells:
    """The error cells and formulas of a worksheet part (cheap when it has none).

    The part is streamed while it shows neither; at the first mark it is read whole.
    """
    merged: set[bytes] = set()
    data = None
    with z.open(part) as fh:
        tail = b""
        while chunk := fh.read(_CHUNK):
            window = tail + chunk
            if b't="e"' in window or b"<f>" in window or b"<f " in window:  # a _MARK
                data = z.read(part)
                break
            merged.update(_MERGED.findall(window))
            tail = chunk[-64:]
    if data is None:
        return SheetCells(merged=[_range(ref) for ref in sorted(merged)])
    cells = SheetCells(merged=[_range(ref) for ref in sorted(set(_MERGED.findall(data)))])
    shared: dict[bytes, tuple[str, str]] = {}  # si -> (formula, origin cell)
    followers: list[tuple[tuple[int, int], str, bytes]] = []
    for m in _marked_cells(data):
        letters, row, attrs, inner = m.group(1), int(m.group(2)), m.group(3), m.group(4) or b""
        where = (row, _column(letters))
        if b't="e"' in attrs:
            value = _VALUE.search(inner)
            cells.errors[where] = _unescape(value.group(1)) if value else "#N/A"
        f = _FORMULA.search(inner)
        if f is None:
            continue
        options = dict(_ATTR.findall(f.group(1)))
        text = _unescape(f.group(2)) if f.group(2) is not None else ""
        if options.get(b"t") == b"shared":
            si = options.get(b"si", b"")
            if text:
                shared[si] = (text, f"{letters.decode()}{row}")
                cells.formulas[where] = text
            else:
                followers.append((where, f"{letters.decode()}{row}", si))
        elif options.get(b"t") != b"dataTable" and text:
            cells.formulas[where] = text
    for where, cell, si in followers:
        if si in shared:
            text, origin = shared[si]
            translated = Translator("=" + text, origin=origin).translate_formula(cell)
            cells.formulas[where] = translated[1:]
    return cells


def inspect_package(path: Path, wanted: Callable[[str], bool]) -> dict[str, SheetCells]:
    """Check a workbook package; return the error cells and formulas of wanted sheets.

    Runs before any other reader opens the file, so a hostile package is refused
    before anything parses it.

    A file that is not a zip (an old .xls, an encrypted workbook, not a workbook at
    all) is left for the reader to name.

    Raises
    ------
    PackageError
        For a zip bomb or XML with a DTD or entity declarations.
    """
    if not zipfile.is_zipfile(path):
        return {}
    try:
        with zipfile.ZipFile(path) as z:
            infos = z.infolist()
            unpacked = sum(i.file_size for i in infos)
            if unpacked > MAX_UNPACKED:
                raise PackageError(
                    f"{path.name} would unpack to {unpacked / 2**30:.1f} GB, more than any "
                    "workbook om_xl reads (a damaged or hostile file?); refusing to open it."
                )
            for info in infos:
                if not info.filename.endswith((".xml", ".rels", ".vml")):
                    continue
                with z.open(info) as fh:
                    head = fh.read(_HEAD)
                if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
                    try:
                        SafeET.fromstring(z.read(info))
                    except DefusedXmlException:
                        raise PackageError(
                            f"{path.name} declares XML entities in {info.filename} (an "
                            "entity-expansion attack, or a damaged file); refusing to read it. "
                            "Open it in Excel and save it as a new workbook."
                        ) from None
            parts = _sheet_parts(z)
            names = set(z.namelist())
            return {
                name: _scan(z, part)
                for name, part in parts.items()
                if wanted(name) and part in names
            }
    except (zipfile.BadZipFile, OSError, SafeET.ParseError) as exc:
        raise PackageError(
            f"{path.name} is damaged ({type(exc).__name__}: {exc}); open it in Excel and save "
            "it again."
        ) from None

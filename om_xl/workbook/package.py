"""Looking inside a workbook file before it is read: size, hostile XML, error cells.

An .xlsx/.xlsm file is a zip of XML parts. Before python-calamine reads it, om_xl
refuses a package that would unpack to more than :data:`MAX_UNPACKED` bytes (a zip
bomb) or whose XML declares a DTD or entities (an entity-expansion bomb; such parts
are parsed with defusedxml, which refuses them). It also finds the cells holding Excel
error values (``#REF!``, ``#DIV/0!``...), which calamine reads as blanks: a blank and a
broken formula must not look the same.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path, PurePosixPath

import defusedxml.ElementTree as SafeET
from defusedxml import DefusedXmlException

from om_xl.errors import InputError

__all__ = ["MAX_UNPACKED", "PackageError", "inspect_package"]

#: The most a workbook may unpack to (an Outcomes sheet at Excel's row limit is ~0.2 GB).
MAX_UNPACKED = 2 * 2**30
_HEAD = 65536  # a DTD comes before the root element: the start of a part tells
_CHUNK = 16 * 2**20
_ERROR_CELL = re.compile(rb'<c r="([A-Z]+)([0-9]+)"[^>]*?\bt="e"[^>]*>(.*?)</c>', re.DOTALL)
_VALUE = re.compile(rb"<v>([^<]*)</v>")
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


def _error_cells(z: zipfile.ZipFile, part: str) -> dict[tuple[int, int], str]:
    """(row, column) -> error literal of every error cell in a worksheet part (1-based)."""
    found = False
    with z.open(part) as fh:
        tail = b""
        while chunk := fh.read(_CHUNK):
            if b't="e"' in tail + chunk:
                found = True
                break
            tail = chunk[-64:]
    if not found:
        return {}
    errors = {}
    for m in _ERROR_CELL.finditer(z.read(part)):
        value = _VALUE.search(m.group(3))
        errors[(int(m.group(2)), _column(m.group(1)))] = (
            value.group(1).decode() if value else "#N/A"
        )
    return errors


def inspect_package(path: Path, sheets: list[str]) -> dict[str, dict[tuple[int, int], str]]:
    """Check a workbook package and return the error cells of the named worksheets.

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
            return {
                name: _error_cells(z, parts[name])
                for name in sheets
                if parts.get(name) in z.namelist()
            }
    except (zipfile.BadZipFile, OSError, SafeET.ParseError) as exc:
        raise PackageError(
            f"{path.name} is damaged ({type(exc).__name__}: {exc}); open it in Excel and save "
            "it again."
        ) from None

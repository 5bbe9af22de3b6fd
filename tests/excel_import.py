"""What Excel would import from om_xl.udfs, produced on Linux.

Run as a script (in its own process, since it patches xlwings): stubs the pywin32
modules so that xlwings' Windows UDF machinery imports, swaps the real decorators in
for the no-op ones xlwings uses off Windows, then runs ``xlwings.udfs.import_udfs``
(what the workbook's "Import functions" button calls) against a stand-in workbook
that records the VBA module it is given and every ``Application.MacroOptions`` call
(the Function Wizard's category and descriptions). Prints both as JSON.
"""

import contextlib
import json
import sys
import types
from pathlib import Path


def stub_pywin32() -> None:
    pythoncom = types.ModuleType("pythoncom")
    pythoncom.CoInitialize = lambda: None
    pywintypes = types.ModuleType("pywintypes")

    class com_error(Exception):  # noqa: N801, N818 (pywin32's name)
        pass

    pywintypes.com_error = com_error
    win32com = types.ModuleType("win32com")
    client = types.ModuleType("win32com.client")
    client.Dispatch = lambda obj: obj
    win32com.client = client
    sys.modules.update(
        {
            "pythoncom": pythoncom,
            "pywintypes": pywintypes,
            "win32com": win32com,
            "win32com.client": client,
        }
    )


class Recorder:
    """Stands in for the Excel workbook and application COM objects."""

    def __init__(self) -> None:
        self.Name = "workbook.xlsm"
        self.vba: list[str] = []
        self.macro_options: list[dict] = []
        self.VBProject = types.SimpleNamespace(VBComponents=self)
        self.Application = types.SimpleNamespace(Version="16.0", MacroOptions=self._macro_options)

    def __call__(self, name):  # VBComponents("xlwings_udfs")
        return name

    def Remove(self, component):  # noqa: N802 (COM name)
        pass

    def Import(self, path):  # noqa: N802 (COM name)
        self.vba.append(Path(path).read_text())

    def _macro_options(self, macro, **options):
        self.macro_options.append({"macro": macro, **options})


def main() -> None:
    stub_pywin32()
    import xlwings
    import xlwings.udfs as xu

    xlwings.func, xlwings.arg, xlwings.ret = xu.xlfunc, xu.xlarg, xu.xlret
    import om_xl.udfs as module

    xu.udf_modules["om_xl.udfs"] = {"module": module, "filetime": None, "filename": None}
    book = Recorder()
    with contextlib.redirect_stdout(sys.stderr):  # xlwings prints a confirmation
        xu.import_udfs("om_xl.udfs", book)
    functions = {
        name: {
            "args": [a["name"] for a in f.__xlfunc__["args"]],
            "options": {
                a["name"]: {k: v for k, v in a["options"].items()} for a in f.__xlfunc__["args"]
            },
        }
        for name in module.__all__
        for f in [getattr(module, name)]
    }
    json.dump(
        {"vba": "".join(book.vba), "macro_options": book.macro_options, "functions": functions},
        sys.stdout,
        default=str,
    )


if __name__ == "__main__":
    main()

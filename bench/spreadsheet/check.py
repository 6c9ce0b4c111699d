#!/usr/bin/env python3
"""Opens OUT/piani.xlsx with LibreOffice Calc set to an Italian locale (headless,
its own profile) and reads every cell back from the flat ODF it saves: each
cell must have the type its column has in OUT/datapackage.json (numbers as
numbers, dates as dates, booleans as booleans, text as text) and the value
the CSV holds. When OUT was written with `--csv-dialect excel-it`, also opens
every CSV as Calc opens a CSV with Italian settings (`;`, UTF-8, it-IT): every
number must arrive as a number and every text unchanged. Prints one line per
table and exits 1 on any mismatch.

    piani extract fixtures/corpus --out OUT [--csv-dialect excel-it]
    bench/spreadsheet/check.py OUT
"""
import csv
import json
import os
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

NS = {
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
    "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
}
OFFICE = "{%s}" % NS["office"]
TABLE = "{%s}" % NS["table"]
# What Calc must make of each Table Schema type.
EXPECTED = {"integer": "float", "number": "float", "boolean": "boolean",
            "date": "date", "string": "string"}


def calc_cells(source, work, infilter=None):
    """Every sheet's rows as lists of (value-type, value, text), via LibreOffice."""
    profile = os.path.join(work, "profile")
    # The Italian locale, for the user interface and for reading numbers.
    os.makedirs(os.path.join(profile, "user"), exist_ok=True)
    with open(os.path.join(profile, "user", "registrymodifications.xcu"), "w") as f:
        f.write('<?xml version="1.0" encoding="UTF-8"?>\n'
                '<oor:items xmlns:oor="http://openoffice.org/2001/registry" '
                'xmlns:xs="http://www.w3.org/2001/XMLSchema" '
                'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">\n'
                '<item oor:path="/org.openoffice.Setup/L10N"><prop oor:name="ooSetupSystemLocale" '
                'oor:op="fuse"><value>it-IT</value></prop></item>\n'
                '<item oor:path="/org.openoffice.Setup/L10N"><prop oor:name="ooLocale" '
                'oor:op="fuse"><value>it-IT</value></prop></item>\n'
                '</oor:items>\n')
    env = dict(os.environ, LC_ALL="it_IT.UTF-8", LANG="it_IT.UTF-8")
    command = ["soffice", f"-env:UserInstallation=file://{profile}", "--headless"]
    if infilter:
        command.append(f"--infilter={infilter}")
    subprocess.run(command + ["--convert-to", "fods", "--outdir", work, source],
                   check=True, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    fods = os.path.join(work, os.path.splitext(os.path.basename(source))[0] + ".fods")
    root = ET.parse(fods).getroot()
    sheets = {}
    for t in root.iter(TABLE + "table"):
        rows = []
        for r in t.iter(TABLE + "table-row"):
            repeat_rows = int(r.get(TABLE + "number-rows-repeated", "1"))
            cells = []
            for c in r:
                if c.tag not in (TABLE + "table-cell", TABLE + "covered-table-cell"):
                    continue
                n = int(c.get(TABLE + "number-columns-repeated", "1"))
                kind = c.get(OFFICE + "value-type")
                value = (c.get(OFFICE + "value") or c.get(OFFICE + "date-value")
                         or c.get(OFFICE + "boolean-value"))
                text = "\n".join("".join(p.itertext()) for p in c.findall("text:p", NS))
                cells.extend([(kind, value, text)] * min(n, 64))
            if any(k for k, _, _ in cells):
                rows.extend([cells] * min(repeat_rows, 1))
        sheets[t.get(TABLE + "name")] = rows
    return sheets


converted = [0]


def compare(name, fields, rows, sheet, csv_mode):
    """Mismatches between the CSV rows and the sheet Calc made of them."""
    bad = 0
    header = [t for _, _, t in sheet[0]][: len(fields)] if sheet else []
    if header != [f["name"] for f in fields]:
        print(f"{name}: header {header}")
        bad += 1
    checked = 0
    for i, row in enumerate(rows):
        cells = sheet[i + 1] if i + 1 < len(sheet) else []
        for j, (field, value) in enumerate(zip(fields, row)):
            kind, cvalue, text = cells[j] if j < len(cells) else (None, None, "")
            number = value.replace(",", ".") if field.get("decimalChar") == "," else value
            if csv_mode and field["type"] in ("date", "boolean"):
                continue  # a CSV cell's text; the workbook types these
            if csv_mode and field["type"] == "string":
                # A spreadsheet types a CSV's cells by their look: text that
                # looks like a number ("32.000", a code "4") becomes one, and
                # a formula's quote stays. Counted, not failed: that is what
                # the workbook is for.
                converted[0] += value != "" and kind != "string"
                continue
            if value == "":
                ok = kind is None
            elif field["type"] == "boolean":
                # Calc keeps a boolean as 1 or 0 in a boolean format
                # (shown VERO / FALSO in Italian).
                ok = (kind == "boolean" and cvalue == value) or (
                    kind == "float" and float(cvalue) == (value == "true"))
            else:
                ok = kind == EXPECTED[field["type"]]
                if ok and kind == "float":
                    ok = float(cvalue) == float(number)
                elif ok and kind == "date":
                    ok = cvalue.startswith(value)
                elif ok and kind == "string":
                    ok = text == (value[1:] if value.startswith("'") else value)
            checked += 1
            if not ok:
                bad += 1
                if bad <= 10:
                    print(f"{name} row {i + 1} {field['name']}: CSV {value!r}, "
                          f"Calc {kind} {cvalue!r} {text[:40]!r}")
    print(f"{name}: {len(rows)} rows, {checked} cells checked")
    return bad


def main():
    out = sys.argv[1]
    package = json.load(open(os.path.join(out, "datapackage.json")))
    excel_it = package["resources"][0]["dialect"]["delimiter"] == ";"
    with tempfile.TemporaryDirectory() as work:
        sheets = calc_cells(os.path.abspath(os.path.join(out, "piani.xlsx")), work)
        bad = 0
        for res in package["resources"]:
            fields = res["schema"]["fields"]
            delimiter = res["dialect"]["delimiter"]
            with open(os.path.join(out, res["path"]), newline="", encoding="utf-8-sig") as f:
                rows = list(csv.reader(f, delimiter=delimiter))[1:]
            print("workbook, ", end="")
            bad += compare(res["name"], fields, rows, sheets.get(res["name"]), False)
            if excel_it:
                # Separator ';' (59), quote '"' (34), UTF-8 (76), from line 1,
                # default column types, language it-IT (1040).
                csv_sheets = calc_cells(os.path.abspath(os.path.join(out, res["path"])), work,
                                        "Text - txt - csv (StarCalc):59,34,76,1,,1040")
                print("CSV, ", end="")
                bad += compare(res["name"], fields, rows, next(iter(csv_sheets.values())), True)
    if excel_it:
        print(f"CSV text cells Calc typed as something else (their look): {converted[0]}")
    print("ok" if bad == 0 else f"{bad} cells wrong")
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()

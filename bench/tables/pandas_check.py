#!/usr/bin/env python3
"""Reads every table of OUT with pandas as a researcher would, typed by
OUT/datapackage.json, and checks the documented joins: cost_items ->
cost_actions -> documents, gantt -> gantt_rows, gantt_rows -> their group
row, every table -> documents, with no orphan. Exits 1 on any problem.

    pip install pandas
    bench/tables/pandas_check.py OUT
"""
import json
import os
import sys

import pandas as pd

DTYPES = {"integer": "Int64", "number": "Float64", "boolean": "boolean", "string": "string"}


def read(out, resource):
    fields = resource["schema"]["fields"]
    dialect = resource["dialect"]
    dtypes = {f["name"]: DTYPES[f["type"]] for f in fields if f["type"] in DTYPES}
    dates = [f["name"] for f in fields if f["type"] == "date"]
    decimal = next((f["decimalChar"] for f in fields if "decimalChar" in f), ".")
    table = pd.read_csv(os.path.join(out, resource["path"]), sep=dialect["delimiter"],
                        decimal=decimal, encoding="utf-8-sig", keep_default_na=False,
                        na_values=[""], dtype=dtypes, parse_dates=dates,
                        true_values=["true"], false_values=["false"])
    assert list(table.columns) == [f["name"] for f in fields], resource["name"]
    for f in fields:
        if f["type"] == "date" and len(table):
            assert str(table[f["name"]].dtype).startswith("datetime64"), f["name"]
    key = resource["schema"]["primaryKey"]
    assert not table.duplicated(key).any(), f"{resource['name']}: key {key} repeated"
    return table


def orphans(child, parent, on, name):
    """Rows of child whose key is not in parent (rows with a missing key part skipped)."""
    keyed = child.dropna(subset=list(on.keys()))
    right = parent[list(on.values())].drop_duplicates().rename(
        columns={v: k for k, v in on.items()})
    merged = keyed.merge(right, on=list(on.keys()), how="left", indicator=True)
    n = int((merged["_merge"] == "left_only").sum())
    print(f"{name}: {len(keyed)} rows joined, {n} orphans")
    return n


def main():
    out = sys.argv[1]
    package = json.load(open(os.path.join(out, "datapackage.json")))
    t = {r["name"]: read(out, r) for r in package["resources"]}
    for name, table in t.items():
        print(f"{name}: {len(table)} rows, " + ", ".join(
            f"{c}:{table[c].dtype}" for c in table.columns[:6]) + ", ...")
    bad = 0
    bad += orphans(t["cost_items"], t["cost_actions"],
                   {"document_id": "document_id", "action_no": "action_no"},
                   "cost_items -> cost_actions")
    bad += orphans(t["cost_actions"], t["documents"], {"document_id": "document_id"},
                   "cost_actions -> documents")
    bad += orphans(t["gantt"], t["gantt_rows"],
                   {"document_id": "document_id", "row_no": "row_no"}, "gantt -> gantt_rows")
    bad += orphans(t["gantt_rows"], t["gantt_rows"],
                   {"document_id": "document_id", "group_no": "row_no"},
                   "gantt_rows -> their group")
    for name in t:
        if name != "documents":
            bad += orphans(t[name], t["documents"], {"document_id": "document_id"},
                           f"{name} -> documents")
    # The join researchers make: cost items with their action's total and file.
    costs = (t["cost_items"]
             .merge(t["cost_actions"], on=["document_id", "action_no"], suffixes=("", "_action"))
             .merge(t["documents"][["document_id", "file"]].drop_duplicates("document_id"),
                    on="document_id"))
    sums = costs.groupby(["document_id", "action_no"]).agg(
        items=("amount_eur", "sum"), computed=("computed_eur", "first"))
    mismatched = sums[(sums["items"] - sums["computed"]).abs() > 0.005]
    print(f"cost items summed per action: {len(sums)} actions, {len(mismatched)} "
          "not equal to computed_eur")
    bad += len(mismatched)
    print("ok" if bad == 0 else f"{bad} problems")
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()

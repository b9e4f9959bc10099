#!/usr/bin/env python3
"""A second computation of the commission comparison, from the raw file alone.

Reads data/assessments/assessments.csv with Python's csv module and decimal arithmetic (none
of the project's code) and prints, per check, the claim it checked, what it found and the share
(whole percent, half up) that /commissions/compare and /v1/assessments/comparison show. Given an
API origin (e.g. http://127.0.0.1:8787), it fetches /v1/assessments/comparison and exits 1 on
any difference.

    python3 dev/check/comparison.py [ORIGIN]
"""
import csv
import json
import sys
import urllib.request
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

FILE = Path(__file__).resolve().parents[2] / "data" / "assessments" / "assessments.csv"


def share(part: str, whole: str):
    if not part or not whole or Decimal(whole) <= 0:
        return None
    pct = (Decimal(part) / Decimal(whole) * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return f"{pct}%"


def expected():
    with FILE.open(newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            yield {
                "commission": row["commission"],
                "assessor": row["assessor"],
                "url": row["url"],
                "currency": row["currency"],
                "claimed": row["claimed"] or None,
                "share_low": share(row["assessed_low"], row["claimed"]),
                "share_high": share(row["assessed_high"], row["claimed"]),
            }


def main():
    rows = list(expected())
    for r in rows:
        found = " – ".join(s for s in {r["share_low"]: 0, r["share_high"]: 0} if s) or "no share"
        print(f'{r["commission"]:28} {r["assessor"][:40]:40} {r["currency"]} {r["claimed"] or "—":>14} {found}')
    if len(sys.argv) < 2:
        return 0
    with urllib.request.urlopen(f"{sys.argv[1].rstrip('/')}/v1/assessments/comparison") as res:
        served = json.load(res)["data"]
    checks = {(c["commission"], c["source"]["url"], c["assessor"]): c for s in served for c in s["checks"]}
    wrong = 0
    for r in rows:
        c = checks.get((r["commission"], r["url"], r["assessor"]))
        got = c and (c["claimed"], c["currency"], c["share_low"], c["share_high"])
        want = (r["claimed"], r["currency"], r["share_low"], r["share_high"])
        if got != want:
            wrong += 1
            print(f"DIFFERS {r['commission']} / {r['assessor']}: file {want}, API {got}")
    print(f"{len(rows) - wrong} of {len(rows)} checks agree with the API")
    return 1 if wrong else 0


if __name__ == "__main__":
    sys.exit(main())

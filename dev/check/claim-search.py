#!/usr/bin/env python3
"""A second computation of the award search of claims that name a PIID but no award.

Reads the DOGE list of 2025-04-16 (data/doge/contracts-2025-04-16.json) and the FPDS records the
USAspending stand-in serves (data/fpds/fpds-doge-contracts-2025-03-05.csv) with Python's json and
csv modules and decimal arithmetic (none of the project's code). For each live receipt with a
PIID and no FPDS link (not "Unavailable", not a charge-card purchase) it counts the distinct
awards (agency id, PIID, parent PIID) the FPDS file holds under that PIID, and prints, by how
many were found (0, 1, several), the receipts and the savings they claim, and each receipt with
one award: what the job's search should resolve on the stand-in, before the agency check (the
job also requires the award's agency id to name the claim's department).

    python3 dev/check/claim-search.py
"""
import csv
import json
import re
from collections import defaultdict
from decimal import Decimal
from pathlib import Path

DATA = Path(__file__).resolve().parents[2] / "data"
LIST = DATA / "doge" / "contracts-2025-04-16.json"
FPDS = DATA / "fpds" / "fpds-doge-contracts-2025-03-05.csv"


def main():
    receipts = json.loads(LIST.read_text(encoding="utf-8"), parse_float=Decimal)
    awards = defaultdict(set)
    with FPDS.open(newline="", encoding="utf-8-sig") as f:
        for row in csv.DictReader(f):
            link = row.get("LINK") or ""
            piid = re.search(r"[?&]PIID=([^&]*)", link)
            agency = re.search(r"[?&]agencyID=([^&]*)", link)
            parent = re.search(r"[?&]idvPIID=([^&]*)", link)
            if piid and agency and piid.group(1):
                awards[piid.group(1).upper()].add(
                    (agency.group(1), piid.group(1), parent.group(1) if parent else "")
                )
    unlinked = [
        r
        for r in receipts
        if (r.get("piid") or "") not in ("", "Unavailable", "Charge Card Purchase")
        and "PIID=" not in (r.get("fpds_link") or "")
    ]
    totals = defaultdict(lambda: [0, Decimal(0), Decimal(0)])
    for r in unlinked:
        n = len(awards.get(r["piid"].upper(), ()))
        bucket = "none" if n == 0 else "one" if n == 1 else "several"
        savings = Decimal(str(r.get("savings") or 0))
        totals[bucket][0] += 1
        totals[bucket][1] += savings
        if savings > 0:
            totals[bucket][2] += 1
        if n == 1:
            (agency, piid, parent), = awards[r["piid"].upper()]
            print(f"one\t{r['piid']}\t{r['agency']}\tagencyID {agency}\tparent {parent or '-'}\t${savings:,.2f}")
    print(f"receipts with a PIID and no link: {len(unlinked)}")
    for bucket in ("none", "one", "several"):
        count, savings, positive = totals[bucket]
        print(f"{bucket}: {count} receipts ({positive} claiming a saving), ${savings:,.2f} claimed")


if __name__ == "__main__":
    main()

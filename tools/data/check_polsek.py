#!/usr/bin/env python3
"""Check the sourced Polsek lists in data/decisions/polsek/*.csv (standard library only).

Each file is one province (`<province code>.csv`), one row per kecamatan a Polsek covers:

    polres,polsek,kecamatan_code,kecamatan_name,source_url,source_date,confidence,note,conflicts_with

- polres: the Polres exactly as named in data/derived/polres.csv (`name`).
- polsek: the Polsek as the source spells it ("Polsek Depok Barat").
- kecamatan_code / kecamatan_name: the Kemendagri kecamatan (data/derived/kecamatan_polres.csv).
- source_url: the page that says this Polsek belongs to this Polres and covers this kecamatan.
- source_date: YYYY-MM-DD, YYYY-MM or YYYY of that page.
- confidence: high (official list or Polres/Polda page), medium (dated news naming both), low.
- note: a short paraphrase of what the source says.
- conflicts_with: another source that says otherwise ("URL (date): says Polres Y"), else empty.

Exit 1 with one line per problem (scripts/test, step 1). `--summary` also prints counts.
"""
import csv
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tools/data"))
from derive_polres import fold  # noqa: E402 (the pipeline's own name comparison)
COLS = ["polres", "polsek", "kecamatan_code", "kecamatan_name", "source_url", "source_date",
        "confidence", "note", "conflicts_with"]
DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def load_rows():
    rows = []
    for f in sorted((ROOT / "data/decisions/polsek").glob("*.csv")):
        with open(f, newline="", encoding="utf-8") as fh:
            rd = csv.DictReader(fh)
            if rd.fieldnames != COLS:
                rows.append((f.name, 1, None, f"header must be {','.join(COLS)}"))
                continue
            for i, r in enumerate(rd, start=2):
                rows.append((f.name, i, r, None))
    return rows


def check(rows):
    kec = {r["kecamatan_code"]: r for r in csv.DictReader(open(ROOT / "data/derived/kecamatan_polres.csv"))}
    polres = {r["name"] for r in csv.DictReader(open(ROOT / "data/derived/polres.csv"))}
    problems, seen = [], {}
    for fname, line, r, err in rows:
        where = f"data/decisions/polsek/{fname}:{line}"
        if err:
            problems.append(f"{where}: {err}")
            continue
        code = r["kecamatan_code"]
        if code not in kec:
            problems.append(f"{where}: kecamatan_code {code!r} is not a kecamatan")
        elif not fname.startswith(code[:2]):
            problems.append(f"{where}: kecamatan {code} is not in province file {fname}")
        elif fold(kec[code]["kecamatan_name"]) != fold(r["kecamatan_name"]):
            problems.append(f"{where}: kecamatan_name {r['kecamatan_name']!r} is not {kec[code]['kecamatan_name']!r}")
        if r["polres"] not in polres:
            problems.append(f"{where}: polres {r['polres']!r} is not in data/derived/polres.csv")
        if not r["polsek"].strip():
            problems.append(f"{where}: polsek is empty")
        if not r["source_url"].startswith(("http://", "https://")):
            problems.append(f"{where}: source_url must be a URL")
        if not DATE.match(r["source_date"]):
            problems.append(f"{where}: source_date {r['source_date']!r} is not YYYY[-MM[-DD]]")
        if r["confidence"] not in ("high", "medium", "low"):
            problems.append(f"{where}: confidence must be high, medium or low")
        # Low rows are leads (not applied): only high/medium rows must agree.
        if r["confidence"] in ("high", "medium"):
            if code in seen and seen[code][1] != r["polres"]:
                problems.append(f"{where}: kecamatan {code} already given to {seen[code][1]} at {seen[code][0]}"
                                " (keep the newer official source; put the other in conflicts_with)")
            seen.setdefault(code, (where, r["polres"]))
    return problems, seen, kec


def main():
    problems, seen, kec = check(load_rows())
    for p in problems:
        print(p)
    if "--summary" in sys.argv:
        by_prov = {}
        for code in kec:
            t = by_prov.setdefault(code[:2], [0, 0])
            t[0] += 1
            t[1] += code in seen
        for p, (n, s) in sorted(by_prov.items()):
            print(f"{p}: {s}/{n} kecamatan with a high/medium Polsek row")
        print(f"total: {len(seen)}/{len(kec)} ({100 * len(seen) / len(kec):.1f}%)")
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()

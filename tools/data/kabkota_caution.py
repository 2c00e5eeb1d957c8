#!/usr/bin/env python3
"""A research aid (standard library only): every kab/kota with its kecamatan count, the Polres that
serve it now, and whether a whole-area statement may stand for its kecamatan.

    python3 tools/data/kabkota_caution.py > /tmp/kabkota.txt

Tab-separated: kabkota_code, kabkota_name, kecamatan_count, polres_now (ids, `;`-joined), caution.
`caution` is empty, or lists why a statement of a Polres's whole area ("N kecamatan", "the whole
kabupaten") does not settle which Polres covers each kecamatan there: more than one Polres serves
it; a Kabupaten and a Kota share its name; or one of its kecamatan borders a kecamatan of another
kab/kota served by a city Polres (outlines sharing at least two vertices at 1e-3°). A city Polres:
a Polresta, Polrestabes or Polres Metro, or a Polres serving at least half of a Kota's kecamatan.
A kabupaten whose one Polres is a city Polres (Polresta Pati) needs no caution for that. From
research pass 10 a whole-area statement gives `medium`/`high` rows only where `caution` is empty
(data/PROVENANCE.md, NOTES-round10-*.md).
Reads data/derived/ and data/sources/boundaries/; writes nothing. `--check` prints nothing and
checks known cases and issue 15's targets instead (scripts/test, step 1). `--cities` lists each city Polres's still-assumed
kecamatan instead (tab-separated: Polres, count, kecamatan). `--near CODE...` prints, for each
kecamatan code, the city Polres of another kab/kota serving a kecamatan beside it (empty: none),
then those serving one two steps away: what a row naming a Polsek but not its Polres is reviewed
against (pass 17; a city Polres can hold a second ring, as Polresta Banda Aceh does).
`--kecamatan` prints one row per kecamatan (code, name, kab/kota caution, city Polres beside it,
two steps away, the kecamatan's own caution): a kab/kota cautioned only for bordering a city
Polres's area puts no caution on a kecamatan with no such area within two steps (pass 17).
"""
import collections
import csv
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from derive_polres import kab_base  # noqa: E402 (the pipeline's own "Kabupaten X" -> "X")

ROOT = Path(__file__).resolve().parents[2]


def load():
    """The derived kecamatan table and the Polres by id."""
    kp = list(csv.DictReader(open(ROOT / "data/derived/kecamatan_polres.csv")))
    pr = {r["id"]: r for r in csv.DictReader(open(ROOT / "data/derived/polres.csv"))}
    return kp, pr


def city_polres(kp, pr):
    """The city Polres (ids): a Polresta, Polrestabes or Polres Metro, or a Polres serving at least half
    of a Kota's kecamatan (Polres Binjai, Polres Kotamobagu, Polres Bima Kota, ...)."""
    count = collections.Counter(r["kabkota_code"] for r in kp)
    in_kota = collections.Counter((r["kabkota_code"], r["polres_id"]) for r in kp if r["kabkota_name"].startswith("Kota "))
    cities = {p for p in pr if pr[p]["type"] in ("Polresta", "Polrestabes", "Polres Metro")}
    return cities | {p for (k, p), m in in_kota.items() if 2 * m >= count[k]}


def city_assumed():
    """Each city Polres's still-assumed kecamatan (the issue's target: every city Polres's area
    sourced): {Polres name: [(kecamatan code, name, kab/kota name)]}."""
    kp, pr = load()
    cities = city_polres(kp, pr)
    out = collections.defaultdict(list)
    for r in csv.DictReader(open(ROOT / "data/derived/assumed.csv")):
        if r["polres_id"] in cities:
            out[pr[r["polres_id"]]["name"]].append((r["kecamatan_code"], r["kecamatan_name"], r["kabkota_name"]))
    return out


def neighbours():
    """{kecamatan code: its neighbouring kecamatan}: outlines sharing at least two vertices (rounded
    to 1e-3 degrees)."""
    g = json.load(open(ROOT / "data/sources/boundaries/kecamatan_all.geojson"))
    at = collections.defaultdict(set)
    for f in g["features"]:
        geom, code = f["geometry"], f["properties"]["kode"]
        polys = [geom["coordinates"]] if geom["type"] == "Polygon" else geom["coordinates"]
        for poly in polys:
            for ring in poly:
                for x, y in ring:
                    at[(round(x, 3), round(y, 3))].add(code)
    shared = collections.defaultdict(collections.Counter)
    for ks in at.values():
        for a in ks:
            for b in ks:
                if a != b:
                    shared[a][b] += 1
    return {a: {b for b, n in bs.items() if n >= 2} for a, bs in shared.items()}


def city_neighbours(kp, pr, nb=None, steps=1):
    """{kecamatan code: the city Polres (ids) serving a kecamatan of another kab/kota at most `steps`
    kecamatan away, none of which serves this kecamatan's kab/kota}."""
    nb = neighbours() if nb is None else nb
    pol, owner = collections.defaultdict(set), {}
    for r in kp:
        pol[r["kabkota_code"]].add(r["polres_id"])
        owner[r["kecamatan_code"]] = r["polres_id"]
    cities = city_polres(kp, pr)
    near = collections.defaultdict(set)
    for a in nb:
        seen, front = {a}, {a}
        for _ in range(steps):
            front = {c for f in front for c in nb.get(f, ())} - seen
            seen |= front
        for b in seen - {a}:
            if b[:5] != a[:5] and owner.get(b) in cities and owner[b] not in pol[a[:5]]:
                near[a].add(owner[b])
    return near


def kecamatan_caution(kp, pr, nb=None):
    """One row per kecamatan: (code, name, kab/kota caution, city Polres beside it, city Polres two
    steps away, caution for this kecamatan). The kecamatan's own caution is its kab/kota's, except
    that a kab/kota cautioned only for bordering a city Polres's area puts no caution on a kecamatan
    with no such area within two kecamatan (from pass 17): the city Polres's area, a ring or two
    round its city, does not reach it."""
    nb = neighbours() if nb is None else nb
    near, near2 = city_neighbours(kp, pr, nb), city_neighbours(kp, pr, nb, steps=2)
    kab = {r[0]: r[4] for r in caution_rows(kp, pr, nb)}
    names = lambda ps: " / ".join(sorted(pr[p]["name"] for p in ps))  # noqa: E731
    out = []
    for r in kp:
        code, why = r["kecamatan_code"], kab[r["kabkota_code"]]
        only_border = why.startswith("borders the area of ") and "," not in why
        own = "" if only_border and not near2.get(code) else why
        out.append((code, r["kecamatan_name"], why, names(near.get(code, ())),
                    names(near2.get(code, set()) - near.get(code, set())), own))
    return out


def caution_rows(kp=None, pr=None, nb=None):
    """One row per kab/kota: (code, name, kecamatan count, Polres ids, caution)."""
    if kp is None:
        kp, pr = load()

    pol, name, count = collections.defaultdict(set), {}, collections.Counter()
    for r in kp:
        pol[r["kabkota_code"]].add(r["polres_id"])
        name[r["kabkota_code"]] = r["kabkota_name"]
        count[r["kabkota_code"]] += 1
    cities = city_polres(kp, pr)
    base = collections.defaultdict(list)
    for k, v in name.items():
        base[kab_base(v)].append(k)

    near = collections.defaultdict(set)  # kab/kota -> city Polres serving a neighbouring kecamatan
    for a, ps in city_neighbours(kp, pr, nb).items():
        near[a[:5]] |= ps

    rows = []
    for k in sorted(name):
        why = []
        if len(pol[k]) > 1:
            why.append("more than one Polres" + (" (a city Polres among them)" if pol[k] & cities else ""))
        if len(base[kab_base(name[k])]) > 1:
            why.append("a Kab and a Kota share the name")
        if near[k]:
            why.append("borders the area of " + " / ".join(sorted(pr[p]["name"] for p in near[k])))
        rows.append((k, name[k], count[k], ";".join(sorted(pol[k])), ", ".join(why)))
    return rows


def check(rows):
    """Known cases: a split kabupaten, a Kab/Kota pair, a border at kecamatan level, none."""
    by = {r[0]: r for r in rows}
    expect = {
        "35.05": "more than one Polres (a city Polres among them)",  # Kab. Blitar: and Polres Blitar Kota
        "53.01": "a Kab and a Kota share the name",  # Kab. Kupang
        "61.01": "borders the area of Polres Singkawang",  # Kab. Sambas
        "11.17": "borders the area of Polres Lhokseumawe",  # Bener Meriah (via Aceh Utara's kecamatan)
    }
    problems = [f"{k}: caution {by[k][4]!r} lacks {v!r}" for k, v in expect.items() if v not in by[k][4]]
    problems += [f"{k}: expected no caution, got {by[k][4]!r}" for k in ("95.03", "53.11", "33.18") if by[k][4]]
    kp, pr = load()
    cities = city_polres(kp, pr)
    # A city by serving a Kota (Binjai, Bima Kota), not by a "Kota" in its name (Kotabaru, Kotawaringin).
    problems += [f"{p}: expected a city Polres" for p in ("polres-binjai", "polres-bima-kota") if p not in cities]
    problems += [f"{p}: not a city Polres" for p in ("polres-kotabaru", "polres-kotawaringin-barat") if p in cities]
    # The kecamatan-level reading (pass 17): the caution stays beside a city Polres's area and two
    # steps from it, and lifts further away, but only where bordering is the kab/kota's one caution.
    own = {r[0]: r[5] for r in kecamatan_caution(kp, pr)}
    for code, keeps in (("32.05.37", True), ("33.21.02", True), ("13.71.10", False), ("11.06.01", True)):
        if bool(own[code]) != keeps:  # Talegong, Karangawen (two steps), Nanggalo, Lhoong (split kabupaten)
            problems.append(f"{code}: kecamatan caution {own[code]!r}, expected {'one' if keeps else 'none'}")
    if sum(r[2] for r in rows) != 7284:
        problems.append(f"{sum(r[2] for r in rows)} kecamatan, expected 7284")
    # Issue 15's targets, kept once met: every city Polres's area sourced (met in pass 22), every
    # Polres with a kecamatan has a sourced one (pass 22), and at least 90% of kecamatan sourced (pass 20).
    for name, kec in sorted(city_assumed().items()):
        problems.append(f"{name}: city Polres with {len(kec)} assumed kecamatan ({kec[0][0]} {kec[0][1]} ...)")
    sourced = collections.Counter(r["polres_id"] for r in kp if not r["basis"].startswith("name-match"))
    problems += [f"{p}: no sourced kecamatan" for p in sorted({r["polres_id"] for r in kp} - set(sourced))]
    if 10 * sum(sourced.values()) < 9 * len(kp):
        problems.append(f"{sum(sourced.values())} of {len(kp)} kecamatan sourced, below 90%")
    for p in problems:
        print(f"kabkota_caution --check: {p}")
    return not problems


if __name__ == "__main__":
    if "--cities" in sys.argv:
        for name, kec in sorted(city_assumed().items(), key=lambda x: (-len(x[1]), x[0])):
            print(f"{name}\t{len(kec)}\t" + "; ".join(f"{c} {n} ({k})" for c, n, k in kec))
        sys.exit(0)
    if "--kecamatan" in sys.argv or "--near" in sys.argv:
        rows = kecamatan_caution(*load())
        if "--kecamatan" in sys.argv:
            for row in rows:
                print("\t".join(row))
        else:
            by = {r[0]: r for r in rows}
            for code in sys.argv[sys.argv.index("--near") + 1:]:
                print("\t".join((code,) + (by[code][3:5] if code in by else ("", ""))))
        sys.exit(0)
    rows = caution_rows()
    if "--check" in sys.argv:
        sys.exit(0 if check(rows) else 1)
    print("kabkota_code\tkabkota_name\tkecamatan_count\tpolres_now\tcaution")
    for r in rows:
        print("\t".join(map(str, r)))


#!/usr/bin/env python3
"""Derive Siaga110's Polres tables from the project's own copies of the source data.

Inputs (read only):
  data/sources/    copied upstream data (boundaries, places, evidence) - see data/PROVENANCE.md
  data/decisions/  hand-curated tables: polres_names.csv, sumut_kecamatan.csv, national.csv,
                   hq.csv, papua_polda.csv

Outputs (data/derived/):
  polres.csv            one row per territorial Polres (incl. Polresta, Polrestabes, Metro, port, airport)
  kecamatan_polres.csv  one row per kecamatan feature of boundaries/kecamatan_all.geojson
  unmapped.csv          kab/kota that the name list alone could not map, and what resolved them
  summary.txt           counts and the Polres that own no kecamatan
  kabkota_seats.csv     one seat point per kab/kota that lies inside that kab/kota (see compute_seats); it
                        replaces the places/kabkota_capitals.csv point wherever a seat stands in for a Polres HQ

Usage:
  python3 tools/data/derive_polres.py          regenerate data/derived/
  python3 tools/data/derive_polres.py --check  recompute in memory; exit 1 and print differences if the
                                               files on disk differ (used by the tests)

Python 3.11, standard library only. Deterministic: same inputs give byte-identical outputs (sorted rows,
'\\n' line endings, fixed number formatting, no timestamps).
"""

import argparse
import csv
import difflib
import io
import json
import math
import os
import re
import sys
import unicodedata
from collections import Counter, defaultdict

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SRC = os.path.join(ROOT, "data", "sources")
DEC = os.path.join(ROOT, "data", "decisions")
OUT = os.path.join(ROOT, "data", "derived")

DECISION_FILES = ("sumut_kecamatan.csv", "national.csv")
# Sourced Polsek lists, one file per province and research pass (decisions/polsek/<prov>[-N].csv).
POLSEK_DIR = os.path.join(DEC, "polsek")
POLSEK_COLS = ["polres", "polsek", "kecamatan_code", "kecamatan_name", "source_url", "source_date",
               "confidence", "note", "conflicts_with"]
# Polsek rows that count as a sourced basis; low ones are kept as leads, not applied.
POLSEK_APPLIED = ("high", "medium")
SOURCE_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
CONFIDENCE = {"high", "medium", "low"}
# Units whose area may lie below kecamatan level (a port or an airport): they may own no kecamatan.
AREA_ONLY_TYPES = {"Polres Pelabuhan", "Polres Bandara", "Polresta Bandara"}
EXPECTED_KECAMATAN = 7284


class DataError(Exception):
    pass


# ----------------------------------------------------------------------------------------------------
# small helpers

def fold(s):
    """Accent-, case-, space- and punctuation-insensitive key."""
    s = unicodedata.normalize("NFKD", s).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]", "", s)


def name_key(s):
    """Key for matching a Polres name as listed against a kab/kota name ('KEP.' = Kepulauan)."""
    s = unicodedata.normalize("NFKD", s).encode("ascii", "ignore").decode().upper()
    s = re.sub(r"\bKEP\.\s*", "KEPULAUAN ", s)
    return re.sub(r"[^A-Z0-9]", "", s)


def slug(s):
    s = unicodedata.normalize("NFKD", s).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", s).strip("-")


def fmt(x):
    return f"{float(x):.5f}"


def read_csv(path):
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def rel(path):
    return os.path.relpath(path, ROOT)


def csv_text(header, rows):
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(header)
    w.writerows(rows)
    return buf.getvalue()


KAB_PREFIXES = ("Kabupaten Administrasi ", "Kota Administrasi ", "Kabupaten ", "Kota ")


def kab_base(name):
    for p in KAB_PREFIXES:
        if name.startswith(p):
            return name[len(p):]
    return name


def listed_base(listed, polda_listed):
    """Strip the unit-type prefix from a Polres name as listed (2023 list spelling)."""
    s = re.sub(r"\s+", " ", listed).strip().upper()
    for pre in ("POLRESTABES ", "POLRESTA BANDARA ", "POLRESTA ", "POLRES KAWASAN BANDARA ",
                "POLRES PELABUHAN ", "POLRES "):
        if s.startswith(pre):
            rest = s[len(pre):]
            if pre == "POLRES " and polda_listed == "Polda Metro Jaya" and rest.startswith("METRO "):
                rest = rest[len("METRO "):]
            return rest
    raise DataError(f"polres_names.csv: cannot parse unit type of {listed!r}")


# ----------------------------------------------------------------------------------------------------
# geometry (kecamatan polygons; a kab/kota = every kecamatan whose code starts with its code + ".")

Q = 1e5                 # GeoJSON coordinates have 5 decimals: work in integer 1e-5 degree units
M_PER_DEG = 111195.08   # metres per degree of latitude (mean Earth radius)
GRID = 25000            # spatial-index cell: 0.25 degree


def ring_contains(rings, y, x):
    """Even-odd point-in-polygon over all rings of one polygon (outer ring and holes), in 1e-5 degree
    units; the same rule as the app (core/src/jurisdiction.rs `contains`)."""
    inside = False
    for ring in rings:
        py, px = ring[-1]
        for ry, rx in ring:
            if (ry > y) != (py > y) and x < (px - rx) * (y - ry) / (py - ry) + rx:
                inside = not inside
            py, px = ry, rx
    return inside


def ring_area(ring):
    return abs(sum(x0 * y1 - x1 * y0 for (y0, x0), (y1, x1) in zip(ring, ring[1:]))) / 2.0


class Boundaries:
    """Every polygon part of boundaries/kecamatan_all.geojson, as the app packs it: [lon,lat] -> integer
    (lat, lon) in 1e-5 degree units, consecutive repeats dropped, rings of fewer than 4 points dropped."""

    def __init__(self, features):
        self.parts = []                    # dict(kab, kec, rings, bbox)
        self.by_kab = defaultdict(list)    # kab/kota code -> part indices
        self.grid = defaultdict(list)      # (cell y, cell x) -> part indices
        for f in sorted(features, key=lambda f: f["properties"]["kode"]):
            code = f["properties"]["kode"]
            g = f["geometry"]
            polys = [g["coordinates"]] if g["type"] == "Polygon" else g["coordinates"]
            for poly in polys:
                rings = []
                for ring in poly:
                    pts = []
                    for lon, lat in ring:
                        q = (round(lat * Q), round(lon * Q))
                        if not pts or pts[-1] != q:
                            pts.append(q)
                    if len(pts) >= 4:
                        rings.append(pts)
                if not rings:
                    continue
                ys = [y for r in rings for y, _ in r]
                xs = [x for r in rings for _, x in r]
                bbox = (min(ys), max(ys), min(xs), max(xs))
                i = len(self.parts)
                kab = code.rsplit(".", 1)[0]
                self.parts.append(dict(kab=kab, kec=code, rings=rings, bbox=bbox))
                self.by_kab[kab].append(i)
                for cy in range(bbox[0] // GRID, bbox[1] // GRID + 1):
                    for cx in range(bbox[2] // GRID, bbox[3] // GRID + 1):
                        self.grid[(cy, cx)].append(i)

    def _near(self, y, x, reach=0):
        cy, cx = int(y // GRID), int(x // GRID)
        seen = set()
        for dy in range(-reach, reach + 1):
            for dx in range(-reach, reach + 1):
                seen.update(self.grid.get((cy + dy, cx + dx), ()))
        return sorted(seen)

    def kecamatan_at(self, lat, lon):
        """Codes of the kecamatan whose polygons contain the point (normally 0 or 1)."""
        y, x = lat * Q, lon * Q
        out = set()
        for i in self._near(y, x):
            p = self.parts[i]
            b = p["bbox"]
            if b[0] <= y <= b[1] and b[2] <= x <= b[3] and ring_contains(p["rings"], y, x):
                out.add(p["kec"])
        return sorted(out)

    def kabkota_at(self, lat, lon):
        return sorted({k.rsplit(".", 1)[0] for k in self.kecamatan_at(lat, lon)})

    def only_in(self, code, lat, lon):
        """True if the point lies inside kab/kota `code` and inside no other kab/kota."""
        return self.kabkota_at(lat, lon) == [code]

    def nearest_boundary(self, indices, lat, lon):
        """(distance in m, (lat, lon) of the nearest boundary point) over the given parts."""
        cos = math.cos(math.radians(lat))
        k = M_PER_DEG / Q
        y0, x0 = lat * Q, lon * Q
        best = (math.inf, None)
        for i in indices:
            for ring in self.parts[i]["rings"]:
                for (ay, ax), (by, bx) in zip(ring, ring[1:]):
                    axm, aym = (ax - x0) * cos * k, (ay - y0) * k
                    bxm, bym = (bx - x0) * cos * k, (by - y0) * k
                    dx, dy = bxm - axm, bym - aym
                    l2 = dx * dx + dy * dy
                    t = min(1.0, max(0.0, (-axm * dx - aym * dy) / l2)) if l2 > 0 else 0.0
                    nx, ny = axm + t * dx, aym + t * dy
                    dd = nx * nx + ny * ny
                    if dd < best[0]:
                        best = (dd, (lat + ny / k / Q, lon + nx / (cos * k) / Q))
        return math.sqrt(best[0]), best[1]

    def parts_near(self, lat, lon):
        return self._near(lat * Q, lon * Q, reach=1)

    def largest_part(self, code):
        def area(i):
            rings = self.parts[i]["rings"]
            lat = (self.parts[i]["bbox"][0] + self.parts[i]["bbox"][1]) / 2 / Q
            return (ring_area(rings[0]) - sum(ring_area(r) for r in rings[1:])) * math.cos(math.radians(lat))
        return sorted(self.by_kab[code], key=lambda i: (-area(i), i))[0]


def km(lat1, lon1, lat2, lon2):
    """Great-circle distance in km."""
    p1, p2 = math.radians(float(lat1)), math.radians(float(lat2))
    dl = math.radians(float(lon2) - float(lon1))
    a = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(a)))


# ----------------------------------------------------------------------------------------------------
# step 0: kab/kota seat points that lie inside their own kab/kota (derived/kabkota_seats.csv)

# A kabkota_capitals.csv point that lies in no kecamatan polygon at all (a sliver gap between the
# simplified kecamatan polygons, or just off the simplified coastline), within this distance of its own
# kab/kota and nearer to it than to any other, is moved just inside the nearest boundary instead of
# being replaced. Set to 0 to replace such points like any other point outside the kab/kota.
NUDGE_MAX_M = 250
NUDGE_STEPS_M = (10, 20, 40, 80, 160)
SCANLINES = 9            # latitudes tried for the interior point of the largest polygon
SEAT_METHODS = ("capitals_point", "capitals_point_nudged", "seat_kecamatan_centroid", "largest_polygon_interior")


def _where(d, lat, lon):
    kecs = d["geom"].kecamatan_at(lat, lon)
    if not kecs:
        return "no kecamatan polygon"
    return "; ".join(f"{d['kab'].get(k.rsplit('.', 1)[0], k.rsplit('.', 1)[0])} (Kec. "
                     f"{d['kec_by_code'][k]['name']} {k})" for k in kecs)


def _nudge(d, code, lat, lon):
    """The capitals point moved just inside its own kab/kota, or None (see NUDGE_MAX_M)."""
    geom = d["geom"]
    if NUDGE_MAX_M <= 0 or geom.kecamatan_at(lat, lon):
        return None
    own_m, q = geom.nearest_boundary(geom.by_kab[code], lat, lon)
    others = [i for i in geom.parts_near(lat, lon) if geom.parts[i]["kab"] != code]
    other_m = geom.nearest_boundary(others, lat, lon)[0] if others else math.inf
    if not (0 < own_m <= NUDGE_MAX_M and own_m < other_m):
        return None
    cos = math.cos(math.radians(lat))
    uy, ux = (q[0] - lat) * M_PER_DEG / own_m, (q[1] - lon) * M_PER_DEG * cos / own_m
    for step in NUDGE_STEPS_M:
        nlat = fmt(q[0] + uy * step / M_PER_DEG)
        nlon = fmt(q[1] + ux * step / (M_PER_DEG * cos))
        if geom.only_in(code, float(nlat), float(nlon)):
            return nlat, nlon, own_m
    return None


def _interior_point(d, code):
    """Midpoint of the widest horizontal interior run of the kab/kota's largest polygon, over SCANLINES
    latitudes; the widest candidate that (after rounding) lies in this kab/kota only."""
    geom = d["geom"]
    i = geom.largest_part(code)
    part = geom.parts[i]
    y0, y1 = part["bbox"][0], part["bbox"][1]
    cands = []
    for n in range(1, SCANLINES + 1):
        y = y0 + (y1 - y0) * n // (SCANLINES + 1)
        xs = []
        for ring in part["rings"]:
            py, px = ring[-1]
            for ry, rx in ring:
                if (ry > y) != (py > y):
                    xs.append((px - rx) * (y - ry) / (py - ry) + rx)
                py, px = ry, rx
        xs.sort()
        cos = math.cos(math.radians(y / Q))
        for a, b in zip(xs[0::2], xs[1::2]):
            cands.append(((b - a) * cos, y, (a + b) / 2))
    for width, y, x in sorted(cands, key=lambda c: (-c[0], c[1], c[2])):
        lat, lon = fmt(y / Q), fmt(x / Q)
        if geom.only_in(code, float(lat), float(lon)):
            return lat, lon, part["kec"]
    raise DataError(f"no interior point found for kab/kota {code}")


def compute_seats(d):
    """One seat point per kab/kota that lies inside that kab/kota (and in no other):
    1. the places/kabkota_capitals.csv point if it does (capitals_point);
    1b. a capitals point in a gap of the polygons, moved just inside (capitals_point_nudged, NUDGE_MAX_M);
    2. else the centroid of the kecamatan named like the seat, if inside (seat_kecamatan_centroid);
    3. else an interior point of the kab/kota's largest polygon (largest_polygon_interior)."""
    if sorted(d["capitals"]) != sorted(d["kab"]):
        raise DataError("places/kabkota_capitals.csv and boundaries/kabkota_all.geojson list different kab/kota")
    geom = d["geom"]
    seats = {}
    for code in sorted(d["kab"]):
        c = d["capitals"][code]
        if code not in geom.by_kab:
            raise DataError(f"kab/kota {code} has no kecamatan polygon")
        lat, lon = fmt(c["lat"]), fmt(c["lon"])
        orig = f"places/kabkota_capitals.csv point ({lat}, {lon}; {c['method']}: {c['detail']})"
        s = dict(code=code, nama=c["nama"], ibukota=c["ibukota"], cap=c, lat=lat, lon=lon,
                 method="capitals_point", note="", where="", moved_km=0.0)
        if geom.only_in(code, float(lat), float(lon)):
            seats[code] = s
            continue
        where = _where(d, float(lat), float(lon))
        s["where"] = where
        nudged = _nudge(d, code, float(lat), float(lon))
        if nudged:
            nlat, nlon, gap = nudged
            moved = km(lat, lon, nlat, nlon)
            s.update(lat=nlat, lon=nlon, method="capitals_point_nudged", moved_km=moved,
                     note=f"{orig} lies in no kecamatan polygon, {gap:.0f} m outside {c['nama']} (a gap or "
                          f"coastline of the simplified boundaries); moved {moved * 1000:.0f} m to just inside "
                          f"the nearest boundary")
            seats[code] = s
            continue
        kabs = geom.kabkota_at(float(lat), float(lon))
        if not kabs:
            why = f"{orig} lies in no kecamatan polygon, outside {c['nama']}"
        elif code in kabs:
            why = f"{orig} lies in {where}: overlapping polygons, not only in {c['nama']}"
        else:
            why = f"{orig} lies in {where}, not in {c['nama']}"
        named = [k for k in d["kec"] if k["kab"] == code and fold(k["name"]) == fold(c["ibukota"])]
        hit = None
        for k in named:
            klat, klon = fmt(k["lat"]), fmt(k["lon"])
            if geom.only_in(code, float(klat), float(klon)):
                hit = (k, klat, klon)
                break
        if hit:
            k, klat, klon = hit
            moved = km(lat, lon, klat, klon)
            s.update(lat=klat, lon=klon, method="seat_kecamatan_centroid", moved_km=moved, kec=k["code"],
                     note=f"{why}; replaced by the centroid of Kec. {k['name']} ({k['code']}), "
                          f"the seat's kecamatan ({moved:.1f} km away)")
        else:
            ilat, ilon, kec = _interior_point(d, code)
            moved = km(lat, lon, ilat, ilon)
            reason = (f"no kecamatan of {c['nama']} is named '{c['ibukota']}'" if not named else
                      f"the centroid of Kec. {named[0]['name']} lies outside {c['nama']}")
            s.update(lat=ilat, lon=ilon, method="largest_polygon_interior", moved_km=moved, kec=kec,
                     note=f"{why}; {reason}; replaced by an interior point of its largest "
                          f"polygon (part of Kec. {d['kec_by_code'][kec]['name']} {kec}; {moved:.1f} km away)")
        seats[code] = s
    return seats


def seats_line(seats):
    mc = Counter(s["method"] for s in seats.values())
    replaced = len(seats) - mc["capitals_point"]
    return (f"kab/kota seats: {len(seats)}; capitals point kept {mc['capitals_point']}; replaced {replaced} "
            f"(" + ", ".join(f"{m} {mc[m]}" for m in SEAT_METHODS[1:]) + ")")


def seats_csv(seats):
    return csv_text(["kode", "nama", "ibukota", "lat", "lon", "method", "note"],
                    [[s["code"], s["nama"], s["ibukota"], s["lat"], s["lon"], s["method"], s["note"]]
                     for _, s in sorted(seats.items())])


# ----------------------------------------------------------------------------------------------------
# loading

def load_inputs():
    d = {}
    with open(os.path.join(SRC, "boundaries", "kecamatan_all.geojson"), encoding="utf-8") as fh:
        kec = json.load(fh)["features"]
    d["kec"] = sorted(
        (dict(code=f["properties"]["kode"], kab=f["properties"]["kode_kab"], name=f["properties"]["nama"],
              lat=f["properties"]["centroid_lat"], lon=f["properties"]["centroid_lng"]) for f in kec),
        key=lambda k: k["code"])
    d["kec_by_code"] = {k["code"]: k for k in d["kec"]}
    d["geom"] = Boundaries(kec)
    with open(os.path.join(SRC, "boundaries", "kabkota_all.geojson"), encoding="utf-8") as fh:
        kab = json.load(fh)["features"]
    d["kab"] = {f["properties"]["kode"]: f["properties"]["nama"] for f in kab}
    d["capitals"] = {r["kode"]: r for r in read_csv(os.path.join(SRC, "places", "kabkota_capitals.csv"))}
    d["geonames"] = {r["geonameid"]: r for r in read_csv(os.path.join(SRC, "places", "geonames_id_places.csv"))}
    d["draft"] = read_csv(os.path.join(SRC, "polres", "polres_sumut_draft.csv"))
    d["mapolres"] = read_csv(os.path.join(SRC, "polres", "sumut_evidence", "mapolres_hq.csv"))
    d["names"] = read_csv(os.path.join(DEC, "polres_names.csv"))
    d["decisions"] = {fn: read_csv(os.path.join(DEC, fn)) for fn in DECISION_FILES}
    d["polsek"] = {fn: read_csv(os.path.join(POLSEK_DIR, fn)) for fn in sorted(os.listdir(POLSEK_DIR))
                   if fn.endswith(".csv")} if os.path.isdir(POLSEK_DIR) else {}
    d["hq"] = read_csv(os.path.join(DEC, "hq.csv"))
    d["call112"] = read_csv(os.path.join(DEC, "contacts", "call112.csv"))
    d["papua"] = read_csv(os.path.join(DEC, "papua_polda.csv"))
    return d


def build_polres(d):
    """One record per row of decisions/polres_names.csv, with a stable id."""
    recs = []
    for r in d["names"]:
        for col in ("polda", "polres_name_as_listed", "normalised_name", "type", "source"):
            if not r.get(col, "").strip():
                raise DataError(f"polres_names.csv: empty {col} in {r}")
        recs.append(dict(polda_listed=r["polda"], listed=r["polres_name_as_listed"], name=r["normalised_name"],
                         type=r["type"], names_note=r.get("note", ""), base=listed_base(r["polres_name_as_listed"], r["polda"])))
    counts = Counter(slug(p["name"]) for p in recs)
    for p in recs:
        s = slug(p["name"])
        p["id"] = s if counts[s] == 1 else s + "-" + slug(p["polda_listed"].removeprefix("Polda "))
    ids = Counter(p["id"] for p in recs)
    dup = [i for i, n in ids.items() if n > 1]
    if dup:
        raise DataError(f"duplicate Polres ids: {dup}")
    for p in recs:
        if not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", p["id"]):
            raise DataError(f"bad id {p['id']!r}")
    return sorted(recs, key=lambda p: p["id"])


def resolver(polres):
    by_name = defaultdict(list)
    for p in polres:
        by_name[fold(p["name"])].append(p)

    def resolve(text, where):
        m = re.fullmatch(r"(.*?) \((Polda [^)]*)\)", text.strip())
        name, polda = (m.group(1), m.group(2)) if m else (text.strip(), None)
        cands = by_name.get(fold(name), [])
        if polda:
            cands = [p for p in cands if p["polda_listed"] == polda]
        if len(cands) != 1:
            raise DataError(f"{where}: Polres {text!r} resolves to {len(cands)} units "
                            "(use the normalised_name of polres_names.csv, add ' (Polda X)' if ambiguous)")
        return cands[0]
    return resolve


# ----------------------------------------------------------------------------------------------------
# step 1: plain name match (before any decision)

def name_match(d, polres):
    kab_keys = {code: name_key(kab_base(n)) for code, n in d["kab"].items()}
    is_kota = {code: n.startswith("Kota ") for code, n in d["kab"].items()}
    cands = defaultdict(set)      # kab code -> polres ids
    targets = defaultdict(set)    # polres id -> kab codes
    for p in polres:
        if p["type"] in AREA_ONLY_TYPES:
            continue  # "Pelabuhan Makassar", "Bandara ..." name a port or airport, not a kab/kota
        k1 = name_key(p["base"])
        k2 = name_key(p["base"][:-len(" KOTA")]) if p["base"].endswith(" KOTA") else None
        for code, kk in kab_keys.items():
            if kk == k1 or (k2 is not None and is_kota[code] and kk == k2):
                cands[code].add(p["id"])
                targets[p["id"]].add(code)
    by_id = {p["id"]: p for p in polres}
    matched, reasons = {}, {}
    for code in sorted(d["kab"]):
        c = cands.get(code, set())
        if len(c) == 1:
            pid = next(iter(c))
            if len(targets[pid]) == 1:
                matched[code] = pid
                continue
            others = "; ".join(d["kab"][o] for o in sorted(targets[pid]) if o != code)
            reasons[code] = f"ambiguous: the only matching Polres ({by_id[pid]['listed']}) also matches {others}"
        elif not c:
            reasons[code] = "no Polres in the 2023 name list has this kab/kota's name"
        else:
            reasons[code] = "ambiguous: several Polres match the name (" + "; ".join(
                sorted(by_id[i]["listed"] for i in c)) + ")"
    return matched, reasons, targets


# ----------------------------------------------------------------------------------------------------
# step 2: manual decisions

def load_decisions(d, resolve):
    kec_dec, kab_dec, all_rows = {}, {}, []
    seen = {}
    for fn in DECISION_FILES:
        for i, r in enumerate(d["decisions"][fn], start=2):
            where = f"decisions/{fn} line {i}"
            kab = r["kabkota_code"].strip()
            kc = r["kecamatan_code"].strip()
            if kab not in d["kab"]:
                raise DataError(f"{where}: unknown kabkota_code {kab!r}")
            if r["confidence"] not in CONFIDENCE:
                raise DataError(f"{where}: confidence must be one of {sorted(CONFIDENCE)}")
            if not r["evidence_url"].strip() or not (r["evidence"].strip() or r["decision_note"].strip()):
                raise DataError(f"{where}: every decision needs an evidence URL/reference and a reason")
            if kc:
                k = d["kec_by_code"].get(kc)
                if k is None:
                    raise DataError(f"{where}: unknown kecamatan_code {kc!r}")
                if k["kab"] != kab:
                    raise DataError(f"{where}: kecamatan {kc} is not in kab/kota {kab}")
                if fold(k["name"]) != fold(r["kecamatan_name"]):
                    raise DataError(f"{where}: kecamatan_name {r['kecamatan_name']!r} != boundary name {k['name']!r}")
            key = kc or kab
            if key in seen:
                raise DataError(f"{where}: row key {key} already decided in {seen[key]}")
            seen[key] = f"decisions/{fn}"
            p = resolve(r["polres"], where)
            row = dict(file=fn, key=key, kab=kab, kec=kc, polres=p["id"], confidence=r["confidence"],
                       note=r["decision_note"])
            all_rows.append(row)
            (kec_dec if kc else kab_dec)[key] = row
    return kec_dec, kab_dec, all_rows


def load_polsek(d, resolve, polres, targets):
    """The sourced Polsek rows: every row checked; per kecamatan the best applied row (high before
    medium, then the newest source). Two applied rows naming different Polres for one kecamatan
    are an error: the newer official source goes in the row, the other in conflicts_with."""
    rows, best = [], {}
    for fn, table in d["polsek"].items():
        if table and list(table[0].keys()) != POLSEK_COLS:
            raise DataError(f"decisions/polsek/{fn}: header must be {','.join(POLSEK_COLS)}")
        for i, r in enumerate(table, start=2):
            where = f"decisions/polsek/{fn} line {i}"
            kc = r["kecamatan_code"].strip()
            k = d["kec_by_code"].get(kc)
            if k is None:
                raise DataError(f"{where}: unknown kecamatan_code {kc!r}")
            if not fn.startswith(kc[:2]):
                raise DataError(f"{where}: kecamatan {kc} is not in this province's file")
            if fold(k["name"]) != fold(r["kecamatan_name"]):
                # A real code typed for the wrong kecamatan would otherwise pass.
                raise DataError(f"{where}: kecamatan_name {r['kecamatan_name']!r} != boundary name {k['name']!r}")
            if r["confidence"] not in CONFIDENCE:
                raise DataError(f"{where}: confidence must be one of {sorted(CONFIDENCE)}")
            if not r["source_url"].startswith(("http://", "https://")) or not r["polsek"].strip():
                raise DataError(f"{where}: every row needs a Polsek and a source URL")
            if not SOURCE_DATE.match(r["source_date"]):
                raise DataError(f"{where}: source_date {r['source_date']!r} is not YYYY[-MM[-DD]]")
            try:
                p = resolve(r["polres"], where)
            except DataError:
                # Two units of that name (Polres Banjar: Jawa Barat and Kalimantan Selatan): the one
                # whose home kab/kota is in this province.
                poldas = Counter(x["polda_listed"] for x in polres for kab in targets[x["id"]]
                                 if kab[:2] == kc[:2])
                home = poldas.most_common(1)[0][0] if poldas else None
                cands = [x for x in polres if fold(x["name"]) == fold(r["polres"])
                         and x["polda_listed"] == home]
                if len(cands) != 1:
                    raise
                p = cands[0]
            row = dict(file=fn, line=i, kec=kc, kab=k["kab"], polres=p["id"], polsek=r["polsek"].strip(),
                       url=r["source_url"], date=r["source_date"], confidence=r["confidence"],
                       conflicts=r["conflicts_with"].strip())
            rows.append(row)
            if r["confidence"] not in POLSEK_APPLIED:
                continue
            other = best.get(kc)
            if other and other["polres"] != row["polres"]:
                raise DataError(f"{where}: Kec. {k['name']} given to {p['name']}, but "
                                f"decisions/polsek/{other['file']} line {other['line']} gives it to "
                                f"{other['polres']} (keep the newer official source; note the other in "
                                "conflicts_with)")
            rank = lambda x: (x["confidence"] == "high", x["date"])
            if other is None or rank(row) > rank(other):
                best[kc] = row
    return best, rows


def call112_rows(d):
    """Kab/kota where a dated source says 112 is in service: code, name, source host, date,
    confidence. Undated rows are left out (a number is shown only with its date)."""
    out = []
    for i, r in enumerate(d["call112"], start=2):
        where = f"decisions/contacts/call112.csv line {i}"
        code = r["kabkota_code"].strip()
        if code not in d["kab"]:
            raise DataError(f"{where}: unknown kabkota_code {code!r}")
        if r["confidence"] not in CONFIDENCE:
            raise DataError(f"{where}: confidence must be one of {sorted(CONFIDENCE)}")
        m = re.match(r"https?://([^/]+)/", r["source_url"] + "/")
        if not m:
            raise DataError(f"{where}: source_url must be a URL")
        if not r["source_date"]:
            continue
        if not SOURCE_DATE.match(r["source_date"]):
            raise DataError(f"{where}: source_date {r['source_date']!r} is not YYYY[-MM[-DD]]")
        if r["confidence"] in ("high", "medium"):
            host = m.group(1).removeprefix("www.")
            out.append([code, d["kab"][code], host, r["source_date"], r["confidence"]])
    codes = [r[0] for r in out]
    if len(codes) != len(set(codes)):
        raise DataError("decisions/contacts/call112.csv: a kab/kota appears twice")
    return sorted(out)


def assign(d, matched, kec_dec, kab_dec, polsek, conflicts):
    """Kecamatan -> Polres: a kecamatan-level decision, else a sourced Polsek row, else a kab/kota-level
    decision, else the name match. Where a Polsek row disagrees with a decision, the conflict is listed."""
    out = []
    for k in d["kec"]:
        ps = polsek.get(k["code"])
        if k["code"] in kec_dec:
            r = kec_dec[k["code"]]
            pid, basis = r["polres"], f"decision:{r['file']}:{r['key']}"
            if ps and ps["polres"] != pid:
                conflicts.append([k["code"], k["name"], pid, basis, ps["polres"],
                                  f"polsek/{ps['file']}:{ps['line']} {ps['url']} ({ps['date']})",
                                  "kecamatan-level decision kept"])
        elif ps:
            pid, basis = ps["polres"], f"polsek-list:{ps['file']}"
            r = kab_dec.get(k["kab"])
            if r and r["polres"] != pid:
                conflicts.append([k["code"], k["name"], pid, basis, r["polres"],
                                  f"decision:{r['file']}:{r['key']}",
                                  "Polsek row overrides the kab/kota-level decision"])
        elif k["kab"] in kab_dec:
            r = kab_dec[k["kab"]]
            pid, basis = r["polres"], f"decision:{r['file']}:{r['key']}"
        elif k["kab"] in matched:
            pid, basis = matched[k["kab"]], "name-match"
        else:
            pid, basis = "", "unassigned"
        out.append(dict(k, polres=pid, basis=basis))
    return out


# ----------------------------------------------------------------------------------------------------
# step 3: headquarters points, Polda

PRECISION = {"geonames_name_match": "town", "kecamatan_centroid": "kecamatan-centroid",
             "kabkota_polygon_centroid": "kabkota-centroid"}
HQ_PRECISIONS = ("town", "kecamatan-centroid", "kabkota-centroid", "kabkota-interior")


def seat_point(d, code):
    """The kab/kota's seat point from derived/kabkota_seats.csv (see compute_seats)."""
    s = d["seats"].get(code)
    if s is None:
        raise DataError(f"no seat in places/kabkota_capitals.csv for {code}")
    c = s["cap"]
    qa = c.get("qa_flag", "").strip()
    cap = f"places/kabkota_capitals.csv ({c['method']}: {c['detail']})"
    if s["method"] == "capitals_point":
        src = (f"seat of {c['nama']} '{c['ibukota']}' from {cap}; inside the kab/kota, kept in "
               f"derived/kabkota_seats.csv (capitals_point)")
        return s["lat"], s["lon"], PRECISION[c["method"]], src, qa
    if s["method"] == "capitals_point_nudged":
        prec = PRECISION[c["method"]]
        how = f"moved {s['moved_km'] * 1000:.0f} m to just inside the kab/kota (it lay in {s['where']})"
    elif s["method"] == "seat_kecamatan_centroid":
        prec = "kecamatan-centroid"
        how = (f"replaced by the centroid of Kec. {d['kec_by_code'][s['kec']]['name']} ({s['kec']}) from "
               f"boundaries/kecamatan_all.geojson, {s['moved_km']:.1f} km away (it lay in {s['where']})")
    else:
        prec = "kabkota-interior"
        how = (f"replaced by an interior point of the kab/kota's largest polygon (Kec. "
               f"{d['kec_by_code'][s['kec']]['name']} {s['kec']}), {s['moved_km']:.1f} km away "
               f"(it lay in {s['where']})")
    src = (f"seat of {c['nama']} '{c['ibukota']}' from derived/kabkota_seats.csv ({s['method']}): the "
           f"{cap} point {fmt(c['lat'])}, {fmt(c['lon'])} {how}")
    if qa:
        qa = f"{qa} (point corrected in derived/kabkota_seats.csv: {s['method']})"
    return s["lat"], s["lon"], prec, src, qa


def ref_point(d, ref, where):
    kind, _, val = ref.partition(":")
    if kind == "geonames":
        g = d["geonames"].get(val)
        if g is None:
            raise DataError(f"{where}: GeoNames id {val} not in places/geonames_id_places.csv")
        return fmt(g["lat"]), fmt(g["lon"]), "town", \
            f"GeoNames {val} '{g['name']}' ({g['featureCode']}) from places/geonames_id_places.csv", ""
    if kind == "kecamatan":
        k = d["kec_by_code"].get(val)
        if k is None:
            raise DataError(f"{where}: unknown kecamatan {val}")
        return fmt(k["lat"]), fmt(k["lon"]), "kecamatan-centroid", \
            f"centroid of Kec. {k['name']} ({val}) from boundaries/kecamatan_all.geojson", ""
    if kind == "seat":
        if val not in d["kab"]:
            raise DataError(f"{where}: unknown kab/kota {val}")
        return seat_point(d, val)
    raise DataError(f"{where}: hq_ref must be geonames:<id>, kecamatan:<code> or seat:<kabkota code>")


def home_kabkota(p, matched, targets, kab_dec, owned):
    """The kab/kota whose seat stands in for the HQ when nothing better is known."""
    mine = [c for c, pid in matched.items() if pid == p["id"]]
    if mine:
        return mine[0]
    whole = sorted(r["kab"] for r in kab_dec.values() if r["polres"] == p["id"])
    if whole:
        return sorted(whole, key=lambda c: (-owned[p["id"]][c], c))[0]
    if owned[p["id"]]:
        return sorted(owned[p["id"]], key=lambda c: (-owned[p["id"]][c], c))[0]
    return None


def compute_hq(d, polres, resolve, matched, targets, kab_dec, owned):
    hq_dec = {}
    for i, r in enumerate(d["hq"], start=2):
        p = resolve(r["polres"], f"decisions/hq.csv line {i}")
        if p["id"] in hq_dec:
            raise DataError(f"decisions/hq.csv line {i}: second row for {p['name']}")
        if r["confidence"] not in CONFIDENCE or not r["evidence_url"].strip():
            raise DataError(f"decisions/hq.csv line {i}: needs evidence and a confidence")
        hq_dec[p["id"]] = r
    draft = {fold(r["polres"]): r for r in d["draft"]}
    mapolres = {fold(r["polres"]): r for r in d["mapolres"]}
    res = {}
    for p in polres:
        home = home_kabkota(p, matched, targets, kab_dec, owned)
        p["home"] = home
        ev = mapolres.get(fold(p["name"]))
        ev_txt = (f"; HQ per sumut_evidence/mapolres_hq.csv: {ev['address_or_town']} ({ev['confidence']})"
                  if ev else "")
        if p["id"] in hq_dec:
            r = hq_dec[p["id"]]
            lat, lon, prec, src, qa = ref_point(d, r["hq_ref"], f"decisions/hq.csv ({p['name']})")
            src = f"{src}; decision:hq.csv:{p['name']} ({r['confidence']}){ev_txt}"
        elif p["polda_listed"] == "Polda Sumatera Utara":
            dr = draft.get(fold(p["name"]))
            if dr is None:
                raise DataError(f"no polres_sumut_draft.csv row for {p['name']}")
            prec = "town" if dr["point_source"].startswith("GeoNames") else "kecamatan-centroid"
            lat, lon, qa = fmt(dr["lat"]), fmt(dr["lon"]), ""
            src = f"polres_sumut_draft.csv point: {dr['point_source']}{ev_txt}"
        else:
            if home is None:
                raise DataError(f"{p['name']}: no kab/kota to take an HQ point from; add a row to decisions/hq.csv")
            lat, lon, prec, src, qa = seat_point(d, home)
        res[p["id"]] = dict(lat=lat, lon=lon, precision=prec, source=src, qa=qa)
    return res


def compute_polda(d, polres, resolve):
    papua = {}
    for r in d["papua"]:
        if r["confidence"] not in CONFIDENCE or not r["evidence_url"].strip():
            raise DataError("decisions/papua_polda.csv: every row needs evidence and a confidence")
        papua[r["province_code"]] = r
    out = {}
    for p in polres:
        polda, note = p["polda_listed"], ""
        prov = (p["home"] or "")[:2]
        if p["polda_listed"] in ("Polda Papua", "Polda Papua Barat"):
            if prov not in papua:
                raise DataError(f"{p['name']}: Papua-region Polres without a province row in papua_polda.csv")
            polda = papua[prov]["polda"]
            if polda != p["polda_listed"]:
                note = (f"Polda as listed in 2023: {p['polda_listed']}; now {polda} "
                        f"(decision:papua_polda.csv:{prov})")
        out[p["id"]] = (polda, note)
    return out


# ----------------------------------------------------------------------------------------------------
# outputs

def area_text(d, pid, owned):
    totals = Counter(k["kab"] for k in d["kec"])
    parts = []
    for code in sorted(owned[pid]):
        n, t = owned[pid][code], totals[code]
        parts.append(f"{d['kab'][code]} ({'whole' if n == t else f'{n} of {t} kec'})")
    return "area: " + "; ".join(parts) if parts else ""


def build_outputs(d):
    d["seats"] = compute_seats(d)
    polres = build_polres(d)
    resolve = resolver(polres)
    by_id = {p["id"]: p for p in polres}
    matched, reasons, targets = name_match(d, polres)
    kec_dec, kab_dec, dec_rows = load_decisions(d, resolve)
    polsek, polsek_rows = load_polsek(d, resolve, polres, targets)
    conflicts = []
    rows = assign(d, matched, kec_dec, kab_dec, polsek, conflicts)
    for r in polsek_rows:
        if r["conflicts"]:
            conflicts.append([r["kec"], d["kec_by_code"][r["kec"]]["name"], r["polres"],
                              f"polsek/{r['file']}:{r['line']}", "", r["conflicts"], "noted by the researcher"])
    owned = defaultdict(Counter)
    for r in rows:
        if r["polres"]:
            owned[r["polres"]][r["kab"]] += 1
    hq = compute_hq(d, polres, resolve, matched, targets, kab_dec, owned)
    polda = compute_polda(d, polres, resolve)

    # hard checks
    if len(rows) != EXPECTED_KECAMATAN:
        raise DataError(f"expected {EXPECTED_KECAMATAN} kecamatan, found {len(rows)}")
    if len({r['code'] for r in rows}) != len(rows):
        raise DataError("duplicate kecamatan codes in boundaries/kecamatan_all.geojson")
    no_area = [p for p in polres if not owned[p["id"]]]
    bad = [p["name"] for p in no_area if p["type"] not in AREA_ONLY_TYPES]
    if bad:
        raise DataError(f"territorial Polres owning no kecamatan (not a port/airport unit): {bad}")

    # polres.csv
    low = defaultdict(list)
    for r in dec_rows:
        if r["confidence"] == "low":
            low[r["polres"]].append(f"{r['file']}:{r['key']}")
    prow = []
    for p in polres:
        h = hq[p["id"]]
        notes = [n for n in (p["names_note"], polda[p["id"]][1], area_text(d, p["id"], owned)) if n]
        if low[p["id"]]:
            notes.append("low-confidence area decisions: " + ", ".join(sorted(low[p["id"]])))
        if not owned[p["id"]]:
            notes.append("owns no kecamatan: its area (port/airport) lies below kecamatan level")
        if h["qa"]:
            notes.append(f"HQ seat point flagged in kabkota_capitals.csv: {h['qa']}")
        prow.append([p["id"], p["name"], p["type"], polda[p["id"]][0], h["lat"], h["lon"], h["precision"],
                     h["source"], "", "; ".join(notes)])
    polres_csv = csv_text(["id", "name", "type", "polda", "hq_lat", "hq_lon", "hq_precision", "hq_source",
                           "phone", "note"], prow)

    kec_csv = csv_text(["kecamatan_code", "kecamatan_name", "kabkota_code", "kabkota_name", "polres_id", "basis"],
                       [[r["code"], r["name"], r["kab"], d["kab"][r["kab"]], r["polres"], r["basis"]] for r in rows])

    # unmapped.csv
    urows = []
    per_kab = defaultdict(list)
    for r in rows:
        per_kab[r["kab"]].append(r)
    resolved = unresolved = 0
    for code in sorted(reasons):
        rs = per_kab[code]
        missing = sum(1 for r in rs if not r["polres"])
        c = Counter((r["polres"], r["basis"].split(":")[1] if r["basis"].startswith("decision:") else r["basis"])
                    for r in rs if r["polres"])
        parts = [f"{by_id[pid]['name']} {n} kec ({basis})" for (pid, basis), n in
                 sorted(c.items(), key=lambda kv: (-kv[1], kv[0]))]
        if missing:
            unresolved += 1
            res = f"unresolved: {missing} of {len(rs)} kecamatan unassigned" + (
                "; " + "; ".join(parts) if parts else "")
        else:
            resolved += 1
            res = "resolved by decisions: " + "; ".join(parts)
        urows.append([code, d["kab"][code], reasons[code], res])
    unmapped_csv = csv_text(["kabkota_code", "kabkota_name", "reason", "resolution"], urows)

    conflicts_csv = csv_text(["kecamatan_code", "kecamatan_name", "polres_id", "basis", "other_polres_id",
                              "other_source", "resolution"], sorted(conflicts))
    assumed_csv = csv_text(["polda", "kabkota_code", "kabkota_name", "kecamatan_code", "kecamatan_name",
                            "polres_id"],
                           sorted([polda[r["polres"]][0], r["kab"], d["kab"][r["kab"]], r["code"], r["name"],
                                   r["polres"]] for r in rows if r["basis"] == "name-match"))
    summary = build_summary(d, polres, polda, hq, rows, owned, matched, reasons, resolved, unresolved, dec_rows,
                            no_area, by_id, polsek_rows, conflicts)
    return {"polres.csv": polres_csv, "kecamatan_polres.csv": kec_csv, "unmapped.csv": unmapped_csv,
            "summary.txt": summary, "kabkota_seats.csv": seats_csv(d["seats"]),
            "conflicts.csv": conflicts_csv, "assumed.csv": assumed_csv,
            "call112.csv": csv_text(["kabkota_code", "kabkota_name", "source", "source_date", "confidence"],
                                    call112_rows(d))}, \
        dict(rows=rows, polres=by_id, polda=polda, hq=hq, seats=d["seats"], geom=d["geom"], kab=d["kab"])


def basis_kind(basis):
    """`polsek-list`, `decision`, `name-match` or `unassigned` (the basis without its file)."""
    return basis.split(":")[0]


def build_summary(d, polres, polda, hq, rows, owned, matched, reasons, resolved, unresolved, dec_rows, no_area,
                  by_id, polsek_rows, conflicts):
    L = []
    L.append("Siaga110 - derived Polres data (generated by tools/data/derive_polres.py; do not edit by hand)")
    L.append("Inputs: data/sources/ (copied upstream data) and data/decisions/ (hand-curated); see data/PROVENANCE.md")
    L.append("")
    L.append(f"Polres (territorial units): {len(polres)}")
    for t, n in sorted(Counter(p["type"] for p in polres).items()):
        L.append(f"  {t}: {n}")
    pc = Counter(polda[p["id"]][0] for p in polres)
    L.append(f"Polda: {len(pc)}")
    for name, n in sorted(pc.items()):
        L.append(f"  {name}: {n}")
    L.append("")
    assigned = sum(1 for r in rows if r["polres"])
    L.append(f"Kecamatan: {len(rows)} in boundaries/kecamatan_all.geojson; assigned {assigned}; "
             f"unassigned {len(rows) - assigned}")
    bc = Counter(basis_kind(r["basis"]) for r in rows)
    sourced = bc["polsek-list"] + bc["decision"]
    L.append(f"Basis (how each kecamatan's Polres is known): sourced {sourced} ({100 * sourced / len(rows):.1f}%) "
             f"= polsek-list {bc['polsek-list']} + decision {bc['decision']}; assumed (name-match) "
             f"{bc['name-match']}; unassigned {bc['unassigned']}")
    by_file = Counter(r["basis"].split(":")[1] for r in rows if basis_kind(r["basis"]) != "name-match"
                      and ":" in r["basis"])
    for b, n in sorted(by_file.items()):
        L.append(f"  from {b}: {n}")
    L.append("Per Polda: sourced / kecamatan (assumed rows are listed in assumed.csv)")
    per = defaultdict(Counter)
    for r in rows:
        if r["polres"]:
            per[polda[r["polres"]][0]][basis_kind(r["basis"])] += 1
    for name in sorted(per):
        c = per[name]
        n = sum(c.values())
        src = c["polsek-list"] + c["decision"]
        L.append(f"  {name}: {src}/{n} ({100 * src / n:.0f}%; polsek-list {c['polsek-list']}, "
                 f"decision {c['decision']}, name-match {c['name-match']})")
    pc = Counter(r["confidence"] for r in polsek_rows)
    changed = sum(1 for r in rows if basis_kind(r["basis"]) == "polsek-list"
                  and matched.get(r["kab"]) not in (None, r["polres"]))
    L.append(f"Polsek rows in decisions/polsek/: {len(polsek_rows)} (high {pc['high']}, medium {pc['medium']}, "
             f"low {pc['low']} - low rows are leads, not applied); kecamatan whose Polres a Polsek row changed "
             f"from the name match: {changed}; conflicts listed in conflicts.csv: {len(conflicts)}")
    L.append(f"Kab/kota: {len(d['kab'])}; mapped by plain name match {len(matched)}; not mapped by name "
             f"{len(reasons)} (see unmapped.csv): resolved {resolved}, unresolved {unresolved}")
    L.append("")
    for fn in DECISION_FILES:
        rs = [r for r in dec_rows if r["file"] == fn]
        cc = Counter(r["confidence"] for r in rs)
        L.append(f"Decision rows in decisions/{fn}: {len(rs)} "
                 f"({sum(1 for r in rs if not r['kec'])} kab/kota-level, {sum(1 for r in rs if r['kec'])} kecamatan-level; "
                 f"high {cc['high']}, medium {cc['medium']}, low {cc['low']})")
    L.append("Low-confidence decisions (revisit first):")
    for r in sorted((r for r in dec_rows if r["confidence"] == "low"), key=lambda r: (r["file"], r["key"])):
        k = d["kec_by_code"].get(r["kec"])
        what = f"Kec. {k['name']}" if k else f"whole {d['kab'][r['kab']]}"
        L.append(f"  {r['file']}:{r['key']} {what} -> {by_id[r['polres']]['name']}")
    L.append("")
    L.append(seats_line(d["seats"]) + " - see kabkota_seats.csv")
    for s in sorted(d["seats"].values(), key=lambda s: s["code"]):
        if s["method"] != "capitals_point":
            L.append(f"  {s['code']} {s['nama']} '{s['ibukota']}': {s['method']}, moved {s['moved_km']:.2f} km")
    prc = Counter(h["precision"] for h in hq.values())
    L.append("HQ points (all approximate; no source gives official coordinates): " +
             ", ".join(f"{k} {v}" for k, v in sorted(prc.items())))
    L.append("Phone numbers: 0 (no file in data/sources gives a Polres phone number; the column is left empty)")
    c112 = call112_rows(d)
    L.append(f"112 in service (decisions/contacts/call112.csv, dated high/medium rows; call112.csv): {len(c112)} "
             f"kab/kota of {len(d['kab'])}; undated rows left out: {sum(1 for r in d['call112'] if not r['source_date'])}")
    L.append("Polda/Polres hotlines: none shipped (decisions/contacts/hotlines.csv holds news-quoted lines for "
             "review; no official page gives one, and several are complaint lines, not emergency lines)")
    L.append("")
    L.append(f"Polres owning no kecamatan: {len(no_area)} (port/airport units whose area is below kecamatan level)")
    for p in no_area:
        L.append(f"  {p['id']}: {p['name']} ({polda[p['id']][0]}) - {p['names_note'] or 'port/airport area only'}")
    L.append("")
    # Polres whose kecamatan lie in more than one kab/kota, and units reaching outside their Polda's main province
    multi = sorted((p for p in polres if len(owned[p["id"]]) > 1), key=lambda p: p["id"])
    L.append(f"Polres covering kecamatan in more than one kab/kota: {len(multi)}")
    for p in multi:
        L.append(f"  {p['id']}: " + ", ".join(f"{c} {owned[p['id']][c]}" for c in sorted(owned[p['id']])))
    prov_of_polda = defaultdict(Counter)
    for p in polres:
        for c, n in owned[p["id"]].items():
            prov_of_polda[polda[p["id"]][0]][c[:2]] += n
    multi_prov = {k: v for k, v in prov_of_polda.items() if len(v) > 1}
    L.append(f"Polda whose Polres cover kecamatan in more than one province (province code: kecamatan): "
             f"{len(multi_prov)}")
    for name in sorted(multi_prov):
        L.append(f"  {name}: " + ", ".join(f"{prov}: {n}" for prov, n in sorted(multi_prov[name].items())))
    return "\n".join(L) + "\n"


# ----------------------------------------------------------------------------------------------------
# self-test: a wrong change must fail loudly

SELF_TESTS = [
    # (kabkota code, kecamatan name, expected polres id)
    ("12.71", "Medan Belawan", "polres-pelabuhan-belawan"),
    ("12.71", "Medan Baru", "polrestabes-medan"),
    ("12.07", "Percut Sei Tuan", "polrestabes-medan"),
    ("12.07", "Hamparan Perak", "polres-pelabuhan-belawan"),
    ("12.07", "Lubuk Pakam", "polresta-deli-serdang"),
    ("12.07", "Namo Rambe", "polresta-deli-serdang"),
    ("12.05", "Selesai", "polres-binjai"),
    ("12.05", "Stabat", "polres-langkat"),
    ("12.18", "Sipispis", "polres-tebing-tinggi"),
    ("12.18", "Dolok Masihul", "polres-serdang-bedagai"),
    ("12.23", "Kualuh Hulu", "polres-labuhanbatu"),            # Aek Kanopan
    ("12.20", "Padang Bolak", "polres-tapanuli-selatan"),
    ("12.06", "Kabanjahe", "polres-tanah-karo"),
    ("12.78", "Gunungsitoli", "polres-nias"),
    ("32.01", "Bojonggede", "polres-metro-depok"),
    ("32.01", "Cibinong", "polres-bogor"),
    ("36.03", "Curug", "polres-tangerang-selatan"),
    ("36.03", "Teluknaga", "polres-metro-tangerang-kota"),
    ("36.03", "Balaraja", "polresta-tangerang"),
    ("35.78", "Gubeng", "polrestabes-surabaya"),
    ("35.78", "Semampir", "polres-pelabuhan-tanjung-perak"),
    ("32.17", "Lembang", "polres-cimahi"),
    ("15.72", "Sungai Penuh", "polres-kerinci"),
    ("73.71", "Wajo", "polres-pelabuhan-makassar"),
    ("81.01", "Saparua", "polresta-pulau-ambon-dan-pulau-pulau-lease"),
]
POLDA_TESTS = [("polres-nabire", "Polda Papua Tengah"), ("polres-sorong", "Polda Papua Barat Daya"),
               ("polres-merauke", "Polda Papua"), ("polres-jayawijaya", "Polda Papua"),
               ("polresta-manokwari", "Polda Papua Barat"), ("polrestabes-medan", "Polda Sumatera Utara"),
               ("polres-tangerang-selatan", "Polda Metro Jaya"), ("polresta-tangerang", "Polda Banten")]
AREA_ONLY_EXPECTED = {"polres-pelabuhan-tanjung-priok", "polresta-bandara-soekarno-hatta",
                      "polres-kawasan-bandara-i-gusti-ngurah-rai"}


def self_test(info, files):
    rows, polres, polda = info["rows"], info["polres"], info["polda"]
    idx = {(r["kab"], fold(r["name"])): r for r in rows}
    n = 0
    for kab, kname, want in SELF_TESTS:
        r = idx.get((kab, fold(kname)))
        assert r is not None, f"self-test: kecamatan {kname} ({kab}) not found"
        assert r["polres"] == want, f"self-test: {kname} ({kab}) -> {r['polres']!r}, expected {want!r}"
        n += 1
    for pid, want in POLDA_TESTS:
        assert pid in polres, f"self-test: unknown Polres id {pid}"
        assert polda[pid][0] == want, f"self-test: {pid} Polda {polda[pid][0]!r}, expected {want!r}"
        n += 1
    owned = {r["polres"] for r in rows if r["polres"]}
    no_area = {pid for pid in polres if pid not in owned}
    assert no_area == AREA_ONLY_EXPECTED, f"self-test: Polres without kecamatan {sorted(no_area)}"
    assert all(r["polres"] for r in rows), "self-test: some kecamatan unassigned"
    assert len(polres) == 508, f"self-test: {len(polres)} Polres, expected 508"
    medan_bel = sum(1 for r in rows if r["kab"] == "12.71" and r["polres"] == "polres-pelabuhan-belawan")
    assert medan_bel == 4, f"self-test: Kota Medan has {medan_bel} Belawan kecamatan, expected 4"
    langkat_bnj = sum(1 for r in rows if r["kab"] == "12.05" and r["polres"] == "polres-binjai")
    assert langkat_bnj == 3, f"self-test: Langkat has {langkat_bnj} Polres Binjai kecamatan, expected 3"
    sergai_tt = sum(1 for r in rows if r["kab"] == "12.18" and r["polres"] == "polres-tebing-tinggi")
    assert sergai_tt == 5, f"self-test: Serdang Bedagai has {sergai_tt} Polres Tebing Tinggi kecamatan, expected 5"
    for p in info["hq"].values():
        assert p["precision"] in HQ_PRECISIONS, f"self-test: HQ precision {p['precision']!r}"
        assert -11.5 < float(p["lat"]) < 6.5 and 94.5 < float(p["lon"]) < 141.5, f"HQ outside Indonesia: {p}"
    # every seat in kabkota_seats.csv (as written, 5 decimals) lies inside its own kab/kota and no other
    seat_rows = list(csv.DictReader(io.StringIO(files["kabkota_seats.csv"])))
    assert [r["kode"] for r in seat_rows] == sorted(info["kab"]), "self-test: kabkota_seats.csv rows != kab/kota"
    for r in seat_rows:
        assert r["method"] in SEAT_METHODS, f"self-test: seat method {r['method']!r}"
        assert (r["method"] == "capitals_point") == (not r["note"]), f"self-test: seat note of {r['kode']}"
        got = info["geom"].kabkota_at(float(r["lat"]), float(r["lon"]))
        assert got == [r["kode"]], f"self-test: seat of {r['kode']} ({r['lat']}, {r['lon']}) lies in {got}"
    assert fold(next(r for r in seat_rows if r["kode"] == "32.17")["ibukota"]) == "ngamprah"
    # Polres HQ points taken from a seat are the corrected seat points
    for pid, h in info["hq"].items():
        if "derived/kabkota_seats.csv" in h["source"]:
            assert any((h["lat"], h["lon"]) == (r["lat"], r["lon"]) for r in seat_rows), f"self-test: HQ {pid}"
    return n + 6 + len(seat_rows)


# ----------------------------------------------------------------------------------------------------

def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--check", action="store_true",
                    help="recompute in memory and compare with data/derived; exit 1 on any difference")
    args = ap.parse_args(argv)
    try:
        d = load_inputs()
        files, info = build_outputs(d)
    except DataError as e:
        print(f"derive_polres: ERROR: {e}", file=sys.stderr)
        return 2
    n = self_test(info, files)  # AssertionError propagates: a wrong change fails loudly

    if args.check:
        differ = False
        for name in sorted(files):
            path = os.path.join(OUT, name)
            try:
                with open(path, encoding="utf-8", newline="") as fh:
                    old = fh.read()
            except FileNotFoundError:
                old = None
            if old != files[name]:
                differ = True
                print(f"DIFFERS: {rel(path)}" + (" (missing)" if old is None else ""))
                if old is not None:
                    diff = list(difflib.unified_diff(old.splitlines(), files[name].splitlines(),
                                                     f"{rel(path)} (on disk)", f"{rel(path)} (recomputed)",
                                                     lineterm="", n=0))
                    for line in diff[:60]:
                        print(line)
                    if len(diff) > 60:
                        print(f"... {len(diff) - 60} more diff lines")
        if differ:
            print("derive_polres --check: derived files are out of date; run python3 tools/data/derive_polres.py")
            return 1
        print(f"derive_polres --check: OK ({len(files)} files up to date; {n} self-test checks passed)")
        return 0

    os.makedirs(OUT, exist_ok=True)
    for name, text in sorted(files.items()):
        with open(os.path.join(OUT, name), "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
    rows = info["rows"]
    assigned = sum(1 for r in rows if r["polres"])
    print(f"derive_polres: wrote {', '.join(rel(os.path.join(OUT, f)) for f in sorted(files))}")
    print(f"  Polres {len(info['polres'])}; kecamatan {len(rows)} (assigned {assigned}, "
          f"unassigned {len(rows) - assigned}); self-test {n} checks passed")
    print("  " + seats_line(info["seats"]))
    for s in sorted(info["seats"].values(), key=lambda s: s["code"]):
        if s["method"] != "capitals_point":
            print(f"    {s['code']} {s['nama']} '{s['ibukota']}': {s['method']}, moved "
                  f"{s['moved_km']:.2f} km -> {s['lat']}, {s['lon']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

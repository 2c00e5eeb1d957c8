"""Reference vectors for the core's distance and bearing: the WGS 84 geodesic by geographiclib.

Run once (pip install geographiclib); the output is committed as core/tests/data/geodesic_wgs84.csv
and the tests compare the core against it (distances within 0.5%).
"""
import os
import random

from geographiclib.geodesic import Geodesic

random.seed(110)
rows = []
for i in range(200):
    if i < 150:  # across Indonesia
        a = (random.uniform(-11, 6), random.uniform(95, 141))
        b = (random.uniform(-11, 6), random.uniform(95, 141))
    elif i < 190:  # short hops
        a = (random.uniform(-11, 6), random.uniform(95, 141))
        b = (a[0] + random.uniform(-0.2, 0.2), a[1] + random.uniform(-0.2, 0.2))
    else:  # anywhere
        a = (random.uniform(-80, 80), random.uniform(-180, 180))
        b = (random.uniform(-80, 80), random.uniform(-180, 180))
    g = Geodesic.WGS84.Inverse(a[0], a[1], b[0], b[1])
    rows.append((round(a[0], 6), round(a[1], 6), round(b[0], 6), round(b[1], 6), round(g["s12"], 3), round(g["azi1"] % 360, 6)))

out = os.path.join(os.path.dirname(__file__), "../../core/tests/data/geodesic_wgs84.csv")
with open(out, "w") as f:
    f.write("# lat1,lon1,lat2,lon2,distance_m,azimuth1_deg — WGS 84 geodesic by geographiclib 2.x (Python), seed 110; see tools/data/geodesic_vectors.py\n")
    for r in rows:
        f.write(",".join(map(str, r)) + "\n")

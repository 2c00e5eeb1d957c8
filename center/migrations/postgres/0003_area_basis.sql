-- Siaga110 center, schema 3: how the center's lookup knows the area's Polres (issue 15), so an
-- operator sees when the queue rests on an assumption. `polsek-list` or `decision` (a dated
-- source), `name-match` (assumed from the kab/kota's name), NULL (not routed by location, or a
-- report stored before schema 3).
ALTER TABLE reports ADD COLUMN area_basis TEXT;

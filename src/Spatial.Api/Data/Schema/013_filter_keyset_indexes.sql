-- A page under a property filter is a keyset page in id order: WHERE county_code IN ($1) [AND id > $2] ORDER BY id
-- LIMIT 101. On an index of county_code alone PostgreSQL reads every feature of a sparse county and sorts them all for
-- each page, or walks the primary key through the whole layer for a county with none; on (county_code, id) it walks the
-- county's features in id order from the cursor and stops after the page (bench/results/read-gate.md).
-- The pair answers every query the single column did, so it replaces it. Sector is the other coded filter of projects.
-- On a live database: the builds come first (they hold a SHARE lock, so writes to the table wait and reads go on),
-- the drops last (each an ACCESS EXCLUSIVE lock, held to the commit, so it is taken last, briefly); a lock not granted
-- within 10 s fails the migration instead of queueing every read of the table behind it: start the API again later.
SET LOCAL lock_timeout = '10s';
CREATE INDEX projects_county_id_idx ON projects (county_code, id);
CREATE INDEX projects_sector_id_idx ON projects (sector, id);
CREATE INDEX planting_zones_county_id_idx ON planting_zones (county_code, id);
CREATE INDEX industrial_parks_county_id_idx ON industrial_parks (county_code, id);
DROP INDEX IF EXISTS projects_county_idx, projects_sector_idx, planting_zones_county_idx, industrial_parks_county_idx;

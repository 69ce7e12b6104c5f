-- A page under a property filter is a keyset page in id order: WHERE county_code IN ($1) [AND id > $2] ORDER BY id
-- LIMIT 101. On an index of county_code alone PostgreSQL reads every feature of the county and sorts them all for
-- each page (a tenth of the layer at 1 000 000 projects: the filter page's p99 grew 1.64× from 100 000, bench/RESULTS.md);
-- on (county_code, id) it walks the county's features in id order from the cursor and stops after the page.
-- The pair answers every query the single column did, so it replaces it. Sector is the other coded filter of projects.
CREATE INDEX projects_county_id_idx ON projects (county_code, id);
DROP INDEX projects_county_idx;
CREATE INDEX projects_sector_id_idx ON projects (sector, id);
DROP INDEX projects_sector_idx;
CREATE INDEX planting_zones_county_id_idx ON planting_zones (county_code, id);
DROP INDEX planting_zones_county_idx;
CREATE INDEX industrial_parks_county_id_idx ON industrial_parks (county_code, id);
DROP INDEX industrial_parks_county_idx;

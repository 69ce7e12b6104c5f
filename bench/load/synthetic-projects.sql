-- Synthetic projects SYN-<first> … SYN-<last> for bench/compare (psql variables first, last, seed).
-- Deterministic: setseed, ST_GeneratePoints with a seed and no parallel workers, so the same variables give
-- the same rows. Sites are spread over the ten counties in proportion to their area and kept 0.008° (≥ 600 m)
-- inside the border, so every outline lies in the county it names; outlines are rotated rectangles and
-- ellipses of 0.3–40 ha (the plan's projects are 3–30 ha), valid by construction (an affine map of a convex
-- ring). Codes come from the lookup tables, so every foreign key holds.
\set ON_ERROR_STOP on
SET max_parallel_workers_per_gather = 0;
SET client_min_messages = warning;
SELECT setseed(:seed) AS seeded \gset

CREATE TEMP TABLE bench_sites AS
WITH county_share AS (
    SELECT code, name_zh, geom, area_m2 / sum(area_m2) OVER () AS share,
           row_number() OVER (ORDER BY code) AS k, count(*) OVER () AS counties
    FROM counties
), quota AS (
    -- Rounded shares; the last county takes what rounding left, so the counts add up exactly.
    SELECT c.*, CASE WHEN k < counties THEN round(share * (:last - :first + 1))::int
                     ELSE (:last - :first + 1) - coalesce(sum(round(share * (:last - :first + 1))::int) OVER (ORDER BY k ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0)::int
                END AS n
    FROM county_share c
)
SELECT q.code AS county_code, q.name_zh AS county_zh, d.geom AS site
FROM quota q, ST_Dump(ST_GeneratePoints(ST_Buffer(q.geom, -0.008), q.n, (:seed * 1e6)::int + q.k::int)) AS d
WHERE d.path[1] <= q.n   -- ST_GeneratePoints may give a multipolygon one point more than asked
ORDER BY q.code, d.path;

-- Ids in a random order of the sites, so neither ids nor pages cluster by county.
CREATE TEMP TABLE bench_rows AS
SELECT :first - 1 + row_number() OVER (ORDER BY random()) AS g, s.*
FROM bench_sites s;

CREATE TEMP TABLE bench_shapes AS
SELECT r.g, r.county_code, r.county_zh, r.site,
       (ARRAY(SELECT code FROM sectors ORDER BY code))[1 + floor(random() * (SELECT count(*) FROM sectors))::int] AS sector,
       (ARRAY(SELECT code FROM project_statuses ORDER BY code))[1 + floor(random() * (SELECT count(*) FROM project_statuses))::int] AS status,
       (ARRAY['surveyed', 'derived', 'indicative'])[1 + floor(random() * 3)::int] AS geometry_source,
       exp(ln(3000) + random() * (ln(400000) - ln(3000))) AS area,   -- m², log-uniform 0.3–40 ha
       1 + 2 * random() AS aspect,
       random() * pi() AS angle,
       random() < 0.6 AS rectangle,
       2 + floor(random() * 5)::int AS quarter_segments,
       round((5e6 * exp(random() * ln(400)))::numeric, -4) AS investment_cny,   -- 500万 – 20亿元
       0.2 + 0.4 * random() AS built_share
FROM bench_rows r;

-- Shapes drawn in metres around (0,0), rotated, then scaled to degrees at the site's latitude and moved there.
CREATE TEMP TABLE bench_projects AS
SELECT s.*, ST_Multi(ST_SetSRID(ST_Affine(
           CASE WHEN s.rectangle
                THEN ST_MakeEnvelope(-sqrt(s.area * s.aspect) / 2, -sqrt(s.area / s.aspect) / 2, sqrt(s.area * s.aspect) / 2, sqrt(s.area / s.aspect) / 2)
                ELSE ST_Scale(ST_Buffer(ST_Point(0, 0), 1, s.quarter_segments), sqrt(s.area * s.aspect / pi()), sqrt(s.area / s.aspect / pi()))
           END,
           cos(s.angle) / (111320 * cos(radians(ST_Y(s.site)))), -sin(s.angle) / (111320 * cos(radians(ST_Y(s.site)))),
           sin(s.angle) / 110574, cos(s.angle) / 110574,
           ST_X(s.site), ST_Y(s.site)), 4490)) AS geom
FROM bench_shapes s;

-- Bulk load: the per-row history triggers are replaced by one set-based INSERT of the same first versions
-- (as migration 005 records rows that were already there); the statement trigger still bumps the layer version.
BEGIN;
SET LOCAL jit = off;   -- compiling the big INSERTs costs more than it saves
ALTER TABLE projects DISABLE TRIGGER projects_stamp_version, DISABLE TRIGGER projects_history;
INSERT INTO projects (id, name_zh, name_en, sector, county_code, park_id, investment_cny, summary_zh, land_area_m2,
                      building_area_m2, status, scope, plan, source_ref, geometry_source, geom, version)
SELECT 'SYN-' || lpad(p.g::text, 7, '0'),
       p.county_zh || sc.name_zh || '合成项目' || p.g,
       'Synthetic ' || sc.name_en || ' project ' || p.g,
       p.sector, p.county_code,
       (SELECT ip.id FROM industrial_parks ip WHERE ST_Intersects(ip.geom, p.site) ORDER BY ip.id LIMIT 1),
       p.investment_cny,
       '规划总投资' || round(p.investment_cny / 1e8, 2) || '亿元，' || sc.name_zh || '方向，基准测试用合成数据（第' || p.g || '号）。',
       round(p.area::numeric), round((p.area * p.built_share)::numeric),
       p.status, 'site', CASE WHEN p.county_code = '231081' THEN 'suifenhe-2022' ELSE 'jixi-2022' END,
       'bench synthetic #' || p.g, p.geometry_source, p.geom, 1
FROM bench_projects p JOIN sectors sc ON sc.code = p.sector
ORDER BY p.g;   -- in id order, as rows would arrive over time
-- The image is built from the columns but geom: to_jsonb of the whole row would first write each outline
-- as GeoJSON only to drop it (most of the time of the load).
SELECT format($history$
    INSERT INTO feature_history (layer, feature_id, version, operation, changed_by, reason, after_attributes, after_geom)
    SELECT 'projects', t.id, 1, 'create', 'bench/compare', 'synthetic benchmark data', to_jsonb(a), t.geom
    FROM projects t CROSS JOIN LATERAL (SELECT %s) a
    WHERE t.id BETWEEN %L AND %L$history$,
    string_agg('t.' || quote_ident(attname), ', ' ORDER BY attnum),
    'SYN-' || lpad(:'first', 7, '0'), 'SYN-' || lpad(:'last', 7, '0'))
FROM pg_attribute WHERE attrelid = 'projects'::regclass AND attnum > 0 AND NOT attisdropped AND attname <> 'geom'
\gexec
ALTER TABLE projects ENABLE TRIGGER projects_stamp_version, ENABLE TRIGGER projects_history;
COMMIT;

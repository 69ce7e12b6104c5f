-- The fixed request lists of bench/compare, drawn with a seed from the synthetic projects (psql variables:
-- dir, entries, seed). Every list holds in each dataset: rows SYN-0000001 … of the smallest dataset exist
-- in the larger ones.
--   bbox.txt  minlon,minlat,maxlon,maxlat: 0.10° × 0.07° (≈ 8 km × 8 km) around a project
--   id.txt    project ids
--   z10.txt, z14.txt  z x y of WebMercatorQuad tiles with projects in them (z10: all of them)
\set ON_ERROR_STOP on
SET max_parallel_workers_per_gather = 0;
SELECT setseed(:seed) AS seeded \gset
SELECT count(*) AS synthetic FROM projects WHERE id LIKE 'SYN-%' \gset

CREATE TEMP TABLE picked AS
SELECT n, 'SYN-' || lpad((1 + floor(random() * :synthetic))::int::text, 7, '0') AS id
FROM generate_series(1, :entries) AS n;

CREATE TEMP TABLE picked_sites AS
SELECT k.n, k.id, ST_X(c) AS lon, ST_Y(c) AS lat
FROM picked k JOIN projects p USING (id), ST_PointOnSurface(p.geom) AS c;

CREATE FUNCTION pg_temp.tile_of(lon double precision, lat double precision, z int) RETURNS text LANGUAGE sql IMMUTABLE AS $$
    SELECT z || ' ' || floor((lon + 180) / 360 * 2 ^ z)::int || ' '
             || floor((1 - ln(tan(radians(lat)) + 1 / cos(radians(lat))) / pi()) / 2 * 2 ^ z)::int
$$;

\o :dir/id.txt
COPY (SELECT id FROM picked ORDER BY n) TO STDOUT;
\o :dir/bbox.txt
COPY (SELECT to_char(lon - 0.05, 'FM990.000000') || ',' || to_char(lat - 0.035, 'FM990.000000') || ',' || to_char(lon + 0.05, 'FM990.000000') || ',' || to_char(lat + 0.035, 'FM990.000000') FROM picked_sites ORDER BY n) TO STDOUT;
\o :dir/z14.txt
COPY (SELECT pg_temp.tile_of(lon, lat, 14) FROM picked_sites ORDER BY n) TO STDOUT;
\o :dir/z10.txt
COPY (SELECT DISTINCT pg_temp.tile_of(ST_X(c), ST_Y(c), 10) AS t FROM projects p, ST_PointOnSurface(p.geom) AS c WHERE p.id LIKE 'SYN-%' ORDER BY t) TO STDOUT;
\o

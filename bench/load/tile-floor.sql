-- The ST_AsMVT floor of bench/compare while Spatial has no tile endpoint: tile @Z@/@X@/@Y@ of WebMercatorQuad
-- as one MVT layer with the attributes MapServer's tiles carry; the tile's box is transformed to the storage
-- CRS so the GiST index answers.
SELECT ST_AsMVT(t, 'projects', 4096, 'geom')
FROM (SELECT p.id, p.name_zh, p.name_en, p.sector, p.status, p.geometry_source,
             ST_AsMVTGeom(ST_Transform(p.geom, 3857), ST_TileEnvelope(@Z@, @X@, @Y@), 4096, 64, true) AS geom
      FROM projects p
      WHERE p.geom && ST_Transform(ST_TileEnvelope(@Z@, @X@, @Y@, margin => 64.0 / 4096), 4490)) t
WHERE t.geom IS NOT NULL;

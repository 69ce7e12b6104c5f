-- Ellipsoidal area (GRS80 ≈ CGCS2000, PostGIS geography) kept with each areal row: read paths and
-- statistics filter, sort and sum it without recomputing it per request.
ALTER TABLE counties         ADD COLUMN area_m2 double precision GENERATED ALWAYS AS (ST_Area(geom::geography)) STORED;
ALTER TABLE water_bodies     ADD COLUMN area_m2 double precision GENERATED ALWAYS AS (ST_Area(geom::geography)) STORED;
ALTER TABLE ecological_areas ADD COLUMN area_m2 double precision GENERATED ALWAYS AS (ST_Area(geom::geography)) STORED;
ALTER TABLE planting_zones   ADD COLUMN area_m2 double precision GENERATED ALWAYS AS (ST_Area(geom::geography)) STORED;
ALTER TABLE industrial_parks ADD COLUMN area_m2 double precision GENERATED ALWAYS AS (ST_Area(geom::geography)) STORED;
ALTER TABLE projects         ADD COLUMN area_m2 double precision GENERATED ALWAYS AS (ST_Area(geom::geography)) STORED;

-- One version per layer, bumped by every writing statement: the ETag and Last-Modified of its resources.
CREATE TABLE layer_versions (
    layer      text PRIMARY KEY,
    version    bigint NOT NULL DEFAULT 1,
    changed_at timestamptz NOT NULL DEFAULT clock_timestamp()
);

CREATE FUNCTION bump_layer_version() RETURNS trigger LANGUAGE plpgsql AS
$$
BEGIN
    INSERT INTO layer_versions (layer) VALUES (TG_TABLE_NAME)
    ON CONFLICT (layer) DO UPDATE SET version = layer_versions.version + 1, changed_at = clock_timestamp();
    RETURN NULL;
END
$$;

DO $$
DECLARE layer text;
BEGIN
    FOREACH layer IN ARRAY ARRAY['counties', 'water_bodies', 'rivers', 'borders', 'ecological_areas',
                                 'planting_zones', 'industrial_parks', 'projects', 'enterprises']
    LOOP
        INSERT INTO layer_versions (layer) VALUES (layer);
        EXECUTE format('CREATE TRIGGER %I AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON %I
                        FOR EACH STATEMENT EXECUTE FUNCTION bump_layer_version()', layer || '_version', layer);
    END LOOP;
END $$;

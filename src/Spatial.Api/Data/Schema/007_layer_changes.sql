-- Every writing statement tells the API processes what it changed, so that each drops from its cache exactly
-- the tiles and pages the change touched. The version bump of a layer (003) now also sends, on channel
-- spatial_changes,
--     {"layer": "projects", "version": 42, "boxes": [[xmin, ymin, xmax, ymax], …]}
-- with the bounding boxes (CGCS2000 lon/lat, rounded outwards to 1e-6°) of the changed rows' geometry before and
-- after the change. More than 100 distinct boxes become the one box around them all (a notification holds at most
-- 8000 bytes). "boxes" is absent when anything may have changed: TRUNCATE, and tables without geometry.
-- PostgreSQL delivers notifications at commit, in commit order, and the layer_versions row lock makes the writers
-- of one layer commit in version order: a listener that has seen version N has seen every change up to N.

CREATE FUNCTION next_layer_version(layer_name text) RETURNS bigint LANGUAGE sql AS
$$
    INSERT INTO layer_versions (layer) VALUES (layer_name)
    ON CONFLICT (layer) DO UPDATE SET version = layer_versions.version + 1, changed_at = clock_timestamp()
    RETURNING version
$$;

CREATE OR REPLACE FUNCTION bump_layer_version() RETURNS trigger LANGUAGE plpgsql AS
$$
BEGIN
    PERFORM pg_notify('spatial_changes', json_build_object('layer', TG_TABLE_NAME, 'version', next_layer_version(TG_TABLE_NAME))::text);
    RETURN NULL;
END
$$;

CREATE FUNCTION change_boxes(boxes box2d[]) RETURNS json LANGUAGE sql IMMUTABLE AS
$$
    WITH rounded AS (
        SELECT DISTINCT trim_scale(floor(ST_XMin(b)::numeric * 1e6) / 1e6) AS x0, trim_scale(floor(ST_YMin(b)::numeric * 1e6) / 1e6) AS y0,
                        trim_scale(ceil(ST_XMax(b)::numeric * 1e6) / 1e6) AS x1, trim_scale(ceil(ST_YMax(b)::numeric * 1e6) / 1e6) AS y1
        FROM unnest(boxes) b)
    SELECT CASE WHEN count(*) <= 100 THEN coalesce(json_agg(json_build_array(x0, y0, x1, y1)), '[]'::json)
                ELSE json_build_array(json_build_array(min(x0), min(y0), max(x1), max(y1))) END
    FROM rounded
$$;

-- Transition tables need one trigger per event; the three share this function, TRUNCATE too (without rows).
CREATE FUNCTION record_layer_change() RETURNS trigger LANGUAGE plpgsql AS
$$
DECLARE
    new_version bigint := next_layer_version(TG_TABLE_NAME);
    boxes   box2d[];
BEGIN
    IF TG_OP = 'INSERT' THEN
        boxes := ARRAY(SELECT box2d(geom) FROM new_rows WHERE geom IS NOT NULL);
    ELSIF TG_OP = 'UPDATE' THEN
        boxes := ARRAY(SELECT box2d(geom) FROM old_rows WHERE geom IS NOT NULL
                       UNION ALL SELECT box2d(geom) FROM new_rows WHERE geom IS NOT NULL);
    ELSIF TG_OP = 'DELETE' THEN
        boxes := ARRAY(SELECT box2d(geom) FROM old_rows WHERE geom IS NOT NULL);
    END IF;
    PERFORM pg_notify('spatial_changes', json_strip_nulls(json_build_object(
        'layer', TG_TABLE_NAME, 'version', new_version,
        'boxes', CASE WHEN TG_OP = 'TRUNCATE' THEN NULL ELSE change_boxes(boxes) END))::text);
    RETURN NULL;
END
$$;

DO $$
DECLARE layer text;
BEGIN
    FOREACH layer IN ARRAY ARRAY['counties', 'water_bodies', 'rivers', 'borders', 'ecological_areas',
                                 'planting_zones', 'industrial_parks', 'projects', 'enterprises']
    LOOP
        EXECUTE format('DROP TRIGGER %I ON %I', layer || '_version', layer);
        EXECUTE format('CREATE TRIGGER %I AFTER INSERT ON %I REFERENCING NEW TABLE AS new_rows
                        FOR EACH STATEMENT EXECUTE FUNCTION record_layer_change()', layer || '_changes_insert', layer);
        EXECUTE format('CREATE TRIGGER %I AFTER UPDATE ON %I REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
                        FOR EACH STATEMENT EXECUTE FUNCTION record_layer_change()', layer || '_changes_update', layer);
        EXECUTE format('CREATE TRIGGER %I AFTER DELETE ON %I REFERENCING OLD TABLE AS old_rows
                        FOR EACH STATEMENT EXECUTE FUNCTION record_layer_change()', layer || '_changes_delete', layer);
        EXECUTE format('CREATE TRIGGER %I AFTER TRUNCATE ON %I
                        FOR EACH STATEMENT EXECUTE FUNCTION record_layer_change()', layer || '_changes_truncate', layer);
    END LOOP;
END $$;

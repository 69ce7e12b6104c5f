-- Tiles are drawn in Web Mercator (EPSG:3857). Transforming every feature of a tile from CGCS2000 on each
-- request was most of a tile's cost (bench/results/tiles.md: a z10 tile of 4 000 projects, 373 ms, of which the
-- transforms and the topology-preserving simplification took three quarters). So each layer keeps a Web Mercator copy of
-- its geometry, geom_wm, that PostgreSQL computes from geom in every write (a stored generated column: it cannot
-- disagree with geom, and no writer names it), with a GiST index of its own for the tiles' search.
-- It is for drawing only: never served as data, never written, kept out of the history.
DO $$
DECLARE layer text;
BEGIN
    FOR layer IN SELECT table_name FROM layers ORDER BY position
    LOOP
        EXECUTE format('ALTER TABLE %I ADD COLUMN geom_wm geometry GENERATED ALWAYS AS (ST_Transform(geom, 3857)) STORED', layer);
        EXECUTE format('CREATE INDEX %I ON %I USING gist (geom_wm)', layer || '_geom_wm_idx', layer);
    END LOOP;
END $$;

-- A feature's attributes: its row without the geometry or its drawing copy. The history records these (005, 006
-- subtracted 'geom' inline), and the write path compares them; any later derived column is added here once.
CREATE FUNCTION feature_attributes(feature jsonb) RETURNS jsonb LANGUAGE sql IMMUTABLE PARALLEL SAFE AS
$$ SELECT feature - 'geom' - 'geom_wm' $$;

CREATE OR REPLACE FUNCTION record_feature_version() RETURNS trigger LANGUAGE plpgsql AS
$$
DECLARE
    actor     text := coalesce(nullif(current_setting('spatial.actor', true), ''), session_user || ' (SQL)');
    role_code text := nullif(current_setting('spatial.role', true), '');
    key       bigint := nullif(current_setting('spatial.key_id', true), '')::bigint;
    op        text := nullif(current_setting('spatial.operation', true), '');
    why       text := nullif(current_setting('spatial.reason', true), '');
    verdict   text := nullif(current_setting('spatial.verdict', true), '');
    report    jsonb := nullif(current_setting('spatial.report', true), '')::jsonb;
    import    bigint := nullif(current_setting('spatial.import_id', true), '')::bigint;
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO feature_history (layer, feature_id, version, operation, changed_by, role, key_id, reason,
                                     after_attributes, after_geom, footprint_verdict, footprint_report, import_id)
        VALUES (TG_TABLE_NAME, NEW.id, NEW.version, coalesce(op, 'create'), actor, role_code, key, why,
                feature_attributes(to_jsonb(NEW)), NEW.geom, verdict, report, import);
    ELSIF TG_OP = 'UPDATE' THEN
        INSERT INTO feature_history (layer, feature_id, version, operation, changed_by, role, key_id, reason,
                                     before_attributes, before_geom, after_attributes, after_geom, footprint_verdict, footprint_report, import_id)
        VALUES (TG_TABLE_NAME, NEW.id, NEW.version, coalesce(op, 'update'), actor, role_code, key, why,
                feature_attributes(to_jsonb(OLD)), OLD.geom, feature_attributes(to_jsonb(NEW)), NEW.geom, verdict, report, import);
    ELSE
        INSERT INTO feature_history (layer, feature_id, version, operation, changed_by, role, key_id, reason,
                                     before_attributes, before_geom, import_id)
        VALUES (TG_TABLE_NAME, OLD.id, OLD.version + 1, 'delete', actor, role_code, key, why,
                feature_attributes(to_jsonb(OLD)), OLD.geom, import);
    END IF;
    RETURN NULL;
END
$$;

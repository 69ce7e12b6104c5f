-- Editing: who may write (roles and API keys), a version per feature (its strong ETag) and the
-- history of every change, written by triggers in the same transaction as the change itself, so no
-- path — the API, the loader or plain SQL — can change a feature without leaving its trail.

CREATE TABLE roles (
    code    text PRIMARY KEY,
    rank    int NOT NULL UNIQUE,
    name_zh text NOT NULL UNIQUE,
    name_en text NOT NULL
);
INSERT INTO roles VALUES
    ('viewer',       1, '查看人员', 'Viewer'),
    ('planner',      2, '规划人员', 'Planner'),
    ('land_officer', 3, '国土审核人员', 'Land officer'),
    ('admin',        4, '管理员', 'Administrator');

-- The layers each role may edit; admin edits every editable layer.
CREATE TABLE role_layers (
    role  text NOT NULL REFERENCES roles,
    layer text NOT NULL,
    PRIMARY KEY (role, layer)
);
INSERT INTO role_layers VALUES
    ('planner', 'planting_zones'), ('planner', 'industrial_parks'), ('planner', 'ecological_areas'),
    ('land_officer', 'projects'), ('land_officer', 'enterprises'),
    ('admin', 'planting_zones'), ('admin', 'industrial_parks'), ('admin', 'ecological_areas'),
    ('admin', 'projects'), ('admin', 'enterprises');

-- A key is shown once when it is made; only its SHA-256 is kept (keys are 256 random bits, so a
-- slow hash adds nothing). The prefix lets people recognise a key in a list.
CREATE TABLE api_keys (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name       text NOT NULL CHECK (btrim(name) <> ''),
    role       text NOT NULL REFERENCES roles,
    key_hash   bytea NOT NULL UNIQUE CHECK (length(key_hash) = 32),
    key_prefix text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    created_by text NOT NULL,
    revoked_at timestamptz
);

CREATE TABLE history_operations (
    code    text PRIMARY KEY,
    name_zh text NOT NULL UNIQUE,
    name_en text NOT NULL
);
INSERT INTO history_operations VALUES
    ('create',  '新建', 'Created'),
    ('replace', '替换', 'Replaced'),
    ('update',  '修改', 'Updated'),
    ('delete',  '删除', 'Deleted'),
    ('restore', '恢复', 'Restored');

-- One row per version of a feature: the full image before and after (attributes as JSON, geometry
-- as geometry so a restore gives back the exact coordinates), who, when, why, and the footprint
-- verdict a land officer's outline was saved with.
CREATE TABLE feature_history (
    layer             text NOT NULL,
    feature_id        text NOT NULL,
    version           int NOT NULL CHECK (version > 0),
    operation         text NOT NULL REFERENCES history_operations,
    changed_at        timestamptz NOT NULL DEFAULT now(),
    changed_by        text NOT NULL,
    role              text REFERENCES roles,
    key_id            bigint REFERENCES api_keys,
    reason            text,
    before_attributes jsonb,
    before_geom       geometry(Geometry, 4490),
    after_attributes  jsonb,
    after_geom        geometry(Geometry, 4490),
    footprint_verdict text CHECK (footprint_verdict IN ('pass', 'warn', 'fail')),
    footprint_report  jsonb,
    PRIMARY KEY (layer, feature_id, version),
    CHECK ((operation = 'delete') = (after_attributes IS NULL))
);
CREATE INDEX feature_history_changed_at_idx ON feature_history (changed_at);
CREATE INDEX feature_history_changed_by_idx ON feature_history (changed_by, changed_at);

CREATE FUNCTION refuse_history_change() RETURNS trigger LANGUAGE plpgsql AS
$$ BEGIN RAISE EXCEPTION 'feature_history is append-only: versions are never changed or removed' USING ERRCODE = 'insufficient_privilege'; END $$;
CREATE TRIGGER feature_history_append_only BEFORE UPDATE OR DELETE ON feature_history
    FOR EACH ROW EXECUTE FUNCTION refuse_history_change();
CREATE TRIGGER feature_history_no_truncate BEFORE TRUNCATE ON feature_history
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_history_change();

-- The version of a new row continues its id's history, so a deleted and recreated feature never
-- repeats a version (nor an ETag).
CREATE FUNCTION stamp_feature_version() RETURNS trigger LANGUAGE plpgsql AS
$$
BEGIN
    IF TG_OP = 'UPDATE' THEN
        IF NEW.id IS DISTINCT FROM OLD.id THEN
            RAISE EXCEPTION 'a feature id never changes (% → %)', OLD.id, NEW.id USING ERRCODE = 'check_violation';
        END IF;
        NEW.version := OLD.version + 1;
    ELSE
        NEW.version := coalesce((SELECT max(h.version) FROM feature_history h
                                 WHERE h.layer = TG_TABLE_NAME AND h.feature_id = NEW.id), 0) + 1;
    END IF;
    RETURN NEW;
END
$$;

-- Who and why come from transaction-local settings the API sets (spatial.actor, spatial.role,
-- spatial.key_id, spatial.operation, spatial.reason, spatial.verdict, spatial.report); a change made
-- without them is still recorded, as the database user's.
CREATE FUNCTION record_feature_version() RETURNS trigger LANGUAGE plpgsql AS
$$
DECLARE
    actor     text := coalesce(nullif(current_setting('spatial.actor', true), ''), session_user || ' (SQL)');
    role_code text := nullif(current_setting('spatial.role', true), '');
    key       bigint := nullif(current_setting('spatial.key_id', true), '')::bigint;
    op        text := nullif(current_setting('spatial.operation', true), '');
    why       text := nullif(current_setting('spatial.reason', true), '');
    verdict   text := nullif(current_setting('spatial.verdict', true), '');
    report    jsonb := nullif(current_setting('spatial.report', true), '')::jsonb;
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO feature_history (layer, feature_id, version, operation, changed_by, role, key_id, reason,
                                     after_attributes, after_geom, footprint_verdict, footprint_report)
        VALUES (TG_TABLE_NAME, NEW.id, NEW.version, coalesce(op, 'create'), actor, role_code, key, why,
                to_jsonb(NEW) - 'geom', NEW.geom, verdict, report);
    ELSIF TG_OP = 'UPDATE' THEN
        INSERT INTO feature_history (layer, feature_id, version, operation, changed_by, role, key_id, reason,
                                     before_attributes, before_geom, after_attributes, after_geom, footprint_verdict, footprint_report)
        VALUES (TG_TABLE_NAME, NEW.id, NEW.version, coalesce(op, 'update'), actor, role_code, key, why,
                to_jsonb(OLD) - 'geom', OLD.geom, to_jsonb(NEW) - 'geom', NEW.geom, verdict, report);
    ELSE
        INSERT INTO feature_history (layer, feature_id, version, operation, changed_by, role, key_id, reason,
                                     before_attributes, before_geom)
        VALUES (TG_TABLE_NAME, OLD.id, OLD.version + 1, 'delete', actor, role_code, key, why,
                to_jsonb(OLD) - 'geom', OLD.geom);
    END IF;
    RETURN NULL;
END
$$;

DO $$
DECLARE layer text;
BEGIN
    FOREACH layer IN ARRAY ARRAY['ecological_areas', 'planting_zones', 'industrial_parks', 'projects', 'enterprises']
    LOOP
        EXECUTE format('ALTER TABLE %I ADD COLUMN version int NOT NULL DEFAULT 1', layer);
        -- The rows already there get their first version on record.
        EXECUTE format($h$
            INSERT INTO feature_history (layer, feature_id, version, operation, changed_at, changed_by, after_attributes, after_geom)
            SELECT %L, t.id, 1, 'create', t.created_at, 'migration 005', to_jsonb(t) - 'geom', t.geom FROM %I t$h$, layer, layer);
        EXECUTE format('CREATE TRIGGER %I BEFORE INSERT OR UPDATE ON %I FOR EACH ROW EXECUTE FUNCTION stamp_feature_version()',
                       layer || '_stamp_version', layer);
        EXECUTE format('CREATE TRIGGER %I AFTER INSERT OR UPDATE OR DELETE ON %I FOR EACH ROW EXECUTE FUNCTION record_feature_version()',
                       layer || '_history', layer);
    END LOOP;
END $$;

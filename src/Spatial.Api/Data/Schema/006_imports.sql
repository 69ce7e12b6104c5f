-- Imports: a file read by GDAL into a staging table, checked there set-based, and written in one
-- transaction. The import is a resource (status, counts, per-feature report); each version it writes
-- names it in the history, so the import can be reverted as a whole.

CREATE TABLE import_statuses (
    code    text PRIMARY KEY,
    name_zh text NOT NULL UNIQUE,
    name_en text NOT NULL
);
INSERT INTO import_statuses VALUES
    ('queued',    '排队中',   'Queued'),
    ('reading',   '读取中',   'Reading'),
    ('checking',  '检查中',   'Checking'),
    ('writing',   '写入中',   'Writing'),
    ('succeeded', '已完成',   'Succeeded'),
    ('rejected',  '已拒绝',   'Rejected'),
    ('failed',    '失败',     'Failed'),
    ('reverted',  '已撤销',   'Reverted');
-- Served in /vocabulary like the other lookup tables (the map names the states with it), so it carries a version.
INSERT INTO layer_versions (layer) VALUES ('import_statuses');
CREATE TRIGGER import_statuses_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON import_statuses
    FOR EACH STATEMENT EXECUTE FUNCTION bump_layer_version();

CREATE TABLE imports (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    layer          text NOT NULL,
    collection     text NOT NULL,
    status         text NOT NULL REFERENCES import_statuses,
    dry_run        boolean NOT NULL,
    user_name      text NOT NULL,
    role           text REFERENCES roles,
    key_id         bigint REFERENCES api_keys,
    created_at     timestamptz NOT NULL DEFAULT now(),
    finished_at    timestamptz,
    format         text NOT NULL,
    file_name      text,
    file_bytes     bigint NOT NULL,
    options        jsonb NOT NULL DEFAULT '{}',
    encoding       jsonb,
    crs            jsonb,
    counts         jsonb NOT NULL DEFAULT '{"total":0,"done":0,"created":0,"updated":0,"unchanged":0,"rejected":0,"warnings":0}',
    unknown_fields jsonb NOT NULL DEFAULT '[]',
    features       jsonb NOT NULL DEFAULT '[]',
    failure        text,
    reverted_at    timestamptz,
    reverted_by    text,
    revert_reason  text
);
CREATE INDEX imports_collection_idx ON imports (collection, id DESC);
CREATE INDEX imports_user_idx ON imports (user_name, id DESC);

-- Staged files live here, one table per import (i_<id> as GDAL wrote it, c_<id> the candidates); dropped after each import.
CREATE SCHEMA import_staging;

INSERT INTO history_operations VALUES
    ('import', '导入', 'Imported'),
    ('revert', '撤销导入', 'Import reverted');

ALTER TABLE feature_history ADD COLUMN import_id bigint REFERENCES imports;
CREATE INDEX feature_history_import_idx ON feature_history (import_id) WHERE import_id IS NOT NULL;

-- As in 005, plus spatial.import_id: the import (or the revert of one) that made the version.
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
                to_jsonb(NEW) - 'geom', NEW.geom, verdict, report, import);
    ELSIF TG_OP = 'UPDATE' THEN
        INSERT INTO feature_history (layer, feature_id, version, operation, changed_by, role, key_id, reason,
                                     before_attributes, before_geom, after_attributes, after_geom, footprint_verdict, footprint_report, import_id)
        VALUES (TG_TABLE_NAME, NEW.id, NEW.version, coalesce(op, 'update'), actor, role_code, key, why,
                to_jsonb(OLD) - 'geom', OLD.geom, to_jsonb(NEW) - 'geom', NEW.geom, verdict, report, import);
    ELSE
        INSERT INTO feature_history (layer, feature_id, version, operation, changed_by, role, key_id, reason,
                                     before_attributes, before_geom, import_id)
        VALUES (TG_TABLE_NAME, OLD.id, OLD.version + 1, 'delete', actor, role_code, key, why,
                to_jsonb(OLD) - 'geom', OLD.geom, import);
    END IF;
    RETURN NULL;
END
$$;

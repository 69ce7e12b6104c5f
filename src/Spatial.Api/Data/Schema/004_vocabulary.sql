-- One vocabulary. Every closed list of codes is a lookup table (code, Chinese and English label, and the
-- attributes the service decides by), and the layers refer to it by foreign key: the CHECK lists and
-- domains of 002 become tables like sectors and zone_categories. The API serves these tables
-- (/vocabulary, the queryables' enums); the map and the footprint checks read them instead of copies.

-- Whether a sector is industrial decides whether a footprint outside every park is warned about.
ALTER TABLE sectors ADD COLUMN industrial boolean NOT NULL DEFAULT false;
UPDATE sectors SET industrial = true
WHERE code IN ('biomedicine', 'bio_manufacturing', 'bio_energy', 'bio_environmental', 'biomedical_engineering');
-- A sector added later must say which it is.
ALTER TABLE sectors ALTER COLUMN industrial DROP DEFAULT;

CREATE TABLE geometry_sources (
    code       text PRIMARY KEY,
    name_zh    text NOT NULL UNIQUE,
    name_en    text NOT NULL,
    -- A stand-in placed by rule, not measured: a conflict with it is a warning to verify, and the map dashes it.
    indicative boolean NOT NULL
);
INSERT INTO geometry_sources VALUES
    ('surveyed',   '实测',           'surveyed',               false),
    ('derived',    '由真实数据推算', 'derived from real data', false),
    ('indicative', '示意位置',       'indicative',             true);

CREATE TABLE project_statuses (
    code    text PRIMARY KEY,
    name_zh text NOT NULL UNIQUE,
    name_en text NOT NULL
);
INSERT INTO project_statuses VALUES
    ('planned',            '计划建设',  'planned'),
    ('under_construction', '在建',      'under construction'),
    ('completed',          '已建成',    'completed'),
    ('proposed',           '谋划/拟建', 'proposed'),
    ('ongoing',            '持续推进',  'ongoing');

CREATE TABLE project_scopes (
    code    text PRIMARY KEY,
    name_zh text NOT NULL UNIQUE,
    name_en text NOT NULL
);
INSERT INTO project_scopes VALUES
    ('site',      '选址项目',     'site project'),
    ('programme', '全域推进事项', 'programme (no single site)');

CREATE TABLE water_body_kinds (
    code    text PRIMARY KEY,
    name_zh text NOT NULL UNIQUE,
    name_en text NOT NULL
);
INSERT INTO water_body_kinds VALUES
    ('lake',       '湖泊',       'lake'),
    ('reservoir',  '水库',       'reservoir'),
    ('river_lake', '河道型湖泊', 'river lake');

CREATE TABLE ecological_area_kinds (
    code    text PRIMARY KEY,
    name_zh text NOT NULL UNIQUE,
    name_en text NOT NULL
);
INSERT INTO ecological_area_kinds VALUES
    ('lake',      '湖泊',     'lake'),
    ('reservoir', '水库',     'reservoir'),
    ('wetland',   '湿地',     'wetland'),
    ('island',    '岛屿湿地', 'island');

CREATE TABLE park_levels (
    code    text PRIMARY KEY,
    name_zh text NOT NULL UNIQUE,
    name_en text NOT NULL
);
INSERT INTO park_levels VALUES
    ('national',   '国家级', 'national'),
    ('provincial', '省级',   'provincial'),
    ('municipal',  '市级',   'municipal'),
    ('county',     '县级',   'county');

-- The layers the API serves as collections, in the order the plan's 图1 draws them (bottom first).
CREATE TABLE layers (
    code       text PRIMARY KEY,
    table_name text NOT NULL UNIQUE,
    name_zh    text NOT NULL UNIQUE,
    name_en    text NOT NULL,
    -- How the API titles the collection ("水体 Water bodies"), composed once.
    title      text GENERATED ALWAYS AS (name_zh || ' ' || name_en) STORED,
    position   int  NOT NULL UNIQUE
);
INSERT INTO layers (code, table_name, name_zh, name_en, position) VALUES
    ('counties',         'counties',         '县（市）区',   'Counties',         1),
    ('water-bodies',     'water_bodies',     '水体',         'Water bodies',     2),
    ('rivers',           'rivers',           '河流',         'Rivers',           3),
    ('borders',          'borders',          '国界',         'Borders',          4),
    ('ecological-areas', 'ecological_areas', '生态保护区域', 'Ecological areas', 5),
    ('planting-zones',   'planting_zones',   '种植养殖区',   'Planting zones',   6),
    ('industrial-parks', 'industrial_parks', '产业园区',     'Industrial parks', 7),
    ('projects',         'projects',         '重点项目',     'Projects',         8),
    ('enterprises',      'enterprises',      '重点企业',     'Enterprises',      9);

-- The domains and CHECK lists give way to foreign keys. Every stored value passed the CHECK, and the
-- tables above hold every value the CHECK allowed, so each key validates on the rows already there.
-- A domain over text and text are binary-compatible: dropping the domain rewrites no table.
DO $$
DECLARE layer text;
BEGIN
    FOREACH layer IN ARRAY ARRAY['counties', 'water_bodies', 'rivers', 'borders', 'ecological_areas',
                                 'planting_zones', 'industrial_parks', 'projects', 'enterprises']
    LOOP
        EXECUTE format('ALTER TABLE %I ALTER COLUMN geometry_source TYPE text', layer);
        EXECUTE format('ALTER TABLE %I ADD CONSTRAINT %I FOREIGN KEY (geometry_source) REFERENCES geometry_sources',
                       layer, layer || '_geometry_source_fkey');
    END LOOP;
END $$;
DROP DOMAIN geometry_source;

ALTER TABLE projects ALTER COLUMN status TYPE text;
DROP DOMAIN project_status;
ALTER TABLE projects ADD CONSTRAINT projects_status_fkey FOREIGN KEY (status) REFERENCES project_statuses;

ALTER TABLE projects DROP CONSTRAINT projects_scope_check,
    ADD CONSTRAINT projects_scope_fkey FOREIGN KEY (scope) REFERENCES project_scopes;
ALTER TABLE water_bodies DROP CONSTRAINT water_bodies_kind_check,
    ADD CONSTRAINT water_bodies_kind_fkey FOREIGN KEY (kind) REFERENCES water_body_kinds;
ALTER TABLE ecological_areas DROP CONSTRAINT ecological_areas_kind_check,
    ADD CONSTRAINT ecological_areas_kind_fkey FOREIGN KEY (kind) REFERENCES ecological_area_kinds;
ALTER TABLE industrial_parks DROP CONSTRAINT industrial_parks_level_check,
    ADD CONSTRAINT industrial_parks_level_fkey FOREIGN KEY (level) REFERENCES park_levels;

-- The vocabularies carry versions like the layers, so /vocabulary has an ETag that changes with them.
DO $$
DECLARE vocabulary text;
BEGIN
    FOREACH vocabulary IN ARRAY ARRAY['sectors', 'zone_categories', 'geometry_sources', 'project_statuses', 'project_scopes',
                                      'water_body_kinds', 'ecological_area_kinds', 'park_levels', 'plans', 'layers']
    LOOP
        INSERT INTO layer_versions (layer) VALUES (vocabulary);
        EXECUTE format('CREATE TRIGGER %I AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON %I
                        FOR EACH STATEMENT EXECUTE FUNCTION bump_layer_version()', vocabulary || '_version', vocabulary);
    END LOOP;
END $$;

-- The layers of the two bio-economy plans. Geometry is CGCS2000 lon/lat (EPSG:4490), GiST-indexed.
-- Closed vocabularies are lookup tables (code + Chinese + English label) so labels live in one place.

CREATE TABLE plans (
    code        text PRIMARY KEY,
    name_zh     text NOT NULL,
    name_en     text NOT NULL,
    issued_by   text NOT NULL,
    issued_on   date,
    source_file text NOT NULL
);

-- Quantitative targets as the plans state them; never spread over zones.
CREATE TABLE plan_targets (
    plan       text NOT NULL REFERENCES plans,
    key        text NOT NULL,
    label_zh   text NOT NULL,
    label_en   text NOT NULL,
    value      numeric NOT NULL,
    unit       text NOT NULL,
    year       int,
    source_ref text NOT NULL,
    PRIMARY KEY (plan, key)
);

CREATE TABLE sectors (
    code    text PRIMARY KEY,
    name_zh text NOT NULL UNIQUE,
    name_en text NOT NULL
);
INSERT INTO sectors VALUES
    ('biomedicine',            '生物医药',     'Biomedicine'),
    ('bio_agriculture',        '生物农业',     'Bio-agriculture'),
    ('bio_energy',             '生物能源',     'Bio-energy'),
    ('bio_manufacturing',      '生物制造',     'Bio-manufacturing'),
    ('bio_environmental',      '生物环保',     'Bio-environmental protection'),
    ('biomedical_engineering', '生物医学工程', 'Biomedical engineering'),
    ('bio_services',           '生物服务',     'Bio-services');

CREATE TABLE zone_categories (
    code    text PRIMARY KEY,
    name_zh text NOT NULL UNIQUE,
    name_en text NOT NULL
);
INSERT INTO zone_categories VALUES
    ('medicinal_herbs',     '中草药',   'Medicinal herbs'),
    ('rice',                '水稻',     'Rice'),
    ('corn',                '玉米',     'Corn'),
    ('soybean',             '大豆',     'Soybean'),
    ('cash_crops',          '经济作物', 'Cash crops'),
    ('facility_vegetables', '设施蔬菜', 'Greenhouse vegetables'),
    ('forest_food',         '森林食品', 'Forest food'),
    ('edible_fungi',        '食用菌',   'Edible fungi'),
    ('aquaculture',         '水产养殖', 'Aquaculture');

CREATE DOMAIN geometry_source AS text CHECK (VALUE IN ('surveyed', 'derived', 'indicative'));
CREATE DOMAIN project_status AS text CHECK (VALUE IN ('planned', 'under_construction', 'completed', 'proposed', 'ongoing'));

CREATE TABLE counties (
    code            text PRIMARY KEY CHECK (code ~ '^\d{6}$'),
    name_zh         text NOT NULL,
    name_en         text NOT NULL,
    city_zh         text NOT NULL,
    city_en         text NOT NULL,
    seat            geometry(Point, 4490) NOT NULL,
    source_ref      text NOT NULL,
    geometry_source geometry_source NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    geom            geometry(MultiPolygon, 4490) NOT NULL CHECK (ST_IsValid(geom))
);

CREATE TABLE water_bodies (
    id              text PRIMARY KEY,
    name_zh         text NOT NULL,
    name_en         text NOT NULL,
    kind            text NOT NULL CHECK (kind IN ('lake', 'reservoir', 'river_lake')),
    county_code     text REFERENCES counties,
    source_ref      text NOT NULL,
    geometry_source geometry_source NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    geom            geometry(MultiPolygon, 4490) NOT NULL CHECK (ST_IsValid(geom))
);

CREATE TABLE rivers (
    id              text PRIMARY KEY,
    name_zh         text,
    name_en         text,
    wdbii_level     int NOT NULL,
    border_river    boolean NOT NULL,
    source_ref      text NOT NULL,
    geometry_source geometry_source NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    geom            geometry(MultiLineString, 4490) NOT NULL
);

CREATE TABLE borders (
    id              text PRIMARY KEY,
    name_zh         text NOT NULL,
    name_en         text NOT NULL,
    source_ref      text NOT NULL,
    geometry_source geometry_source NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    geom            geometry(MultiLineString, 4490) NOT NULL
);

CREATE TABLE ecological_areas (
    id              text PRIMARY KEY,
    name_zh         text NOT NULL,
    name_en         text NOT NULL,
    kind            text NOT NULL CHECK (kind IN ('lake', 'reservoir', 'wetland', 'island')),
    townships_zh    text[] NOT NULL DEFAULT '{}',
    county_code     text NOT NULL REFERENCES counties,
    plan            text NOT NULL REFERENCES plans,
    source_ref      text NOT NULL,
    geometry_source geometry_source NOT NULL,
    location_note   text,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    geom            geometry(MultiPolygon, 4490) NOT NULL CHECK (ST_IsValid(geom))
);

CREATE TABLE planting_zones (
    id              text PRIMARY KEY,
    name_zh         text NOT NULL,
    name_en         text NOT NULL,
    category        text NOT NULL REFERENCES zone_categories,
    crops_zh        text[] NOT NULL,
    crops_en        text[] NOT NULL CHECK (cardinality(crops_en) = cardinality(crops_zh)),
    county_code     text NOT NULL REFERENCES counties,
    township_zh     text,
    operator_zh     text,
    plan            text NOT NULL REFERENCES plans,
    source_ref      text NOT NULL,
    geometry_source geometry_source NOT NULL,
    location_note   text,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    geom            geometry(MultiPolygon, 4490) NOT NULL CHECK (ST_IsValid(geom))
);

CREATE TABLE industrial_parks (
    id              text PRIMARY KEY,
    name_zh         text NOT NULL,
    name_en         text NOT NULL,
    aliases_zh      text[] NOT NULL DEFAULT '{}',
    level           text CHECK (level IN ('national', 'provincial', 'municipal', 'county')),
    sectors         text[] NOT NULL,
    county_code     text NOT NULL REFERENCES counties,
    plan            text NOT NULL REFERENCES plans,
    source_ref      text NOT NULL,
    geometry_source geometry_source NOT NULL,
    location_note   text,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    geom            geometry(MultiPolygon, 4490) NOT NULL CHECK (ST_IsValid(geom))
);

-- Sectors of a park must be known sectors (an array cannot carry a foreign key).
CREATE FUNCTION known_sectors(codes text[]) RETURNS boolean LANGUAGE sql STABLE AS
$$ SELECT coalesce(bool_and(EXISTS (SELECT 1 FROM sectors s WHERE s.code = c)), true) FROM unnest(codes) AS c $$;
ALTER TABLE industrial_parks ADD CONSTRAINT industrial_parks_sectors_known CHECK (known_sectors(sectors));

CREATE TABLE projects (
    id                text PRIMARY KEY,
    name_zh           text NOT NULL,
    name_en           text NOT NULL,
    sector            text NOT NULL REFERENCES sectors,
    county_code       text REFERENCES counties,
    park_id           text REFERENCES industrial_parks,
    investment_cny    numeric CHECK (investment_cny >= 0),
    summary_zh        text NOT NULL,
    land_area_m2      numeric CHECK (land_area_m2 > 0),
    building_area_m2  numeric CHECK (building_area_m2 > 0),
    status            project_status NOT NULL,
    scope             text NOT NULL CHECK (scope IN ('site', 'programme')),
    plan              text NOT NULL REFERENCES plans,
    source_ref        text NOT NULL UNIQUE,
    geometry_source   geometry_source,
    location_note     text,
    created_at        timestamptz NOT NULL DEFAULT now(),
    updated_at        timestamptz NOT NULL DEFAULT now(),
    -- A programme (a city-wide effort) or a project whose site the plan does not give has no geometry.
    geom              geometry(MultiPolygon, 4490) CHECK (geom IS NULL OR ST_IsValid(geom)),
    CHECK ((geom IS NULL) = (geometry_source IS NULL))
);

CREATE TABLE enterprises (
    id              text PRIMARY KEY,
    name_zh         text NOT NULL,
    name_en         text NOT NULL,
    sector          text NOT NULL REFERENCES sectors,
    products_zh     text,
    county_code     text NOT NULL REFERENCES counties,
    plan            text NOT NULL REFERENCES plans,
    source_ref      text NOT NULL,
    geometry_source geometry_source NOT NULL,
    location_note   text,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    geom            geometry(Point, 4490) NOT NULL
);

CREATE FUNCTION touch_updated_at() RETURNS trigger LANGUAGE plpgsql AS
$$ BEGIN NEW.updated_at := now(); RETURN NEW; END $$;

DO $$
DECLARE layer text;
BEGIN
    FOREACH layer IN ARRAY ARRAY['counties', 'water_bodies', 'rivers', 'borders', 'ecological_areas',
                                 'planting_zones', 'industrial_parks', 'projects', 'enterprises']
    LOOP
        EXECUTE format('CREATE INDEX %I ON %I USING gist (geom)', layer || '_geom_idx', layer);
        EXECUTE format('CREATE TRIGGER %I BEFORE UPDATE ON %I FOR EACH ROW EXECUTE FUNCTION touch_updated_at()',
                       layer || '_touch', layer);
    END LOOP;
END $$;

CREATE INDEX projects_county_idx ON projects (county_code);
CREATE INDEX projects_sector_idx ON projects (sector);
CREATE INDEX planting_zones_county_idx ON planting_zones (county_code);
CREATE INDEX industrial_parks_county_idx ON industrial_parks (county_code);

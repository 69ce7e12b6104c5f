using System.Text.Json;
using Npgsql;
using Spatial.Api.Data;
using Spatial.Api.Http;

namespace Spatial.Api.Features.Counties;

/// <summary>GET /counties/{code}/summary. Zone and ecological areas are the ellipsoidal area of the part inside the county.</summary>
public static class CountySummary
{
    private const string Sql = """
        WITH county AS (SELECT * FROM counties WHERE code = $1),
        zone_parts AS (
            SELECT z.id, z.name_zh, z.category, g.indicative, ST_Area(ST_Intersection(z.geom, c.geom)::geography) AS inside
            FROM planting_zones z JOIN geometry_sources g ON g.code = z.geometry_source JOIN county c ON ST_Intersects(z.geom, c.geom))
        SELECT 'county' AS section, c.code AS key, c.name_zh, c.name_en, NULL::bigint AS n, c.area_m2 AS area_m2,
               NULL::float8 AS indicative_m2, NULL::numeric AS investment, ARRAY[c.city_zh, c.city_en] AS items
        FROM county c
        UNION ALL
        SELECT 'zones', k.code, k.name_zh, k.name_en, count(*), sum(p.inside),
               coalesce(sum(p.inside) FILTER (WHERE p.indicative), 0), NULL, array_agg(p.name_zh ORDER BY p.id)
        FROM zone_parts p JOIN zone_categories k ON k.code = p.category
        WHERE p.inside > 0 GROUP BY k.code, k.name_zh, k.name_en
        UNION ALL
        SELECT 'parks', k.id, k.name_zh, k.name_en, 1, k.area_m2, NULL, NULL, k.sectors
        FROM industrial_parks k WHERE k.county_code = $1
        UNION ALL
        SELECT 'projects', s.code, s.name_zh, s.name_en, count(*), NULL, NULL, sum(p.investment_cny), array_agg(p.id ORDER BY p.id)
        FROM projects p JOIN sectors s ON s.code = p.sector
        WHERE p.county_code = $1 GROUP BY s.code, s.name_zh, s.name_en
        UNION ALL
        SELECT 'ecological_areas', e.id, e.name_zh, e.name_en, 1, ST_Area(ST_Intersection(e.geom, c.geom)::geography), NULL, NULL, ARRAY[e.kind]
        FROM ecological_areas e JOIN county c ON ST_Intersects(e.geom, c.geom)
        ORDER BY 1, 2
        """;

    private sealed record Row(
        string Section, string Key, string NameZh, string NameEn, long? Count, double? AreaM2, double? IndicativeM2, decimal? Investment, string[] Items);

    public static async Task<IResult> Get(string code, HttpContext http, SpatialDatabase database, CancellationToken cancellationToken)
    {
        var dataSource = database.For(http);
        if (CountyRequests.CheckCode(code) is { } badCode) return Problems.BadParameter(badCode);
        if (CountyRequests.Format(http.Request, ["f"], out var format) is { } badFormat) return Problems.BadParameter(badFormat);
        var rows = new List<Row>();
        await using (var command = dataSource.CreateCommand(Sql))
        {
            command.Parameters.Add(new NpgsqlParameter { Value = code });
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
                rows.Add(new Row(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3),
                    reader.IsDBNull(4) ? null : reader.GetInt64(4), reader.IsDBNull(5) ? null : reader.GetDouble(5),
                    reader.IsDBNull(6) ? null : reader.GetDouble(6), reader.IsDBNull(7) ? null : reader.GetDecimal(7),
                    reader.IsDBNull(8) ? [] : reader.GetFieldValue<string[]>(8)));
        }
        var county = rows.FirstOrDefault(r => r.Section == "county");
        if (county is null) return CountyRequests.UnknownCounty(code);
        return format == OutputFormat.Csv ? Csv(county, rows) : Json(county, rows);
    }

    private static CsvResult Csv(Row county, List<Row> rows) => new(
        $"{county.Key}-{county.NameZh}-汇总.csv",
        ["部分 section", "代码 code", "名称 name", "Name", "数量 count", "面积（平方米） area_m2", "面积（公顷） area_ha", "面积（亩） area_mu",
         "其中示意（平方米） indicative_m2", "投资（元） investment_cny", "明细 items"],
        rows.Select(r => (IReadOnlyList<object?>)
        [
            r.Section, r.Key, r.NameZh, r.NameEn, r.Count, .. AreaFigures.Columns(r.AreaM2), r.IndicativeM2, r.Investment, r.Items,
        ]));

    private static JsonDocumentResult Json(Row county, List<Row> rows) => new("application/json", w =>
    {
        w.WriteStartObject();
        w.WriteStartObject("county");
        w.WriteString("code", county.Key);
        w.WriteString("name_zh", county.NameZh);
        w.WriteString("name_en", county.NameEn);
        w.WriteString("city_zh", county.Items[0]);
        AreaFigures.Write(w, "area", county.AreaM2!.Value);
        w.WriteEndObject();

        var zones = rows.Where(r => r.Section == "zones").ToList();
        w.WriteStartArray("planting_zones_by_category");
        foreach (var z in zones)
        {
            w.WriteStartObject();
            WriteNames(w, "category", z);
            w.WriteNumber("zones", z.Count!.Value);
            AreaFigures.Write(w, "area", z.AreaM2!.Value);
            w.WriteNumber("indicative_area_m2", Math.Round(z.IndicativeM2 ?? 0, 2));
            WriteStrings(w, "zone_names_zh", z.Items);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        AreaFigures.Write(w, "planting_zones_total_area", zones.Sum(z => z.AreaM2!.Value));

        var parks = rows.Where(r => r.Section == "parks").ToList();
        w.WriteStartObject("industrial_parks");
        w.WriteNumber("count", parks.Count);
        w.WriteStartArray("items");
        foreach (var p in parks)
        {
            w.WriteStartObject();
            WriteNames(w, "id", p);
            WriteStrings(w, "sectors", p.Items);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();

        var projects = rows.Where(r => r.Section == "projects").ToList();
        w.WriteStartArray("projects_by_sector");
        foreach (var p in projects)
        {
            w.WriteStartObject();
            WriteNames(w, "sector", p);
            w.WriteNumber("projects", p.Count!.Value);
            w.WriteNumber("investment_cny", p.Investment ?? 0);
            WriteStrings(w, "project_ids", p.Items);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteNumber("projects_total", projects.Sum(p => p.Count!.Value));
        w.WriteNumber("investment_total_cny", projects.Sum(p => p.Investment ?? 0));

        w.WriteStartArray("ecological_areas");
        foreach (var e in rows.Where(r => r.Section == "ecological_areas"))
        {
            w.WriteStartObject();
            WriteNames(w, "id", e);
            w.WriteString("kind", e.Items[0]);
            AreaFigures.Write(w, "area_in_county", e.AreaM2!.Value);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    });

    /// <summary>The code, Chinese and English name every row of the summary starts with.</summary>
    private static void WriteNames(Utf8JsonWriter w, string codeName, Row row)
    {
        w.WriteString(codeName, row.Key);
        w.WriteString("name_zh", row.NameZh);
        w.WriteString("name_en", row.NameEn);
    }

    private static void WriteStrings(Utf8JsonWriter w, string name, IEnumerable<string> values)
    {
        w.WriteStartArray(name);
        foreach (var v in values) w.WriteStringValue(v);
        w.WriteEndArray();
    }
}

using System.Text.Json;
using Npgsql;
using Spatial.Api.Data;
using Spatial.Api.Http;

namespace Spatial.Api.Features.Counties;

/// <summary>
/// GET /statistics/zones?group-by=county,category — the cross table for the whole plan area. By county,
/// a zone counts with the part of it inside each county (ellipsoidal); by category alone, whole.
/// </summary>
public static class ZoneStatistics
{
    private const string ByCountyAndCategory = """
        SELECT c.code, c.name_zh, k.code, k.name_zh, count(*), sum(p.inside)
        FROM (SELECT z.id, z.category, c.code AS county, ST_Area(ST_Intersection(z.geom, c.geom)::geography) AS inside
              FROM planting_zones z JOIN counties c ON ST_Intersects(z.geom, c.geom)) p
        JOIN counties c ON c.code = p.county JOIN zone_categories k ON k.code = p.category
        WHERE p.inside > 0
        GROUP BY c.code, c.name_zh, k.code, k.name_zh
        ORDER BY c.code, k.code
        """;

    private const string ByCounty = """
        SELECT c.code, c.name_zh, NULL, NULL, count(*), sum(p.inside)
        FROM (SELECT c.code AS county, ST_Area(ST_Intersection(z.geom, c.geom)::geography) AS inside
              FROM planting_zones z JOIN counties c ON ST_Intersects(z.geom, c.geom)) p
        JOIN counties c ON c.code = p.county
        WHERE p.inside > 0
        GROUP BY c.code, c.name_zh ORDER BY c.code
        """;

    private const string ByCategory = """
        SELECT NULL, NULL, k.code, k.name_zh, count(*), sum(z.area_m2)
        FROM planting_zones z JOIN zone_categories k ON k.code = z.category
        GROUP BY k.code, k.name_zh ORDER BY k.code
        """;

    private static readonly string[] GroupKeys = ["county", "category"];

    private sealed record Cell(string? County, string? CountyZh, string? Category, string? CategoryZh, long Zones, double AreaM2);

    public static async Task<IResult> Get(HttpContext http, SpatialDatabase database, CancellationToken cancellationToken)
    {
        var dataSource = database.For(http);
        if (CountyRequests.Format(http.Request, ["f", "group-by"], out var format) is { } bad) return Problems.BadParameter(bad);
        var groupBy = http.Request.Query["group-by"].ToString() is { Length: > 0 } g ? g : "county,category";
        var keys = groupBy.Split(',', StringSplitOptions.TrimEntries).ToHashSet();
        if (keys.Count == 0 || keys.Any(k => k is not ("county" or "category")))
            return Problems.BadParameter(new ParameterError("group-by", $"'{groupBy}' must be county, category or county,category"));
        var sql = keys.Count == 2 ? ByCountyAndCategory : keys.Contains("county") ? ByCounty : ByCategory;
        var cells = new List<Cell>();
        await using (var command = dataSource.CreateCommand(sql))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
            while (await reader.ReadAsync(cancellationToken))
                cells.Add(new Cell(reader.IsDBNull(0) ? null : reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1),
                    reader.IsDBNull(2) ? null : reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetString(3),
                    reader.GetInt64(4), reader.GetDouble(5)));
        if (format == OutputFormat.Csv)
            return new CsvResult($"种植区统计-{string.Join('-', keys.Order())}.csv",
                ["县代码 county_code", "县（市）区 county", "类别 category", "类别名称", "种植区数 zones", "面积（平方米） area_m2", "面积（公顷） area_ha", "面积（亩） area_mu"],
                cells.Select(c => (IReadOnlyList<object?>)[c.County, c.CountyZh, c.Category, c.CategoryZh, c.Zones, .. AreaFigures.Columns(c.AreaM2)]));
        return new JsonDocumentResult("application/json", w =>
        {
            w.WriteStartObject();
            w.WriteStartArray("group_by");
            foreach (var k in GroupKeys.Where(keys.Contains)) w.WriteStringValue(k);
            w.WriteEndArray();
            w.WriteStartArray("rows");
            foreach (var c in cells)
            {
                w.WriteStartObject();
                if (c.County is not null)
                {
                    w.WriteString("county_code", c.County);
                    w.WriteString("county_name_zh", c.CountyZh);
                }
                if (c.Category is not null)
                {
                    w.WriteString("category", c.Category);
                    w.WriteString("category_zh", c.CategoryZh);
                }
                w.WriteNumber("zones", c.Zones);
                AreaFigures.Write(w, "area", c.AreaM2);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            AreaFigures.Write(w, "total_area", cells.Sum(c => c.AreaM2));
            w.WriteString("note", "Zone outlines are indicative unless geometry_source says otherwise; plan targets are in the plans, not these areas.");
            w.WriteEndObject();
        });
    }
}

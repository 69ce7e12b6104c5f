using System.Text.Json;
using Npgsql;
using Spatial.Api.Data;
using Spatial.Api.Features.Vocabulary;
using Spatial.Api.Http;

namespace Spatial.Api.Features.Counties;

/// <summary>GET /counties/{code}/zones?category=: zones in or overlapping the county, with the part of each inside it.</summary>
public static class CountyZones
{
    private const string Sql = """
        SELECT c.code, c.name_zh, z.id, z.name_zh, z.name_en, z.category, k.name_zh, z.crops_zh, z.county_code,
               z.geometry_source, z.area_m2, ST_Area(ST_Intersection(z.geom, c.geom)::geography)
        FROM counties c
        LEFT JOIN planting_zones z ON ST_Intersects(z.geom, c.geom) AND ($2::text IS NULL OR z.category = $2)
        LEFT JOIN zone_categories k ON k.code = z.category
        WHERE c.code = $1
        ORDER BY z.category, z.id
        """;

    private sealed record Zone(string Id, string NameZh, string NameEn, string Category, string CategoryZh, string[] Crops,
        string StatedCounty, string GeometrySource, double AreaM2, double InsideM2);

    public static async Task<IResult> Get(string code, HttpContext http, SpatialDatabase database, CancellationToken cancellationToken)
    {
        var dataSource = database.For(http);
        if (CountyRequests.CheckCode(code) is { } badCode) return Problems.BadParameter(badCode);
        if (CountyRequests.Format(http.Request, ["f", "category"], out var format) is { } badFormat) return Problems.BadParameter(badFormat);
        var category = http.Request.Query["category"].ToString() is { Length: > 0 } c ? c : null;
        if (await Vocabularies.CheckAsync(dataSource, CodeList.ZoneCategories, "category", category, cancellationToken) is { } badCategory)
            return Problems.BadParameter(badCategory);
        string? countyName = null;
        var zones = new List<Zone>();
        await using (var command = dataSource.CreateCommand(Sql))
        {
            command.Parameters.Add(new NpgsqlParameter { Value = code });
            command.Parameters.Add(new NpgsqlParameter { Value = (object?)category ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                countyName = reader.GetString(1);
                if (reader.IsDBNull(2)) continue;
                var inside = reader.GetDouble(11);
                if (inside <= 0) continue; // touching along a boundary only
                zones.Add(new Zone(reader.GetString(2), reader.GetString(3), reader.GetString(4), reader.GetString(5), reader.GetString(6),
                    reader.GetFieldValue<string[]>(7), reader.GetString(8), reader.GetString(9), reader.GetDouble(10), inside));
            }
        }
        if (countyName is null) return CountyRequests.UnknownCounty(code);
        if (format == OutputFormat.Csv)
            return new CsvResult($"{code}-{countyName}-种植区{(category is null ? "" : "-" + category)}.csv",
                ["编号 id", "名称 name", "Name", "类别 category", "类别名称", "作物 crops", "所属县代码 stated_county", "几何来源 geometry_source",
                 "县内面积（平方米） in_county_m2", "县内面积（公顷） in_county_ha", "县内面积（亩） in_county_mu", "总面积（平方米） total_m2", "县内占比 share"],
                zones.Select(z => (IReadOnlyList<object?>)
                [
                    z.Id, z.NameZh, z.NameEn, z.Category, z.CategoryZh, z.Crops, z.StatedCounty, z.GeometrySource,
                    .. AreaFigures.Columns(z.InsideM2), Math.Round(z.AreaM2, 2), Math.Round(z.InsideM2 / z.AreaM2, 4),
                ]));
        return new JsonDocumentResult("application/json", w =>
        {
            w.WriteStartObject();
            w.WriteString("county_code", code);
            w.WriteString("county_name_zh", countyName);
            if (category is null) w.WriteNull("category");
            else w.WriteString("category", category);
            w.WriteStartArray("zones");
            foreach (var z in zones)
            {
                w.WriteStartObject();
                w.WriteString("id", z.Id);
                w.WriteString("name_zh", z.NameZh);
                w.WriteString("name_en", z.NameEn);
                w.WriteString("category", z.Category);
                w.WriteString("category_zh", z.CategoryZh);
                w.WriteStartArray("crops_zh");
                foreach (var crop in z.Crops) w.WriteStringValue(crop);
                w.WriteEndArray();
                w.WriteString("county_code", z.StatedCounty);
                w.WriteString("geometry_source", z.GeometrySource);
                AreaFigures.Write(w, "area_in_county", z.InsideM2);
                AreaFigures.Write(w, "area", z.AreaM2);
                w.WriteNumber("share_in_county", Math.Round(z.InsideM2 / z.AreaM2, 4));
                w.WriteEndObject();
            }
            w.WriteEndArray();
            AreaFigures.Write(w, "total_in_county", zones.Sum(z => z.InsideM2));
            w.WriteEndObject();
        });
    }
}

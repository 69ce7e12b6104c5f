using System.Text.Json;
using Spatial.Api.Tests.Infrastructure;

namespace Spatial.Api.Tests.Features.Exports;

/// <summary>A feature as GDAL read it from an export file: its attributes and its geometry (GeoJSON, in the file's CRS, x = longitude or easting).</summary>
internal sealed record GdalFeature(JsonElement Properties, string? Geometry, string? FeatureId = null)
{
    /// <summary>The "id" field; GDAL writes a GeoJSON source's string ids back as the features' own "id".</summary>
    public string Id => Properties.TryGetProperty("id", out var id) ? id.GetString()! : FeatureId!;

    public string? Text(string field) => Properties.TryGetProperty(field, out var v) && v.ValueKind != JsonValueKind.Null ? v.ToString() : null;

    /// <summary>An array property, which the files hold as its JSON text and GDAL may read back as JSON (String(JSON)).</summary>
    public List<string> Strings(string field)
    {
        var value = Properties.GetProperty(field);
        var array = value.ValueKind == JsonValueKind.String ? JsonDocument.Parse(value.GetString()!).RootElement : value;
        return array.EnumerateArray().Select(e => e.GetString()!).ToList();
    }

    public double? Number(string field) => Properties.TryGetProperty(field, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetDouble() : null;
}

/// <summary>A folder of the test's own for the files it downloads, removed afterwards.</summary>
internal sealed class Downloads : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("spatial-export-test-").FullName;

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose() => Directory.Delete(Path, recursive: true);
}

/// <summary>Downloads exports and reads them back with GDAL (an independent reader); PostGIS judges the geometries.</summary>
internal static class ExportCalls
{
    public static async Task<(HttpResponseMessage Response, string Path)> DownloadAsync(this HttpClient client, string url, Downloads into, string name)
    {
        var response = await client.GetAsync(new Uri(url, UriKind.RelativeOrAbsolute));
        var path = into.File(name);
        await File.WriteAllBytesAsync(path, await response.Content.ReadAsByteArrayAsync());
        return (response, path);
    }

    /// <summary>Every feature of the file's (one) layer, as GDAL's ogr2ogr writes it to GeoJSON.</summary>
    public static async Task<List<GdalFeature>> ReadWithGdalAsync(string source, params string[] options)
    {
        var json = await ExternalTool.RunAsync("ogr2ogr", ["-f", "GeoJSON", "/vsistdout/", source, .. options]);
        return JsonDocument.Parse(json).RootElement.GetProperty("features").EnumerateArray()
            .Select(f => new GdalFeature(f.GetProperty("properties").Clone(),
                f.GetProperty("geometry").ValueKind == JsonValueKind.Null ? null : f.GetProperty("geometry").GetRawText(),
                f.TryGetProperty("id", out var id) ? id.ToString() : null))
            .ToList();
    }

    /// <summary>ogrinfo's summary of the file: layer names, feature count, SRS, field types.</summary>
    public static Task<string> SummaryAsync(string source) => ExternalTool.RunAsync("ogrinfo", "-ro", "-so", "-al", source);

    /// <summary>
    /// PostGIS's own answer: the largest Hausdorff distance between a feature's geometry in the file and the
    /// stored one transformed by ST_Transform to <paramref name="srid"/>; also how many ids matched a row.
    /// </summary>
    public static async Task<(double Farthest, long Matched)> FarthestFromDatabaseAsync(
        this TestDatabase database, string table, int srid, IEnumerable<GdalFeature> features)
    {
        var withGeometry = features.Where(f => f.Geometry is not null).ToList();
        var rows = await database.RowsAsync($"""
            SELECT max(ST_HausdorffDistance(ST_Transform(t.geom, {srid}), ST_SetSRID(ST_GeomFromGeoJSON(g.json), {srid}))), count(*)
            FROM unnest($1::text[], $2::text[]) AS g(id, json) JOIN {table} t ON t.id = g.id
            """, r => (r.IsDBNull(0) ? double.NaN : r.GetDouble(0), r.GetInt64(1)),
            withGeometry.Select(f => f.Id).ToArray(), withGeometry.Select(f => f.Geometry!).ToArray());
        return rows.Single();
    }

    public static string ContentCrs(this HttpResponseMessage response) =>
        response.Headers.TryGetValues("Content-Crs", out var values) ? values.Single() : "";
}

using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Spatial.Api.Tests.Features.Editing.History;
using Spatial.Api.Tests.Infrastructure;

namespace Spatial.Api.Tests.Features.Editing.Outline;

/// <summary>A project's outline as a land office sends it (a GB18030 界址点 file or GeoJSON), and what the batch check says of each project.</summary>
internal static class OutlineCalls
{
    static OutlineCalls() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    /// <summary>
    /// A land-parcel TXT file in GB18030, as Chinese Windows saves it: the [属性描述] of the example file in the
    /// test data (zone 44), then one parcel whose points are <paramref name="outlineSql"/> (CGCS2000) transformed by
    /// PostGIS to EPSG:4532, X northing and Y easting with its zone prefix, to the millimetre.
    /// </summary>
    public static async Task<byte[]> SurveyedTxtAsync(TestDatabase database, string outlineSql, string parcelNumber, string parcelName)
    {
        var example = await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "Data", "jixi-example.txt"), Encoding.UTF8);
        var header = example[..example.IndexOf("[地块坐标]", StringComparison.Ordinal)];
        Assert.Contains("带号=44", header, StringComparison.Ordinal);
        var points = await database.RowsAsync(
            $"SELECT ST_Y(p.geom), ST_X(p.geom) FROM ST_DumpPoints(ST_ExteriorRing(ST_GeometryN(ST_Transform(({outlineSql}), 4532), 1))) p ORDER BY p.path",
            r => (North: r.GetDouble(0), East: r.GetDouble(1)));
        var text = new StringBuilder(header).Append("[地块坐标]\r\n")
            .Append(CultureInfo.InvariantCulture, $"{points.Count},,{parcelNumber},{parcelName},面,,设施农业用地,,@\r\n");
        for (var i = 0; i < points.Count; i++)
            text.Append(CultureInfo.InvariantCulture, $"J{(i == points.Count - 1 ? 1 : i + 1)},1,{points[i].North:0.000},{points[i].East:0.000}\r\n");
        return Encoding.GetEncoding("GB18030").GetBytes(text.ToString());
    }

    public static ByteArrayContent Txt(byte[] bytes)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue("text/plain") { CharSet = "GB18030" };
        return content;
    }

    public static Task<HttpResponseMessage> PutOutlineAsync(this EditorClient editor, string projectId, HttpContent body, string etag, string? reason = null,
        string query = "") =>
        editor.SendAsync(HttpMethod.Put, $"/collections/projects/items/{projectId}/outline{query}", body, etag, reason);

    /// <summary>Each project's entry of GET /footprint-checks/projects, by id.</summary>
    public static async Task<Dictionary<string, JsonElement>> BatchAsync(this ApiFixture api) =>
        (await api.Client.GetOkJsonAsync("/footprint-checks/projects")).GetProperty("projects").EnumerateArray()
            .ToDictionary(p => p.GetProperty("id").GetString()!);

    /// <summary>A reason as code, severity and the features it names (the words carry each report's own parcel label).</summary>
    public static List<string> Reasons(this JsonElement report) =>
        report.GetProperty("reasons").EnumerateArray()
            .Select(r => $"{r.GetProperty("code").GetString()} {r.GetProperty("severity").GetString()} " +
                         string.Join('+', r.GetProperty("feature_ids").EnumerateArray().Select(i => i.GetString())))
            .Order(StringComparer.Ordinal).ToList();

    public static bool Names(this JsonElement report, string featureId) =>
        report.GetProperty("reasons").EnumerateArray().Any(r => r.GetProperty("feature_ids").EnumerateArray().Any(i => i.GetString() == featureId));
}

using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Spatial.Api.Http.Auth;
using Spatial.Api.Tests.Features.Editing;
using Xunit.Abstractions;

namespace Spatial.Api.Tests.Features.Imports;

/// <summary>
/// Export → import of every format: a layer exported from the source through /items?f=…, sent back through POST
/// …/imports as it came (its media type, and the crs or mapping the export names), into the target emptied of that layer,
/// then compared with the source feature by feature; and imported again over the source as a dry run. What a format
/// loses by nature is in the test's name and in <see cref="Keeps"/>, and nothing else may be lost.
/// </summary>
public sealed class RoundTripTests(RoundTripFixture fixture, ITestOutputHelper output) : IClassFixture<RoundTripFixture>
{
    static RoundTripTests() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    private enum Outline { Bytes, Rings, Centimetre }

    /// <summary>
    /// What a format keeps: its outlines (<paramref name="AsStored"/>: to the 1e-9° an import takes for the stored outline),
    /// its numbers (to a tolerance), its text (a .dbf's 254 bytes in its encoding).
    /// </summary>
    private sealed record Keeps(Outline Outline, bool AsStored, decimal NumberTolerance = 0, Encoding? DbfText = null);

    private sealed record Exported(byte[] Bytes, string MediaType, string Crs);

    private const int DbfTextBytes = 254;

    /// <summary>The fields GDAL gives every entity of a drawing, which no collection has.</summary>
    private static readonly string[] DrawingFields = ["Layer", "EntityHandle", "Text"];

    [Theory]
    [InlineData("projects")]
    [InlineData("planting-zones")]
    public async Task A_geopackage_export_imports_into_an_empty_layer_byte_for_byte_and_over_its_source_as_unchanged(string collection)
    {
        var file = await ExportAsync(collection, "f=gpkg");
        await CreatedAgainAsync(collection, file, "", new Keeps(Outline.Bytes, AsStored: true));
    }

    [Theory]
    [InlineData("projects", "UTF-8")]
    [InlineData("projects", "GBK")]
    [InlineData("planting-zones", "UTF-8")]
    public async Task A_shapefile_export_imports_with_its_fields_csv_as_mapping_losing_only_text_past_254_bytes_digits_past_6_decimals_and_ring_direction(
        string collection, string encoding)
    {
        var file = await ExportAsync(collection, "f=shp&encoding=" + encoding);
        var mapping = JsonSerializer.Serialize(FieldsCsv(file.Bytes).ToDictionary(f => f.Field, f => f.Property));
        var dbf = encoding == "GBK" ? Encoding.GetEncoding(936, EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback) : new UTF8Encoding(false, true);
        await CreatedAgainAsync(collection, file, "mapping=" + Uri.EscapeDataString(mapping), new Keeps(Outline.Rings, AsStored: true, 0.000001m, dbf));
    }

    [Theory]
    [InlineData("projects")]
    [InlineData("planting-zones")]
    public async Task A_kml_export_imports_in_crs84_its_placemark_names_as_name_zh_outlines_within_a_centimetre_and_over_its_source_as_unchanged(string collection)
    {
        var file = await ExportAsync(collection, "f=kml");
        Assert.Equal("<http://www.opengis.net/def/crs/OGC/1.3/CRS84>", file.Crs);
        await CreatedAgainAsync(collection, file, "", new Keeps(Outline.Centimetre, AsStored: true));
    }

    [Theory]
    [InlineData("projects")]
    [InlineData("planting-zones")]
    public async Task A_csv_export_imports_with_its_formula_guards_undone_lists_split_again_and_outlines_within_a_centimetre(string collection)
    {
        var file = await ExportAsync(collection, "f=csv&limit=10000");
        await CreatedAgainAsync(collection, file, "", new Keeps(Outline.Centimetre, AsStored: false));
    }

    [Theory]
    [InlineData("projects")]
    [InlineData("planting-zones")]
    public async Task A_geojson_export_imports_with_every_attribute_and_outlines_within_a_centimetre(string collection)
    {
        var file = await ExportAsync(collection, "f=json&limit=10000");
        await CreatedAgainAsync(collection, file, "", new Keeps(Outline.Centimetre, AsStored: false));
    }

    [Theory]
    [InlineData("projects")]
    [InlineData("planting-zones")]
    public async Task A_dxf_export_in_its_gauss_krueger_zone_holds_only_outlines_and_labels_so_it_updates_the_outlines_and_names_of_the_features_it_came_from(
        string collection)
    {
        var table = FeatureRows.Table(collection);
        var file = await ExportAsync(collection, "f=dxf");
        var crs = file.Crs.Trim('<', '>');
        Assert.Matches("^http://www.opengis.net/def/crs/EPSG/0/45(3[1-3]|5[2-4])$", crs);
        var source = await RoundTripFixture.FeaturesAsync(fixture.Source.Database, table);
        var pristine = await RoundTripFixture.FeaturesAsync(fixture.Target.Database, "pristine_" + table);
        var drawn = source.Values.Count(f => f.Outline is not null);
        await fixture.MoveTargetAsync(table);
        var again = OverItsSourceAsync(collection, file, "crs=" + Uri.EscapeDataString(crs));

        var answer = await ImportAsync(fixture.Target, collection, file, "crs=" + Uri.EscapeDataString(crs));

        Assert.True(answer.Code == 201, answer.ToString());
        Assert.Equal((drawn, drawn, 0, 0), (answer.Count("total"), answer.Count("updated"), answer.Count("created"), answer.Count("rejected")));
        Assert.All(answer.Json.GetProperty("unknown_fields").EnumerateArray(), f => Assert.Contains(f.GetString(), DrawingFields));
        var target = await RoundTripFixture.FeaturesAsync(fixture.Target.Database, table);
        Assert.Equal(source.Keys.Order(StringComparer.Ordinal), target.Keys.Order(StringComparer.Ordinal));
        foreach (var (id, kept) in pristine)
        {
            // Every column but the name is what the target held: a drawing carries no other attribute.
            var expected = JsonSerializer.SerializeToElement(kept.Columns.EnumerateObject().ToDictionary(p => p.Name,
                p => p.Name == "name_zh" && source[id].Outline is not null ? source[id].Columns.GetProperty("name_zh") : p.Value));
            AssertSameColumns(id, expected, target[id].Columns, new Keeps(Outline.Centimetre, AsStored: true));
        }
        await AssertOutlinesAsync(table, source.Values, Outline.Centimetre, "dxf");

        AssertOverItsSource(await again, drawn, unchanged: drawn);
    }

    private async Task<Exported> ExportAsync(string collection, string query)
    {
        using var response = await fixture.Source.Client.GetAsync(new Uri($"/collections/{collection}/items?{query}", UriKind.Relative));
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{query}: {(int)response.StatusCode} {Encoding.UTF8.GetString(bytes[..Math.Min(bytes.Length, 500)])}");
        return new Exported(bytes, response.Content.Headers.ContentType!.MediaType!,
            response.Headers.TryGetValues("Content-Crs", out var crs) ? crs.Single() : "");
    }

    private static Task<Answer> ImportAsync(EditingFixture into, string collection, Exported file, string query) =>
        into.Client.ImportAsync(collection, into.Keys[Role.Admin], file.Bytes, file.MediaType, query);

    /// <summary>The file into the emptied target: every feature created, nothing refused, nothing unknown, the same columns and outlines.</summary>
    private async Task CreatedAgainAsync(string collection, Exported file, string query, Keeps keeps)
    {
        var table = FeatureRows.Table(collection);
        var source = await RoundTripFixture.FeaturesAsync(fixture.Source.Database, table);
        await fixture.EmptyTargetAsync(table);
        var again = OverItsSourceAsync(collection, file, query);

        var answer = await ImportAsync(fixture.Target, collection, file, query);

        Assert.True(answer.Code == 201, answer.ToString());
        Assert.Equal((source.Count, source.Count, 0), (answer.Count("total"), answer.Count("created"), answer.Count("rejected")));
        Assert.Empty(answer.Json.GetProperty("unknown_fields").EnumerateArray());
        var target = await RoundTripFixture.FeaturesAsync(fixture.Target.Database, table);
        Assert.Equal(source.Keys.Order(StringComparer.Ordinal), target.Keys.Order(StringComparer.Ordinal));
        var whole = source.Values.Count(f => AssertSameColumns(f.Id, f.Columns, target[f.Id].Columns, keeps) && (f.Outline is null || keeps.AsStored));
        await AssertOutlinesAsync(table, source.Values, keeps.Outline, answer.Json.GetProperty("format").GetString()!);

        AssertOverItsSource(await again, source.Count, unchanged: whole);
    }

    /// <summary>The same file over the data it was exported from, as a dry run (sent while the target imports it).</summary>
    private Task<Answer> OverItsSourceAsync(string collection, Exported file, string query) =>
        ImportAsync(fixture.Source, collection, file, query.Length == 0 ? "dry_run=true" : query + "&dry_run=true");

    /// <summary>
    /// Every feature matched, none refused, and <paramref name="unchanged"/> of them found as they are stored (the rest
    /// lost something by the format's nature).
    /// </summary>
    private void AssertOverItsSource(Answer again, int features, int unchanged)
    {
        Assert.True(again.Code == 200, again.ToString());
        Assert.Equal((features, 0, 0), (again.Count("total"), again.Count("created"), again.Count("rejected")));
        output.WriteLine($"over its source: {again.Count("unchanged")} unchanged, {again.Count("updated")} updated of {features}");
        Assert.Equal((unchanged, features - unchanged), (again.Count("unchanged"), again.Count("updated")));
    }

    private async Task AssertOutlinesAsync(string table, IEnumerable<StoredFeature> expected, Outline outline, string format)
    {
        var compared = await fixture.CompareOutlinesAsync(table, expected);
        Assert.All(compared, c => Assert.True(c.Found, c.Id));
        var farthest = compared.Max(c => c.Distance ?? 0);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{format} {table}: {compared.Count(c => c.Distance is not null)} outlines, farthest {farthest:0.###e+0} m, {compared.Count(c => c.SameBytes)} byte-equal"));
        Assert.InRange(farthest, 0, 0.01);
        if (outline == Outline.Bytes) Assert.All(compared, c => Assert.True(c.SameBytes, c.Id));
        if (outline == Outline.Rings) Assert.All(compared, c => Assert.True(c.SameRings, c.Id));
    }

    /// <summary>
    /// Every column as stored in the source; a .dbf's text cut at 254 bytes (GBK: a character it lacks as its compatibility
    /// form), its numbers to 6 decimals. True when nothing was lost at all.
    /// </summary>
    private static bool AssertSameColumns(string id, JsonElement expected, JsonElement actual, Keeps keeps)
    {
        var exact = true;
        foreach (var column in expected.EnumerateObject())
        {
            var at = $"{id}.{column.Name}";
            var value = actual.GetProperty(column.Name);
            switch (column.Value.ValueKind)
            {
                case JsonValueKind.Number:
                    Assert.True(value.ValueKind == JsonValueKind.Number, $"{at}: {value}");
                    Assert.True(Math.Abs(column.Value.GetDecimal() - value.GetDecimal()) <= keeps.NumberTolerance, $"{at}: {column.Value} became {value}");
                    exact &= column.Value.GetDecimal() == value.GetDecimal();
                    break;
                case JsonValueKind.String:
                    var text = value.ValueKind == JsonValueKind.String ? value.GetString()! : value.ToString();
                    AssertSameText(at, column.Value.GetString()!, text, keeps.DbfText);
                    exact &= text == column.Value.GetString();
                    break;
                case JsonValueKind.Array:
                    var items = value.EnumerateArray().Select(e => e.GetString()!).ToList();
                    Assert.Equal(column.Value.EnumerateArray().Select(e => InDbf(e.GetString()!, keeps.DbfText)), items);
                    exact &= items.SequenceEqual(column.Value.EnumerateArray().Select(e => e.GetString()!));
                    break;
                default:
                    Assert.True(value.ValueKind == column.Value.ValueKind, $"{at}: {column.Value} became {value}");
                    break;
            }
        }
        return exact;
    }

    private static void AssertSameText(string at, string stored, string imported, Encoding? dbf)
    {
        var expected = InDbf(stored, dbf);
        if (dbf is null || dbf.GetByteCount(expected) <= DbfTextBytes)
        {
            Assert.True(expected == imported, $"{at}: '{expected}' became '{imported}'");
            return;
        }
        Assert.True(expected.StartsWith(imported, StringComparison.Ordinal), $"{at}: '{imported}' is not the start of '{expected}'");
        Assert.InRange(dbf.GetByteCount(imported), DbfTextBytes - 3, DbfTextBytes);
    }

    /// <summary>Text as a .dbf in <paramref name="dbf"/> holds it: a character the encoding lacks as its compatibility form (m² → m2), else '?'.</summary>
    private static string InDbf(string text, Encoding? dbf)
    {
        if (dbf is null) return text;
        var fitted = new StringBuilder();
        foreach (var rune in text.EnumerateRunes())
        {
            var s = rune.ToString();
            fitted.Append(Encodes(dbf, s) ? s : Encodes(dbf, s.Normalize(NormalizationForm.FormKC)) ? s.Normalize(NormalizationForm.FormKC) : "?");
        }
        return fitted.ToString();
    }

    private static bool Encodes(Encoding encoding, string text)
    {
        try
        {
            encoding.GetByteCount(text);
            return true;
        }
        catch (EncoderFallbackException)
        {
            return false;
        }
    }

    /// <summary>fields.csv of a zipped Shapefile: each short field name and the property it holds.</summary>
    private static List<(string Field, string Property)> FieldsCsv(byte[] zip)
    {
        using var archive = new System.IO.Compression.ZipArchive(new MemoryStream(zip));
        using var reader = new StreamReader(archive.GetEntry("fields.csv")!.Open(), Encoding.UTF8);
        return reader.ReadToEnd().TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Skip(1)
            .Select(line => line.Split(',')).Select(cells => (cells[0], cells[1])).ToList();
    }
}

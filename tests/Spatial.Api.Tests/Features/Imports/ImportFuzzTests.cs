// Property-based fuzzing of what an import reads before GDAL: the format sniffer and the mapping parameter.
// No database; SPATIAL_FUZZ_ITERATIONS sets the cases per property (see tests/Spatial.Geo.Tests/Fuzz).
using System.Text;
using System.Text.Json;
using CsCheck;
using Spatial.Api.Features.Imports;
using Spatial.Geo.Tests.Fuzz;

namespace Spatial.Api.Tests.Features.Imports;

public sealed class ImportFuzzTests
{
    private static readonly string[] Properties = ["name_zh", "name_en", "sector", "source_ref", "status"];

    private static readonly Gen<string[]> ZipEntries = Gen.Frequency(
        (2, Gen.OneOfConst("a.shp", "a.dbf", "doc.kml", "[Content_Types].xml", "xl/workbook.xml", "x/../y", "C:\\z", "")),
        (1, Hostile.Text)).Array[0, 6];

    private static readonly Gen<byte[]> Heads = Gen.Frequency(
        (3, Gen.Byte.Array[0, 300]),
        (2, Hostile.Text.Select(t => Encoding.UTF8.GetBytes(t))),
        (1, Gen.Byte.Array[0, 200].Select(b => (byte[])[.. "SQLite format 3\0"u8, .. b])),
        (1, Gen.Byte.Array[0, 200].Select(b => (byte[])[0x50, 0x4B, 0x03, 0x04, .. b])),
        (1, Hostile.Text.Select(t => Encoding.UTF8.GetBytes("{\"type\":" + t))),
        (1, Hostile.Text.Select(t => Encoding.UTF8.GetBytes("0\nSECTION\n" + t))),
        (1, Hostile.Text.Select(t => Spatial.Geo.TextDecoding.Gb18030.GetBytes("[属性描述]\n" + t))));

    [Fact]
    public void Sniffing_any_bytes_gives_a_format_or_none_never_an_exception_and_keeps_the_headers_promise()
    {
        Gen.Select(Heads, Gen.Frequency((3, ZipEntries.Select(e => (string[]?)e)), (1, Gen.Const((string[]?)null)))).Sample((head, entries) =>
        {
            var format = ImportFormats.Sniff(head, entries);
            if (head.AsSpan().StartsWith("SQLite format 3\0"u8)) Assert.Equal(ImportFormat.GeoPackage, format);
            if (head.Length >= 4 && head[0] == 0x50 && head[1] == 0x4B && head[2] == 3 && head[3] == 4)
                Assert.True(format is null or ImportFormat.Shapefile or ImportFormat.Kmz or ImportFormat.Xlsx, $"{format}");
            if (head.AsSpan().StartsWith("{\"type\":"u8)) Assert.Equal(ImportFormat.GeoJson, format);
            if (format is { } f) Assert.Contains(f, ImportFormats.Declared(f.MediaType())!);
        }, iter: Hostile.Iterations(3000), print: t => $"{Convert.ToHexString(t.Item1)} [{string.Join(", ", t.Item2 ?? [])}]");
    }

    [Fact]
    public void Any_mapping_text_gives_a_mapping_or_a_400_naming_mapping_never_an_exception()
    {
        var texts = Gen.Frequency(
            (2, Hostile.Text),
            (2, Gen.Dictionary(Hostile.Text, Gen.OneOfConst([.. Properties, "id", "nope"]))[0, 4]
                .Select(d => JsonSerializer.Serialize(d)).SometimesMutate()));
        texts.Sample(text =>
        {
            var (mapping, error) = ImportParameters.ReadMapping(text, Properties);
            Assert.True((mapping is null) != (error is null), text);
            if (error is not null) Assert.Equal("mapping", error.Parameter);
            else Assert.All(mapping!.Values, target => Assert.True(target == "id" || Properties.Contains(target), target));
        }, iter: Hostile.Iterations(3000), print: Hostile.Show);
    }

    [Fact]
    public void A_well_formed_mapping_of_known_properties_reads_back_as_it_was_written()
    {
        // A field of a file is valid Unicode (its name came through UTF-8); lone surrogates are the JSON parser's to replace.
        var fields = Hostile.Text.Where(f => f.Length is > 0 and <= 200 && !f.Any(char.IsControl) && !f.Any(char.IsSurrogate));
        Gen.Dictionary(fields, Gen.OneOfConst([.. Properties, "id"]))[0, 6].Sample(written =>
        {
            var (mapping, error) = ImportParameters.ReadMapping(JsonSerializer.Serialize(written), Properties);
            Assert.Null(error);
            Assert.Equal(written.OrderBy(p => p.Key, StringComparer.Ordinal), mapping!.OrderBy(p => p.Key, StringComparer.Ordinal));
        }, iter: Hostile.Iterations(2000));
    }
}

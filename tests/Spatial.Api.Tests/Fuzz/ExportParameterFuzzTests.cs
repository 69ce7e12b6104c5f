// Property-based tests of what the exports parse and write without a database: the f/crs/encoding rules of a
// file, the file name of Content-Disposition, and GDAL's messages cleared of paths. SPATIAL_FUZZ_ITERATIONS sets
// the cases per property (see tests/Spatial.Geo.Tests/Fuzz/GeoParserFuzzTests.cs).
using System.Text;
using CsCheck;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;
using Spatial.Api.Features.Collections;
using Spatial.Api.Features.Exports;
using Spatial.Api.Http;
using Spatial.Geo;
using Spatial.Geo.Tests.Fuzz;

namespace Spatial.Api.Tests.Fuzz;

public sealed class ExportParameterFuzzTests
{
    private static readonly Gen<string> Format = Gen.Frequency(
        (4, Gen.OneOfConst("gpkg", "shp", "kml", "dxf")), (1, Gen.OneOfConst("json", "csv", "geojson")), (1, Hostile.Text)).Mutate();

    private static readonly Gen<string?> Crs = Gen.Frequency(
        (1, Gen.Const((string?)null)),
        (4, Gen.OneOfConst(CrsReference.Supported.Select(c => c.Uri).ToArray()).Select(s => (string?)s)),
        (2, Gen.OneOfConst(CrsReference.Supported.Select(c => $"EPSG:{c.Srid}").ToArray()).Mutate().Select(s => (string?)s)),
        (1, Hostile.Text.Select(s => (string?)s)));

    private static readonly Gen<string?> EncodingValue = Gen.Frequency(
        (2, Gen.Const((string?)null)), (3, Gen.OneOfConst("UTF-8", "GBK", "utf-8", "gbk", "Gbk").Mutate().Select(s => (string?)s)),
        (1, Hostile.Text.Select(s => (string?)s)));

    [Fact]
    public void An_export_request_is_refused_naming_a_parameter_that_was_sent_or_holds_a_crs_and_an_encoding_its_file_can_hold()
    {
        var projects = CollectionCatalog.Find("projects")!;
        Gen.Select(Format, Crs, EncodingValue).Sample((f, crs, encoding) =>
        {
            var sent = new Dictionary<string, StringValues> { ["f"] = f };
            if (crs is not null) sent["crs"] = crs;
            if (encoding is not null) sent["encoding"] = encoding;
            var query = new QueryCollection(sent);
            var error = ItemsRequest.TryParse(projects, query, out var items);
            if (error is null && items.Format.IsConverted()) error = ExportRequest.TryParse(items, query, out var export) ?? Holds(export);
            if (error is null) return;
            Assert.True(sent.ContainsKey(error.Parameter), $"'{error.Parameter}' was not sent");
            Assert.False(string.IsNullOrWhiteSpace(error.Reason));
        }, iter: Hostile.Iterations(3000), print: t => $"f={Hostile.Show(t.Item1)} crs={Hostile.Show(t.Item2 ?? "∅")} encoding={Hostile.Show(t.Item3 ?? "∅")}");
    }

    /// <summary>Null when the export is one its file can hold; a failed assertion otherwise.</summary>
    private static ParameterError? Holds(ExportRequest export)
    {
        switch (export.File.Format)
        {
            case OutputFormat.Kml:
                Assert.Equal(CrsReference.Crs84, export.Crs);
                break;
            case OutputFormat.Dxf:
                Assert.True(export.Crs is null || GaussKrugerZone.FromSrid(export.Crs.Srid) is not null, export.Crs?.Uri);
                break;
            default:
                Assert.NotNull(export.Crs);
                break;
        }
        if (export.File.Format != OutputFormat.Shp) Assert.Equal(ShapefileEncoding.Utf8, export.Encoding);
        return null;
    }

    [Fact]
    public void Content_disposition_is_one_ascii_header_line_whose_utf8_name_decodes_to_the_name_given()
    {
        Gen.Frequency((3, Hostile.Text), (1, Gen.OneOfConst("projects.gpkg", "种植区统计-county.csv", "a\"b\\c.kml", "x\r\nSet-Cookie: y")))
            .Sample(name =>
            {
                var header = ContentDisposition.Attachment(name);

                Assert.All(header, c => Assert.InRange(c, ' ', '~'));
                Assert.StartsWith("attachment; filename=\"", header, StringComparison.Ordinal);
                var plain = header["attachment; filename=\"".Length..header.IndexOf("\"; filename*=UTF-8''", StringComparison.Ordinal)];
                Assert.DoesNotContain('"', plain);
                Assert.DoesNotContain('\\', plain);
                var encoded = header[(header.IndexOf("filename*=UTF-8''", StringComparison.Ordinal) + "filename*=UTF-8''".Length)..];
                Assert.DoesNotContain(';', encoded);
                // A lone surrogate has no UTF-8 form: it is sent as U+FFFD, as every UTF-8 encoder does.
                Assert.Equal(Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(name)), Uri.UnescapeDataString(encoded));
            }, iter: Hostile.Iterations(3000), print: Hostile.Show);
    }

    [Fact]
    public void Gdal_messages_reduced_for_a_client_keep_no_path_of_the_export_folder_or_the_server()
    {
        const string Folder = "/tmp/spatial-export-0123456789abcdef";
        var piece = Gen.Frequency(
            (3, Hostile.Text), (2, Gen.OneOfConst("ERROR 1: ", "Warning 6: ", "`", "'", " ", "\n", "<Field/>", "</SrcDataSource>")),
            (2, Gen.OneOfConst(Folder + "/layer.vrt", Folder, Folder + "/shape/projects.shp", "/usr/share/gdal/header.dxf", "/etc/passwd", "/a/b")));
        piece.Array[0, 12].Select(p => string.Concat(p)).Sample(message =>
        {
            var reduced = Ogr2ogr.Reduce(message, Folder);

            Assert.DoesNotContain("spatial-export-0123456789abcdef", reduced, StringComparison.Ordinal);
            Assert.DoesNotContain("/usr/share", reduced, StringComparison.Ordinal);
            Assert.DoesNotContain("/etc/passwd", reduced, StringComparison.Ordinal);
        }, iter: Hostile.Iterations(3000), print: Hostile.Show);
    }

    [Fact]
    public void A_file_name_names_a_format_by_its_ending_or_none()
    {
        Gen.Frequency((2, Gen.OneOfConst(".gpkg", ".shp.zip", ".kml", ".dxf", ".csv", ".geojson", ".json", ".zip", ".shp", ".GPKG")), (1, Hostile.Text))
            .Select(Hostile.Text, (ending, stem) => stem + ending).Sample(name =>
            {
                var format = ExportFormats.ForFileName(name);
                if (format is null) return;
                Assert.True(name.EndsWith(format.Extension, StringComparison.OrdinalIgnoreCase)
                            || (format == ExportFormats.GeoJson && name.EndsWith(".json", StringComparison.OrdinalIgnoreCase)), name);
            }, iter: Hostile.Iterations(2000), print: Hostile.Show);
    }
}

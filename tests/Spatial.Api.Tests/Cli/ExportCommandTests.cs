using System.Globalization;
using System.Text;
using Microsoft.Extensions.Configuration;
using Spatial.Api.Tests.Features.Exports;
using Spatial.Api.Tests.Infrastructure;
using Spatial.Cli;

namespace Spatial.Api.Tests.Cli;

/// <summary><c>spatial export</c>: the export of /items, in process, to a file whose ending names the format.</summary>
[Collection(ApiTests.Name)]
public sealed class ExportCommandTests(ApiFixture api)
{
    private async Task<(int Exit, string Output, string Errors)> ExportAsync(Downloads folder, params string[] args)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Spatial"] = api.Database.ConnectionString,
            ["Spatial:Exports:TempDirectory"] = Directory.CreateDirectory(folder.File("work")).FullName,
        }).Build();
        using var output = new StringWriter(CultureInfo.InvariantCulture);
        using var errors = new StringWriter(CultureInfo.InvariantCulture);
        var exit = await CommandLine.RunAsync(["export", .. args], configuration, output, errors);
        return (exit, output.ToString(), errors.ToString());
    }

    [Theory]
    [InlineData("biomedicine.gpkg", "")]
    [InlineData("biomedicine.shp.zip", "/vsizip/")]
    [InlineData("biomedicine.kml", "")]
    [InlineData("biomedicine.geojson", "")]
    [InlineData("biomedicine.csv", "")]
    public async Task Spatial_export_writes_the_filtered_features_to_a_file_of_the_format_its_ending_names(string name, string vsi)
    {
        using var folder = new Downloads();
        var target = folder.File(name);

        var (exit, output, errors) = await ExportAsync(folder, "projects", target, "--filter", "sector = 'biomedicine'", "--county_code", "230302");

        Assert.True(exit == 0, errors);
        var truth = await api.Database.IdsAsync("SELECT id FROM projects WHERE sector = 'biomedicine' AND county_code = '230302' ORDER BY id");
        Assert.NotEmpty(truth);
        Assert.StartsWith($"{truth.Count} feature(s) of projects written to {target}", output, StringComparison.Ordinal);
        var read = await ExportCalls.ReadWithGdalAsync(vsi + target + (vsi.Length > 0 ? "/projects.shp" : ""));
        Assert.Equal(truth, read.Select(f => f.Id).Order(StringComparer.Ordinal));
        Assert.Empty(Directory.GetFileSystemEntries(folder.File("work")));
    }

    [Fact]
    public async Task A_drawing_by_the_command_line_is_in_the_crs_asked_for_and_its_csv_is_the_apis()
    {
        using var folder = new Downloads();

        var (dxfExit, dxfOutput, _) = await ExportAsync(folder, "counties", folder.File("counties.dxf"), "--crs", "EPSG:4554");
        var (csvExit, _, _) = await ExportAsync(folder, "counties", folder.File("counties.csv"), "--crs", "EPSG:4554");

        Assert.Equal(0, dxfExit);
        Assert.Contains("(DXF (CAD), http://www.opengis.net/def/crs/EPSG/0/4554)", dxfOutput, StringComparison.Ordinal);
        Assert.Equal(0, csvExit);
        var csv = await File.ReadAllBytesAsync(folder.File("counties.csv"));
        using var page = await api.Client.GetAsync(new Uri("/collections/counties/items?f=csv&crs=EPSG:4554", UriKind.Relative));
        Assert.Equal(Encoding.UTF8.GetString(await page.Content.ReadAsByteArrayAsync()), Encoding.UTF8.GetString(csv));
    }

    [Theory]
    [InlineData(new[] { "projects", "out.xlsx" }, "the ending tells the format: .gpkg, .shp.zip, .kml, .dxf, .csv, .geojson")]
    [InlineData(new[] { "roads", "out.gpkg" }, "there is no collection 'roads'")]
    [InlineData(new[] { "projects", "out.kml", "--crs", "EPSG:4532" }, "--crs: KML is always longitude, latitude")]
    [InlineData(new[] { "projects", "out.dxf", "--crs", "EPSG:4326" }, "--crs: a DXF drawing has no CRS of its own")]
    [InlineData(new[] { "projects", "out.shp.zip", "--encoding", "Big5" }, "--encoding: 'Big5' is not offered; use UTF-8 or GBK")]
    [InlineData(new[] { "projects", "out.gpkg", "--filter", "sector = " }, "--filter: ")]
    [InlineData(new[] { "projects", "out.gpkg", "--colour", "red" }, "--colour: unknown parameter")]
    [InlineData(new[] { "projects", "out.gpkg", "--crs" }, "usage:")]
    public async Task A_request_the_api_would_refuse_exits_2_in_the_apis_words_and_writes_nothing(string[] args, string message)
    {
        using var folder = new Downloads();
        var target = folder.File(args[1]);

        var (exit, output, errors) = await ExportAsync(folder, [args[0], target, .. args[2..]]);

        Assert.Equal(2, exit);
        Assert.Empty(output);
        Assert.Contains(message, errors, StringComparison.Ordinal);
        Assert.False(File.Exists(target));
    }
}

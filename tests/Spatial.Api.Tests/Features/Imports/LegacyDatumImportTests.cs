using System.Globalization;
using Spatial.Api.Http.Auth;
using Spatial.Api.Tests.Features.Editing;
using Spatial.Api.Tests.Features.Imports.Coordinates;
using Spatial.Api.Tests.Infrastructure;

namespace Spatial.Api.Tests.Features.Imports;

/// <summary>
/// A 西安1980 Gauss–Krüger Shapefile sent to <c>POST /collections/projects/imports</c>: refused without datum
/// parameters, and with seven of them stored within 1 cm of PROJ's classic <c>+towgs84</c> path (<c>cs2cs</c>).
/// </summary>
public sealed class LegacyDatumImportTests(ImportsFixture fixture) : IClassFixture<ImportsFixture>
{
    private const string Seven = "23.5,-118.2,-45.7,0.85,-1.32,2.47,-3.2";
    private const string XianZone44 = "+proj=tmerc +lat_0=0 +lon_0=132 +k=1 +x_0=44500000 +y_0=0 +ellps=IAU76 +towgs84=" + Seven + " +units=m +no_defs";
    private static readonly string Mapping = "mapping=" + Uri.EscapeDataString("""{"geometry_s":"geometry_source"}""");

    private EditorKey Officer => fixture.Keys[Role.LandOfficer];

    /// <summary>Three squares near (131.0°E, 45.32°N) written by GDAL as 西安1980 3° zone 44 (EPSG:2368, its .prj as GDAL writes it).</summary>
    private static async Task<(List<GeneratedProject> Projects, byte[] Zip)> XianShapefileAsync(string tag)
    {
        var origin = await PlanRuns.Cs2csAsync("+proj=longlat +ellps=GRS80 +towgs84=0,0,0 +no_defs", XianZone44, (ImportFiles.Lon, ImportFiles.Lat));
        var projects = ImportFiles.Projects(tag, 3, origin[0]);
        var shp = await ImportFiles.ConvertAsync(ImportFiles.GeoJson(projects), "ESRI Shapefile", "xian.shp", "-a_srs", "EPSG:2368", "-lco", "ENCODING=UTF-8");
        return (projects, ImportFiles.Zip(shp));
    }

    [Fact]
    public async Task Without_parameters_a_xian_1980_file_is_refused_naming_the_parameters_it_needs_and_nothing_is_written()
    {
        var (projects, zip) = await XianShapefileAsync("xian-none");

        var answer = await fixture.Client.ImportAsync("projects", Officer, zip, "application/zip", Mapping);

        Assert.True(answer.Code == 400, answer.ToString());
        Assert.Contains("seven_parameters", answer.ToString(), StringComparison.Ordinal);
        Assert.Contains("four_parameters", answer.ToString(), StringComparison.Ordinal);
        Assert.Equal(0L, await fixture.Database.ScalarAsync<long>("SELECT count(*) FROM projects WHERE id = ANY($1)", (object)projects.Select(p => p.Id).ToArray()));
    }

    [Fact]
    public async Task With_seven_parameters_a_xian_1980_file_lands_within_a_centimetre_of_proj_towgs84()
    {
        var (projects, zip) = await XianShapefileAsync("xian-seven");

        var answer = await fixture.Client.ImportAsync("projects", Officer, zip, "application/zip",
            $"{Mapping}&seven_parameters={Seven}&rotation_convention=position_vector");

        Assert.True(answer.Code == 201, answer.ToString());
        Assert.Equal(3, answer.Count("created"));
        foreach (var project in projects)
        {
            var expected = await PlanRuns.Cs2csAsync(XianZone44, "+proj=longlat +ellps=GRS80 +towgs84=0,0,0 +no_defs",
                project.Ring.Select(c => (c[0], c[1])).ToArray());
            var wkt = "POLYGON((" + string.Join(",", expected.Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.A:R} {p.B:R}"))) + "))";
            var distance = await fixture.Database.ScalarAsync<double>(
                "SELECT ST_HausdorffDistance(ST_Transform(geom, 4532), ST_Transform(ST_GeomFromText($2, 4490), 4532)) FROM projects WHERE id = $1",
                project.Id, wkt);
            Assert.True(distance < 0.01, $"{project.Id}: {distance:0.0000} m from cs2cs");
        }
    }
}

using System.Globalization;
using System.Text;
using Spatial.Api.Http.Auth;
using Spatial.Api.Tests.Features.Editing;
using Spatial.Api.Tests.Features.Imports.Coordinates;
using Spatial.Api.Tests.Infrastructure;

namespace Spatial.Api.Tests.Features.Imports;

/// <summary>
/// A 西安1980 Gauss–Krüger Shapefile, and a GBK land-parcel TXT whose 坐标系 is 80国家大地坐标系, sent to
/// <c>POST /collections/projects/imports</c>: refused without datum parameters, and with seven of them stored within
/// 1 cm of PROJ's classic <c>+towgs84</c> path (<c>cs2cs</c>).
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
    public async Task Followed_after_a_202_the_refused_import_is_failed_with_the_problem_naming_the_parameter_it_needs()
    {
        var (_, zip) = await XianShapefileAsync("xian-async");

        var accepted = await fixture.Client.AnswerAsync(ImportCalls.Upload("projects", Officer, zip, "application/zip", Mapping, respondAsync: true));
        Assert.True(accepted.Code == 202, accepted.ToString());
        var ended = await fixture.Client.UntilDoneAsync(accepted.Headers.Location!.ToString(), Officer);

        Assert.Equal("failed", ended.Status());
        var problem = ended.Json.GetProperty("problem");
        Assert.Equal((400, "Invalid parameter", "seven_parameters"),
            (problem.GetProperty("status").GetInt32(), problem.GetProperty("title").GetString(), problem.GetProperty("parameter").GetString()));
        Assert.Equal(ended.Json.GetProperty("failure").GetString(), problem.GetProperty("detail").GetString());
        Assert.Contains("four_parameters=dx,dy,rotation,ds", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
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

    /// <summary>
    /// Two parcels of 20 m squares near (131.0°E, 45.32°N) as a surveyor's TXT in 西安1980 3° zone 44 with zone prefix
    /// (X north, Y east, mm), GBK-encoded; the 地块编号 are two projects copied for the test, which the import updates.
    /// </summary>
    private async Task<(List<GeneratedProject> Parcels, byte[] Txt)> XianTxtAsync(string tag)
    {
        var origin = (await PlanRuns.Cs2csAsync("+proj=longlat +ellps=GRS80 +towgs84=0,0,0 +no_defs", XianZone44, (ImportFiles.Lon, ImportFiles.Lat)))[0];
        var parcels = ImportFiles.Projects(tag, 2, (Math.Round(origin.A, 3), Math.Round(origin.B, 3)));
        var text = new StringBuilder("[属性描述]\r\n格式版本号=1.01版本\r\n数据产生单位=鸡西市测绘院\r\n坐标系=80国家大地坐标系\r\n几度分带=3\r\n"
                                     + "投影类型=高斯克吕格\r\n计量单位=米\r\n带号=44\r\n精度=0.001\r\n转换参数=,,,,,,\r\n[地块坐标]\r\n");
        foreach (var parcel in parcels)
        {
            await fixture.Database.CopyAsync("projects", parcel.Id);
            text.Append(CultureInfo.InvariantCulture, $"{parcel.Ring.Length},0.0400,{parcel.Id},{parcel.Name},面,,物流仓储用地,,@\r\n");
            for (var i = 0; i < parcel.Ring.Length; i++)
                text.Append(CultureInfo.InvariantCulture, $"J{(i == parcel.Ring.Length - 1 ? 1 : i + 1)},1,{parcel.Ring[i][1]:0.000},{parcel.Ring[i][0]:0.000}\r\n");
        }
        return (parcels, Spatial.Geo.TextDecoding.Gb18030.GetBytes(text.ToString()));
    }

    private static readonly string TxtMapping = "mapping=" + Uri.EscapeDataString("""{"地块编号":"id","地块名称":"name_zh"}""");

    [Fact]
    public async Task Without_parameters_a_xian_1980_land_parcel_txt_is_refused_naming_the_parameters_and_its_parcels_keep_their_outlines()
    {
        var (parcels, txt) = await XianTxtAsync("xian-txt-none");
        var before = await fixture.Database.ScalarAsync<string>("SELECT ST_AsEWKT(geom) FROM projects WHERE id = $1", parcels[0].Id);

        var answer = await fixture.Client.ImportAsync("projects", Officer, txt, "text/plain", TxtMapping);

        Assert.True(answer.Code == 400, answer.ToString());
        Assert.Equal("seven_parameters", answer.Json.GetProperty("parameter").GetString());
        var detail = answer.Json.GetProperty("detail").GetString()!;
        Assert.Contains("EPSG:2368 (西安1980 (Xian 1980), 3° Gauss–Krüger zone 44)", detail, StringComparison.Ordinal);
        Assert.Contains("rotation_convention=position_vector|coordinate_frame", detail, StringComparison.Ordinal);
        Assert.Contains("four_parameters=dx,dy,rotation,ds", detail, StringComparison.Ordinal);
        Assert.Equal(before, await fixture.Database.ScalarAsync<string>("SELECT ST_AsEWKT(geom) FROM projects WHERE id = $1", parcels[0].Id));
        Assert.NotEqual(parcels[0].Name, await fixture.Database.TextAsync("projects", parcels[0].Id, "name_zh"));
    }

    [Fact]
    public async Task With_seven_parameters_a_gbk_xian_1980_land_parcel_txt_lands_within_a_centimetre_of_proj_towgs84()
    {
        var (parcels, txt) = await XianTxtAsync("xian-txt-seven");

        var answer = await fixture.Client.ImportAsync("projects", Officer, txt, "text/plain",
            $"{TxtMapping}&seven_parameters={Seven}&rotation_convention=position_vector");

        Assert.True(answer.Code == 201, answer.ToString());
        Assert.Equal((2, "GBK"), (answer.Count("updated"), answer.Json.GetProperty("encoding").GetProperty("used").GetString()));
        var crs = answer.Json.GetProperty("crs");
        Assert.Equal(("EPSG:2368", "the TXT header", "seven_parameters"),
            (crs.GetProperty("source_crs").GetString(), crs.GetProperty("declared_by").GetString(), crs.GetProperty("transformation").GetString()));
        foreach (var parcel in parcels)
        {
            Assert.Equal(parcel.Name, await fixture.Database.TextAsync("projects", parcel.Id, "name_zh"));
            var expected = await PlanRuns.Cs2csAsync(XianZone44, "+proj=longlat +ellps=GRS80 +towgs84=0,0,0 +no_defs",
                parcel.Ring.Select(c => (c[0], c[1])).ToArray());
            var wkt = "POLYGON((" + string.Join(",", expected.Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.A:R} {p.B:R}"))) + "))";
            var distance = await fixture.Database.ScalarAsync<double>(
                "SELECT ST_HausdorffDistance(ST_Transform(geom, 4532), ST_Transform(ST_GeomFromText($2, 4490), 4532)) FROM projects WHERE id = $1",
                parcel.Id, wkt);
            Assert.True(distance < 0.01, $"{parcel.Id}: {distance:0.0000} m from cs2cs");
        }
    }
}

using System.Globalization;
using System.Text;
using Spatial.Api.Http.Auth;
using Spatial.Api.Tests.Features.Editing;
using Spatial.Api.Tests.Infrastructure;

namespace Spatial.Api.Tests.Features.Imports;

/// <summary>Text formats: the land-parcel TXT (ours), CSV with lon/lat or Gauss–Krüger X/Y (GDAL's).</summary>
public sealed class TextImportTests(ImportsFixture fixture) : IClassFixture<ImportsFixture>
{
    private EditorKey Officer => fixture.Keys[Role.LandOfficer];

    private static string Example => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Data", "jixi-example.txt"));

    [Fact]
    public async Task A_gb18030_land_parcel_txt_with_two_parcels_updates_the_two_projects_its_parcel_numbers_name()
    {
        await fixture.Database.CopyAsync("projects", "JX2025-001-1");
        await fixture.Database.CopyAsync("projects", "JX2025-001-2");
        var file = Spatial.Geo.TextDecoding.Gb18030.GetBytes(Example);
        var mapping = "mapping=" + Uri.EscapeDataString("""{"地块编号":"id"}""");

        var answer = await fixture.Client.ImportAsync("projects", Officer, file, "text/plain", mapping);

        Assert.True(answer.Code == 201, answer.ToString());
        Assert.Equal("txt", answer.Json.GetProperty("format").GetString());
        Assert.Equal((2, 2), (answer.Count("total"), answer.Count("updated")));
        Assert.Equal(["JX2025-001-1", "JX2025-001-2"], answer.Features().Select(f => f.GetProperty("id").GetString()));
        Assert.Equal("EPSG:4532", answer.Json.GetProperty("crs").GetProperty("source").GetString());
        // Parcel 1: ring 1 with ring 2 as its hole, from the file's own numbers (X north, Y east), transformed by PostGIS.
        var expected = "POLYGON((44418968.214 5018412.356,44419186.530 5018415.902,44419240.118 5018301.447,44419233.675 5018196.083," +
                       "44419021.392 5018190.561,44418962.805 5018288.730,44418968.214 5018412.356)," +
                       "(44419080.450 5018330.120,44419120.730 5018331.640,44419122.050 5018296.210,44419081.660 5018294.880,44419080.450 5018330.120))";
        var distance = await fixture.Database.ScalarAsync<double>(
            "SELECT ST_HausdorffDistance(ST_Transform(geom, 4532), ST_GeomFromText($2, 4532)) FROM projects WHERE id = $1", "JX2025-001-1", expected);
        Assert.InRange(distance, 0, 0.001);
        Assert.Equal(1, await fixture.Database.ScalarAsync<int>("SELECT ST_NumInteriorRings(ST_GeometryN(geom, 1)) FROM projects WHERE id = $1", "JX2025-001-1"));
    }

    [Fact]
    public async Task A_csv_with_lon_lat_columns_in_chinese_becomes_points_where_it_says()
    {
        var csv = "id,name_zh,name_en,sector,plan,source_ref,geometry_source,经度,纬度\r\n" +
                  "csv-ll-1,甲企业,Firm A,bio_energy,jixi-2022,导入测试 csv-ll 1,surveyed,131.0012345,45.3201234\r\n" +
                  "csv-ll-2,乙企业,Firm B,biomedicine,jixi-2022,导入测试 csv-ll 2,surveyed,131.0023456,45.3212345\r\n";

        var answer = await fixture.Client.ImportAsync("enterprises", Officer, Encoding.UTF8.GetBytes(csv), "text/csv");

        Assert.True(answer.Code == 201, answer.ToString());
        Assert.Equal(2, answer.Count("created"));
        var point = (await fixture.Database.RowsAsync("SELECT ST_X(geom), ST_Y(geom) FROM enterprises WHERE id = 'csv-ll-2'", r => (r.GetDouble(0), r.GetDouble(1)))).Single();
        Assert.Equal(131.0023456, point.Item1, 9);
        Assert.Equal(45.3212345, point.Item2, 9);
        Assert.Equal("乙企业", await fixture.Database.TextAsync("enterprises", "csv-ll-2", "name_zh"));
        Assert.NotNull(await fixture.Database.TextAsync("enterprises", "csv-ll-2", "county_code"));
    }

    [Fact]
    public async Task A_gbk_csv_with_gauss_krueger_x_north_and_y_east_lands_where_postgis_puts_those_coordinates()
    {
        var (east, north) = (await fixture.Database.RowsAsync(
            $"SELECT ST_X(p), ST_Y(p) FROM ST_Transform(ST_SetSRID(ST_MakePoint({ImportFiles.Lon}, {ImportFiles.Lat}), 4490), 4532) p", r => (r.GetDouble(0), r.GetDouble(1)))).Single();
        var (x, y) = (Math.Round(north, 3) + 12.345, Math.Round(east, 3) + 67.891);
        var csv = "id,name_zh,name_en,sector,plan,source_ref,geometry_source,X,Y\r\n" +
                  string.Create(CultureInfo.InvariantCulture, $"csv-gk-1,丙企业,Firm C,bio_energy,jixi-2022,导入测试 csv-gk 1,surveyed,{x:0.000},{y:0.000}\r\n");

        var answer = await fixture.Client.ImportAsync("enterprises", Officer, Spatial.Geo.TextDecoding.Gb18030.GetBytes(csv), "text/csv", "crs=4532");

        Assert.True(answer.Code == 201, answer.ToString());
        Assert.Equal("GBK", answer.Json.GetProperty("encoding").GetProperty("used").GetString());
        Assert.Equal("丙企业", await fixture.Database.TextAsync("enterprises", "csv-gk-1", "name_zh"));
        var distance = await fixture.Database.ScalarAsync<double>(
            "SELECT ST_Distance(ST_Transform(geom, 4532), ST_SetSRID(ST_MakePoint($2, $3), 4532)) FROM enterprises WHERE id = $1", "csv-gk-1", y, x);
        Assert.InRange(distance, 0, 0.001);
    }

    [Fact]
    public async Task A_csv_row_with_an_unknown_sector_and_a_number_that_is_not_one_is_refused_with_both_reasons()
    {
        var csv = "id,name_zh,name_en,sector,plan,source_ref,geometry_source,lon,lat\r\n" +
                  "csv-bad-1,丁企业,Firm D,space_mining,jixi-2022,导入测试 csv-bad 1,surveyed,131.001,abc\r\n";

        var answer = await fixture.Client.ImportAsync("enterprises", Officer, Encoding.UTF8.GetBytes(csv), "text/csv", "dry_run=true");

        Assert.True(answer.Code == 422, answer.ToString());
        var reasons = answer.Features()[0].GetProperty("reasons").EnumerateArray().Select(r => r.GetProperty("code").GetString()).ToList();
        Assert.Contains("unknown_code", reasons);
        Assert.Contains("geometry_missing", reasons);
    }
}

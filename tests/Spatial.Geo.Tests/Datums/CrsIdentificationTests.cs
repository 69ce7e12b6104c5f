using System.Text.RegularExpressions;

namespace Spatial.Geo.Tests.Datums;

/// <summary>
/// Which CRS a file declares. The .prj files in Data/prj are ArcGIS's ESRI WKT (as GDAL writes them with
/// <c>gdalsrsinfo -o wkt_esri</c>: no codes, <c>Gauss_Kruger</c>, <c>Krasovsky_1940</c>); the expected codes are
/// the EPSG registry's (<c>projinfo EPSG:n</c>), not derived from the code under test.
/// </summary>
public sealed partial class CrsIdentificationTests
{
    private static string Prj(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Data", "prj", name + ".prj"));

    private static SourceCrs Identified(string wkt)
    {
        var crs = CrsIdentification.FromWkt(wkt, out var reason);
        Assert.True(crs is not null, reason);
        Assert.Null(reason);
        return crs;
    }

    private static string Refused(string wkt)
    {
        var crs = CrsIdentification.FromWkt(wkt, out var reason);
        Assert.Null(crs);
        Assert.False(string.IsNullOrWhiteSpace(reason));
        return reason!;
    }

    [Theory]
    [InlineData("Xian_1980_3_Degree_GK_CM_132E", 2389, GeodeticDatum.Xian1980)]
    [InlineData("Xian_1980_3_Degree_GK_Zone_44", 2368, GeodeticDatum.Xian1980)]
    [InlineData("Xian_1980_3_Degree_GK_CM_135E", 2390, GeodeticDatum.Xian1980)]
    [InlineData("Xian_1980_GK_CM_135E", 2348, GeodeticDatum.Xian1980)]
    [InlineData("Beijing_1954_3_Degree_GK_Zone_44", 2420, GeodeticDatum.Beijing1954)]
    [InlineData("Beijing_1954_3_Degree_GK_CM_132E", 2441, GeodeticDatum.Beijing1954)]
    [InlineData("Beijing_1954_GK_Zone_23", 21423, GeodeticDatum.Beijing1954)]
    [InlineData("Beijing_1954_Gauss_Kruger_CM_135E", 21463, GeodeticDatum.Beijing1954)]
    [InlineData("CGCS2000_3_Degree_GK_CM_132E", 4553, GeodeticDatum.Cgcs2000)]
    [InlineData("CGCS2000_3_Degree_GK_Zone_44", 4532, GeodeticDatum.Cgcs2000)]
    [InlineData("CGCS2000_GK_CM_135E", 4512, GeodeticDatum.Cgcs2000)]
    [InlineData("GCS_Xian_1980", 4610, GeodeticDatum.Xian1980)]
    [InlineData("GCS_Beijing_1954", 4214, GeodeticDatum.Beijing1954)]
    [InlineData("GCS_China_Geodetic_Coordinate_System_2000", 4490, GeodeticDatum.Cgcs2000)]
    [InlineData("GCS_WGS_1984", 4326, GeodeticDatum.Wgs84)]
    public void An_arcgis_prj_without_codes_is_its_epsg_crs(string prj, int epsg, GeodeticDatum datum)
    {
        var crs = Identified(Prj(prj));

        Assert.Equal(epsg, crs.Srid);
        Assert.Equal(datum, crs.Datum);
    }

    [Fact]
    public void The_3_degree_and_6_degree_planes_at_135E_project_alike_and_only_the_name_tells_their_codes_apart()
    {
        var three = Identified(Prj("Xian_1980_3_Degree_GK_CM_135E"));
        var six = Identified(Prj("Xian_1980_GK_CM_135E"));

        Assert.Equal(three.ProjString(), six.ProjString());
        Assert.NotEqual(three.Srid, six.Srid);
    }

    [Fact]
    public void A_domestic_gis_prj_naming_the_ellipsoid_IAG_1975_and_the_projection_transverse_mercator_is_xian_1980_zone_44()
    {
        const string wkt = """PROJCS["Xian80_GK_Zone_44",GEOGCS["GCS_Xian80",DATUM["D_Xian80",SPHEROID["IAG_1975",6378140,298.257]],PRIMEM["Greenwich",0],UNIT["Degree",0.017453292519943295]],PROJECTION["Transverse_Mercator"],PARAMETER["False_Easting",44500000],PARAMETER["False_Northing",0],PARAMETER["Central_Meridian",132],PARAMETER["Scale_Factor",1],PARAMETER["Latitude_Of_Origin",0],UNIT["Meter",1]]""";

        Assert.Equal(2368, Identified(wkt).Srid);
    }

    [Fact]
    public void A_prj_named_for_no_datum_is_identified_by_its_krasovsky_ellipsoid()
    {
        const string wkt = """PROJCS["GK_132",GEOGCS["GCS_Unknown",DATUM["D_Unknown",SPHEROID["Krassowsky_1940",6378245.0,298.3]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Gauss_Kruger"],PARAMETER["False_Easting",500000.0],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",132.0],PARAMETER["Scale_Factor",1.0],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]""";

        var crs = Identified(wkt);

        Assert.Equal(GeodeticDatum.Beijing1954, crs.Datum);
        Assert.Equal(2441, crs.Srid);
    }

    [Fact]
    public void Gdal_wkt1_with_its_authority_is_the_authority_code_and_without_it_the_same_crs()
    {
        const string wkt = """PROJCS["Xian 1980 / 3-degree Gauss-Kruger zone 44",GEOGCS["Xian 1980",DATUM["Xian_1980",SPHEROID["IAG 1975",6378140,298.257,AUTHORITY["EPSG","7049"]],AUTHORITY["EPSG","6610"]],PRIMEM["Greenwich",0,AUTHORITY["EPSG","8901"]],UNIT["degree",0.0174532925199433,AUTHORITY["EPSG","9122"]],AUTHORITY["EPSG","4610"]],PROJECTION["Transverse_Mercator"],PARAMETER["latitude_of_origin",0],PARAMETER["central_meridian",132],PARAMETER["scale_factor",1],PARAMETER["false_easting",44500000],PARAMETER["false_northing",0],UNIT["metre",1,AUTHORITY["EPSG","9001"]],AXIS["Northing",NORTH],AXIS["Easting",EAST],AUTHORITY["EPSG","2368"]]""";

        Assert.Equal(2368, Identified(wkt).Srid);
        Assert.Equal(2368, Identified(Authorities().Replace(wkt, "")).Srid);
    }

    [Fact]
    public void Wkt2_as_projinfo_writes_it_is_read_with_and_without_ids()
    {
        const string wkt = """PROJCRS["Xian 1980 / 3-degree Gauss-Kruger CM 132E",BASEGEOGCRS["Xian 1980",DATUM["Xian 1980",ELLIPSOID["IAG 1975",6378140,298.257,LENGTHUNIT["metre",1]]],PRIMEM["Greenwich",0,ANGLEUNIT["degree",0.0174532925199433]],ID["EPSG",4610]],CONVERSION["3-degree Gauss-Kruger CM 132E",METHOD["Transverse Mercator",ID["EPSG",9807]],PARAMETER["Latitude of natural origin",0,ANGLEUNIT["degree",0.0174532925199433],ID["EPSG",8801]],PARAMETER["Longitude of natural origin",132,ANGLEUNIT["degree",0.0174532925199433],ID["EPSG",8802]],PARAMETER["Scale factor at natural origin",1,SCALEUNIT["unity",1],ID["EPSG",8805]],PARAMETER["False easting",500000,LENGTHUNIT["metre",1],ID["EPSG",8806]],PARAMETER["False northing",0,LENGTHUNIT["metre",1],ID["EPSG",8807]]],CS[Cartesian,2],AXIS["northing (X)",north,ORDER[1],LENGTHUNIT["metre",1]],AXIS["easting (Y)",east,ORDER[2],LENGTHUNIT["metre",1]],USAGE[SCOPE["Cadastre, engineering survey, topographic mapping (large scale)."],AREA["China - between 130°30'E and 133°30'E."],BBOX[42.42,130.5,48.88,133.5]],ID["EPSG",2389]]""";

        Assert.Equal(2389, Identified(wkt).Srid);
        Assert.Equal(2389, Identified(Ids().Replace(wkt, "")).Srid);
    }

    [Fact]
    public void Utm_is_refused_because_its_scale_factor_is_not_gauss_krugers()
    {
        const string wkt = """PROJCS["WGS_1984_UTM_Zone_52N",GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Transverse_Mercator"],PARAMETER["False_Easting",500000.0],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",129.0],PARAMETER["Scale_Factor",0.9996],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]""";

        Assert.Contains("scale factor 0.9996", Refused(wkt), StringComparison.Ordinal);
    }

    [Fact]
    public void An_epsg_authority_outside_the_supported_series_is_refused_with_its_code()
    {
        Assert.Contains("EPSG:32652", Refused("""PROJCS["WGS 84 / UTM zone 52N",GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563]]],PROJECTION["Transverse_Mercator"],AUTHORITY["EPSG","32652"]]"""), StringComparison.Ordinal);
    }

    [Fact]
    public void A_datum_named_xian_on_the_krasovsky_ellipsoid_is_refused_rather_than_guessed()
    {
        var reason = Refused(Prj("Xian_1980_3_Degree_GK_CM_132E").Replace("""SPHEROID["Xian_1980",6378140.0,298.257]""", """SPHEROID["Krasovsky_1940",6378245.0,298.3]""", StringComparison.Ordinal));

        Assert.Contains("D_Xian_1980", reason, StringComparison.Ordinal);
        Assert.Contains("Krasovsky_1940", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void New_beijing_is_refused_though_it_lies_on_the_krasovsky_ellipsoid()
    {
        Refused(Prj("GCS_Beijing_1954").Replace("Beijing_1954", "New_Beijing", StringComparison.Ordinal));
    }

    [Fact]
    public void Grs80_named_for_another_datum_is_not_taken_for_cgcs2000()
    {
        Assert.Contains("not named CGCS2000", Refused("""GEOGCS["GCS_North_American_1983",DATUM["D_North_American_1983",SPHEROID["GRS_1980",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]"""), StringComparison.Ordinal);
    }

    [Fact]
    public void A_local_central_meridian_off_the_zone_series_is_refused_naming_it()
    {
        Assert.Contains("central meridian 131.5", Refused(Prj("Xian_1980_3_Degree_GK_CM_132E").Replace("132.0", "131.5", StringComparison.Ordinal)), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("Xian_1980")]
    [InlineData("PROJCS[\"x\"")]
    [InlineData("GEOGCS[\"GCS_Xian_1980\"]]")]
    public void What_is_not_wkt_is_refused(string text) => Refused(text);

    [Theory]
    [InlineData("80国家大地坐标系", "3", 44, true, 2368)]
    [InlineData("1980西安坐标系", "", 44, false, 2389)]
    [InlineData("54北京坐标系", "3", 44, true, 2420)]
    [InlineData("54北京坐标系", "6", 22, false, 21462)]
    [InlineData("2000国家大地坐标系", "3", 44, true, 4532)]
    public void A_land_parcel_header_names_the_datum_and_the_zone_gives_the_plane(string system, string width, int zone, bool prefixed, int epsg)
    {
        var header = new Dictionary<string, string> { ["坐标系"] = system, ["几度分带"] = width };

        var crs = CrsIdentification.FromTxtHeader(header, zone, prefixed, out var reason);

        Assert.True(crs is not null, reason);
        Assert.Equal(epsg, crs.Srid);
    }

    [Fact]
    public void A_land_parcel_header_in_a_local_system_is_refused_naming_it()
    {
        var header = new Dictionary<string, string> { ["坐标系"] = "鸡西地方坐标系" };

        Assert.Null(CrsIdentification.FromTxtHeader(header, 44, true, out var reason));
        Assert.Contains("鸡西地方坐标系", reason, StringComparison.Ordinal);
    }

    [GeneratedRegex(@",AUTHORITY\[""EPSG"",""\d+""\]")]
    private static partial Regex Authorities();

    [GeneratedRegex(@",ID\[""EPSG"",\d+\]")]
    private static partial Regex Ids();
}

using System.Net;
using System.Text.Json;
using Spatial.Api.Tests.Infrastructure;

namespace Spatial.Api.Tests.Features.Exports;

/// <summary>What an export refuses, each as a 400 problem that names the parameter and says why — and what it takes.</summary>
[Collection(ApiTests.Name)]
public sealed class ExportRequestTests(ApiFixture api)
{
    [Theory]
    [InlineData("f=GPKG", "f", "'GPKG' is not offered; use json, geojson, csv, html, gpkg, shp, kml or dxf")]
    [InlineData("f=gpkg%3Brm%20-rf%20%2F", "f", "'gpkg;rm -rf /' is not offered")]
    [InlineData("f=shp%00", "f", "is not offered")]
    [InlineData("f=gpkg&crs=EPSG:99999", "crs", "'EPSG:99999' is not a supported CRS")]
    [InlineData("f=shp&crs=..%2F..%2Fetc%2Fpasswd", "crs", "'../../etc/passwd' is not a supported CRS")]
    [InlineData("f=gpkg&crs=EPSG:4532%20-f%20PDF", "crs", "is not a supported CRS")]
    [InlineData("f=shp&encoding=ISO-8859-1", "encoding", "'ISO-8859-1' is not offered; use UTF-8 or GBK")]
    [InlineData("f=shp&encoding=UTF-8%0D%0AX-Injected:%201", "encoding", "is not offered; use UTF-8 or GBK")]
    [InlineData("f=shp&encoding=LDID%2F122", "encoding", "'LDID/122' is not offered")]
    [InlineData("f=gpkg&encoding=GBK", "encoding", "only f=shp takes an encoding (of its .dbf); f=gpkg is always Unicode")]
    [InlineData("encoding=GBK", "encoding", "only f=shp takes an encoding")]
    [InlineData("f=kml&crs=EPSG:4532", "crs", "KML is always longitude, latitude in http://www.opengis.net/def/crs/OGC/1.3/CRS84")]
    [InlineData("f=dxf&crs=EPSG:4490", "crs", "a DXF drawing has no CRS of its own and CAD measures its coordinates as metres")]
    [InlineData("f=dxf&crs=http://www.opengis.net/def/crs/OGC/1.3/CRS84", "crs", "Use a Gauss–Krüger zone (EPSG:4531, EPSG:4532, EPSG:4533, EPSG:4552, EPSG:4553, EPSG:4554)")]
    [InlineData("f=dxf&crs=EPSG:3857", "crs", "is not a Gauss–Krüger zone")]
    [InlineData("f=gpkg&filter=nope%3D1", "filter", "nope")]
    [InlineData("f=gpkg&bbox=1,2,3", "bbox", "needs 4 numbers")]
    public async Task A_hostile_or_mixed_export_request_is_a_400_problem_naming_the_parameter(string query, string parameter, string reason)
    {
        using var response = await api.Client.GetAsync(new Uri("/collections/projects/items?" + query, UriKind.Relative));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.False(response.Content.Headers.Contains("Content-Disposition"));
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(parameter, problem.GetProperty("parameter").GetString());
        Assert.Contains(reason, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("f=shp&encoding=gbk", "application/zip")]
    [InlineData("f=kml&crs=http://www.opengis.net/def/crs/OGC/1.3/CRS84", "application/vnd.google-earth.kml+xml")]
    [InlineData("f=dxf&crs=EPSG:4554", "image/vnd.dxf")]
    public async Task What_a_format_can_hold_is_taken(string query, string type)
    {
        using var response = await api.Client.GetAsync(new Uri("/collections/counties/items?" + query, UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(type, response.Content.Headers.ContentType?.MediaType);
    }
}

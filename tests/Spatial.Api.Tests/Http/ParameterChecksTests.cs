using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Spatial.Api.Http;
using Spatial.Api.Tests.Infrastructure;
using Spatial.Geo;

namespace Spatial.Api.Tests.Http;

/// <summary>
/// The request toolkit: each check's refusal on its own, then the same bad parameter sent to every endpoint
/// that takes it, refused in the same words by all of them.
/// </summary>
[Collection(ApiTests.Name)]
public sealed class ParameterChecksTests(ApiFixture api)
{
    private static QueryCollection Query(string query) => new(QueryHelpers.ParseQuery(query));

    private static readonly string SupportedCrs = string.Join(", ", CrsReference.Supported.Select(c => c.Uri));

    [Theory]
    [InlineData("?f=xml", "'xml' is not offered; use json or csv")]
    [InlineData("?f=JSON", "'JSON' is not offered; use json or csv")]
    [InlineData("?f=html", "'html' is not offered; use json or csv")]
    public void F_outside_the_offered_formats_names_them(string query, string reason)
    {
        var error = ParameterChecks.Format(Query(query), [OutputFormat.Json, OutputFormat.Csv], out _);

        Assert.Equal(new ParameterError("f", reason), error);
    }

    [Theory]
    [InlineData("", OutputFormat.Json)]
    [InlineData("?f=", OutputFormat.Json)]
    [InlineData("?f=json", OutputFormat.Json)]
    [InlineData("?f=geojson", OutputFormat.GeoJson)]
    [InlineData("?f=csv", OutputFormat.Csv)]
    public void F_absent_or_empty_is_the_first_format_offered_otherwise_the_one_named(string query, OutputFormat expected)
    {
        Assert.Null(ParameterChecks.Format(Query(query), [OutputFormat.Json, OutputFormat.GeoJson, OutputFormat.Csv], out var format));
        Assert.Equal(expected, format);
    }

    [Fact]
    public void An_unknown_parameter_is_named_with_what_the_resource_takes()
    {
        Assert.Equal(new ParameterError("colour", "unknown parameter; this resource takes crs, f"),
            ParameterChecks.OnlyKnown(Query("?crs=4326&colour=red"), ["crs", "f"]));
        Assert.Null(ParameterChecks.OnlyKnown(Query("?crs=4326&f=json"), ["crs", "f"]));
    }

    [Fact]
    public void A_crs_is_parsed_or_refused_with_the_list_of_supported_ones_and_absent_is_crs84()
    {
        Assert.Equal(new ParameterError("crs", $"'EPSG:1' is not a supported CRS; use one of {SupportedCrs}"), ParameterChecks.Crs("crs", "EPSG:1", out _));
        Assert.Null(ParameterChecks.Crs("crs", "http://www.opengis.net/def/crs/EPSG/0/4532", out var zone));
        Assert.Equal(4532, zone.Srid);
        Assert.Null(ParameterChecks.Crs("crs", null, out var absent));
        Assert.Equal(CrsReference.Crs84, absent);
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("10000.5")]
    [InlineData("NaN")]
    [InlineData("Infinity")]
    [InlineData("1,5")]
    [InlineData("")]
    public void A_tolerance_outside_0_to_10000_square_metres_is_refused(string value) =>
        Assert.Equal(new ParameterError("tolerance", $"'{value}' is not an area in m² from 0 to 10000"), ParameterChecks.Tolerance("tolerance", value, out _));

    [Theory]
    [InlineData("0", 0.0)]
    [InlineData("10000", 10_000.0)]
    [InlineData("2.5", 2.5)]
    public void A_tolerance_from_0_to_10000_square_metres_is_read(string value, double expected)
    {
        Assert.Null(ParameterChecks.Tolerance("tolerance", value, out var tolerance));
        Assert.Equal(expected, tolerance);
    }

    [Fact]
    public void A_code_outside_its_vocabulary_is_refused_with_the_codes_it_may_take()
    {
        Assert.Equal(new ParameterError("sector", "'mining' is not a sector; use one of bio_energy, bio_services"),
            ParameterChecks.OneOf("sector", "mining", ["bio_energy", "bio_services"], "a sector"));
        Assert.Null(ParameterChecks.OneOf("sector", "bio_energy", ["bio_energy", "bio_services"], "a sector"));
    }

    private async Task<(HttpStatusCode Status, string? Parameter, string? Detail)> RefusalAsync(string method, string url)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), new Uri(url, UriKind.Relative));
        if (method == "POST")
            request.Content = new StringContent("""{"type":"Point","coordinates":[131,45]}""", Encoding.UTF8, new MediaTypeHeaderValue("application/geo+json"));
        using var response = await api.Client.SendAsync(request);
        var problem = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return (response.StatusCode, problem.GetProperty("parameter").GetString(), problem.GetProperty("detail").GetString());
    }

    [Theory]
    [InlineData("GET", "/collections/projects/items")]
    [InlineData("GET", "/collections/projects/items/JX-01")]
    [InlineData("POST", "/footprint-checks")]
    [InlineData("GET", "/collections/projects/items/JX-01/footprint-check")]
    public async Task A_bad_crs_is_refused_in_the_same_words_by_items_a_feature_and_footprint_checks(string method, string path) =>
        Assert.Equal((HttpStatusCode.BadRequest, "crs", $"crs: 'EPSG:1' is not a supported CRS; use one of {SupportedCrs}"),
            await RefusalAsync(method, path + "?crs=EPSG:1"));

    [Theory]
    [InlineData("GET", "/collections/projects/items", "json, geojson, csv, html, gpkg, shp, kml or dxf")]
    [InlineData("GET", "/collections/projects/items/JX-01", "json, geojson or html")]
    [InlineData("POST", "/footprint-checks", "json or html")]
    [InlineData("GET", "/collections/projects/items/JX-01/footprint-check", "json or html")]
    [InlineData("GET", "/footprint-checks/projects", "json or csv")]
    [InlineData("GET", "/counties/230382/summary", "json or csv")]
    [InlineData("GET", "/counties/230382/zones", "json or csv")]
    [InlineData("GET", "/statistics/zones", "json or csv")]
    public async Task An_unoffered_f_is_refused_by_every_endpoint_naming_the_formats_it_offers(string method, string path, string offered) =>
        Assert.Equal((HttpStatusCode.BadRequest, "f", $"f: 'xlsx' is not offered; use {offered}"), await RefusalAsync(method, path + "?f=xlsx"));

    [Theory]
    [InlineData("GET", "/collections/projects/items/JX-01", "crs, f, lang")]
    [InlineData("POST", "/footprint-checks", "crs, tolerance, sector, f, lang")]
    [InlineData("GET", "/collections/projects/items/JX-01/footprint-check", "crs, tolerance, f, lang")]
    [InlineData("GET", "/footprint-checks/projects", "tolerance, f")]
    [InlineData("GET", "/counties/230382/summary", "f")]
    [InlineData("GET", "/counties/230382/zones", "f, category")]
    [InlineData("GET", "/statistics/zones", "f, group-by")]
    public async Task An_unknown_parameter_is_refused_by_every_endpoint_naming_what_it_takes(string method, string path, string takes) =>
        Assert.Equal((HttpStatusCode.BadRequest, "colour", $"colour: unknown parameter; this resource takes {takes}"),
            await RefusalAsync(method, path + "?colour=red"));

    [Theory]
    [InlineData("POST", "/footprint-checks")]
    [InlineData("GET", "/collections/projects/items/JX-01/footprint-check")]
    [InlineData("GET", "/footprint-checks/projects")]
    public async Task A_bad_tolerance_is_refused_in_the_same_words_by_every_footprint_check(string method, string path) =>
        Assert.Equal((HttpStatusCode.BadRequest, "tolerance", "tolerance: 'NaN' is not an area in m² from 0 to 10000"),
            await RefusalAsync(method, path + "?tolerance=NaN"));

    [Fact]
    public async Task A_sector_is_checked_against_the_sectors_table()
    {
        var sectors = await api.Database.IdsAsync("SELECT code FROM sectors ORDER BY code");

        Assert.Equal((HttpStatusCode.BadRequest, "sector", $"sector: 'mining' is not a sector; use one of {string.Join(", ", sectors)}"),
            await RefusalAsync("POST", "/footprint-checks?sector=mining"));
        Assert.Equal(7, sectors.Count);
    }
}

using System.Net;
using System.Text;
using Spatial.Api.Tests.Infrastructure;

namespace Spatial.Api.Tests.Features.Collections;

[Collection(ApiTests.Name)]
public sealed class BadRequestTests(ApiFixture api)
{
    [Theory]
    [InlineData("/collections/projects/items?bbox=131,45,132", 400, "bbox", "needs 4 numbers")]
    [InlineData("/collections/projects/items?bbox=132,45,131,46", 400, "bbox", "minimum longitude 132 exceeds maximum 131")]
    [InlineData("/collections/projects/items?bbox=131,45,132,91", 400, "bbox", "latitude 91 is outside")]
    [InlineData("/collections/projects/items?bbox=45,131,91,132&bbox-crs=http://www.opengis.net/def/crs/EPSG/0/4326", 400, "bbox", "latitude 91 is outside")]
    [InlineData("/collections/projects/items?bbox=a,45,132,46", 400, "bbox", "value 1 ('a') is not a number")]
    [InlineData("/collections/projects/items?bbox=0,0,1e12,1e12&bbox-crs=http://www.opengis.net/def/crs/EPSG/0/4532", 400, "bbox",
        "easting (Y) 0…1000000000000 is outside 44100000…44900000, where http://www.opengis.net/def/crs/EPSG/0/4532 is defined (axis order: northing, easting)")]
    [InlineData("/collections/projects/items?bbox=5010000,41000,5030000,43000&bbox-crs=http://www.opengis.net/def/crs/EPSG/0/4553", 400, "bbox", "easting (Y) 41000…43000 is outside 100000…900000")]
    [InlineData("/collections/projects/items?bbox=-3e7,0,1,1&bbox-crs=http://www.opengis.net/def/crs/EPSG/0/3857", 400, "bbox", "x -30000000…1 is outside")]
    [InlineData("/collections/projects/items?crs=http://www.opengis.net/def/crs/EPSG/0/2000", 400, "crs", "is not a supported CRS")]
    [InlineData("/collections/projects/items?filter-crs=http://www.opengis.net/def/crs/EPSG/0/4532&filter=S_INTERSECTS(geometry,POLYGON((44400000 5000000,44410000 5000000,44410000 5010000,44400000 5000000),(1e40 5000100,44400200 5000100,44400200 5000200,1e40 5000100)))",
        400, "filter", "is outside")]
    [InlineData("/collections/projects/items?bbox-crs=urn:nothing&bbox=1,2,3,4", 400, "bbox-crs", "is not a supported CRS")]
    [InlineData("/collections/projects/items?bbox-crs=http://www.opengis.net/def/crs/EPSG/0/4326", 400, "bbox-crs", "given without bbox")]
    [InlineData("/collections/projects/items?limit=0", 400, "limit", "from 1 to 10000")]
    [InlineData("/collections/projects/items?limit=10001", 400, "limit", "from 1 to 10000")]
    [InlineData("/collections/projects/items?limit=ten", 400, "limit", "from 1 to 10000")]
    [InlineData("/collections/projects/items?colour=red", 400, "colour", "unknown parameter")]
    [InlineData("/collections/projects/items?investment_cny=lots", 400, "investment_cny", "is not a valid number")]
    [InlineData("/collections/projects/items?sortby=summary_zhx", 400, "sortby", "'summary_zhx' is not a sortable property")]
    [InlineData("/collections/projects/items?sortby=crops_zh", 400, "sortby", "is not a sortable property")]
    [InlineData("/collections/projects/items?properties=name_zh,secret", 400, "properties", "'secret' is not a property")]
    [InlineData("/collections/projects/items?cursor=garbage!", 400, "cursor", "is not a cursor this service issued")]
    [InlineData("/collections/projects/items?filter-lang=sql&filter=1", 400, "filter-lang", "'sql' is not supported")]
    [InlineData("/collections/projects/items?datetime=yesterday", 400, "datetime", "'yesterday' is not an RFC 3339 date-time")]
    [InlineData("/collections/projects/items?f=xml", 400, "f", "'xml' is not offered")]
    [InlineData("/collections/projects/items/JX-01?crs=EPSG:1", 400, "crs", "is not a supported CRS")]
    [InlineData("/collections/parks/items", 404, null, "There is no collection 'parks'")]
    [InlineData("/collections/parks", 404, null, "There is no collection 'parks'")]
    [InlineData("/collections/projects/items/SFH-9-9", 404, null, "has no feature 'SFH-9-9'")]
    [InlineData("/counties/2303/summary", 400, "code", "is not a 6-digit county code")]
    [InlineData("/counties/230399/summary", 404, null, "There is no county 230399")]
    [InlineData("/counties/230382/zones?category=fruit", 400, "category", "'fruit' is not a zone category")]
    [InlineData("/counties/230382/summary?f=xlsx", 400, "f", "'xlsx' is not offered")]
    [InlineData("/statistics/zones?group-by=township", 400, "group-by", "must be county, category or county,category")]
    public async Task Every_malformed_request_is_a_problem_naming_the_parameter_and_the_reason(string url, int status, string? parameter, string reason)
    {
        var (response, problem) = await api.Client.GetJsonAsync(url);

        Assert.Equal((HttpStatusCode)status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        if (parameter is not null) Assert.Equal(parameter, problem.GetProperty("parameter").GetString());
        Assert.Contains(reason, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    private async Task<string> RefusedAsync(string url, string parameter)
    {
        var (response, problem) = await api.Client.GetJsonAsync(url);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(parameter, problem.GetProperty("parameter").GetString());
        return problem.GetProperty("detail").GetString()!;
    }

    [Theory]
    [InlineData("name_zh=%00", "name_zh", "name_zh: U+0000 is a control character; text cannot contain control characters (character 1 of the value)")]
    [InlineData("county_code=230382&county_code=23%1B", "county_code", "county_code: U+001B is a control character")]
    [InlineData("investment_cny=1e400", "investment_cny", "investment_cny: '1e400' is not a valid number")]
    [InlineData("investment_cny=NaN", "investment_cny", "investment_cny: 'NaN' is not a valid number")]
    public async Task A_nul_control_character_or_non_finite_number_in_a_queryable_parameter_is_a_400_naming_it(string query, string parameter, string detail) =>
        Assert.StartsWith(detail, await RefusedAsync("/collections/projects/items?" + query, parameter), StringComparison.Ordinal);

    [Fact]
    public async Task More_than_1000_values_for_one_queryable_is_a_400_naming_it()
    {
        var query = string.Join("&", Enumerable.Range(0, 1001).Select(i => $"county_code={i}"));

        Assert.StartsWith("county_code: 1001 values; at most 1000", await RefusedAsync("/collections/projects/items?" + query, "county_code"), StringComparison.Ordinal);
    }

    private static string Cursor(string json) => Convert.ToBase64String(Encoding.UTF8.GetBytes(json)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    [Theory]
    [InlineData("projects", "investment_cny", """["abc","JX-01"]""", "value 1 does not fit its sort key (investment_cny)")]
    [InlineData("projects", "investment_cny", """["1e5","JX-01"]""", "value 1 does not fit its sort key (investment_cny)")]
    [InlineData("rivers", "wdbii_level", """["1.5","x"]""", "value 1 does not fit its sort key (wdbii_level)")]
    [InlineData("rivers", "wdbii_level", """["9223372036854775808","x"]""", "value 1 does not fit its sort key (wdbii_level)")]
    [InlineData("rivers", "border_river", """["yes","x"]""", "value 1 does not fit its sort key (border_river)")]
    [InlineData("projects", "updated_at", """["2023-02-29 00:00:00+00","JX-01"]""", "value 1 does not fit its sort key (updated_at)")]
    [InlineData("projects", "updated_at", """["now","JX-01"]""", "value 1 does not fit its sort key (updated_at)")]
    [InlineData("projects", "name_zh", """["a\u0000","JX-01"]""", "value 1 does not fit its sort key (name_zh)")]
    [InlineData("projects", "name_zh", """["a",null]""", "value 2 does not fit its sort key (the feature id)")]
    public async Task A_cursor_whose_values_do_not_fit_their_sort_keys_is_a_400_naming_cursor(string collection, string sortBy, string values, string reason) =>
        Assert.Equal($"cursor: {reason}; start again without cursor",
            await RefusedAsync($"/collections/{collection}/items?sortby={sortBy}&cursor={Cursor(values)}", "cursor"));
}

using System.Net;
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
}

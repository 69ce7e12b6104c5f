using System.Net;
using Spatial.Api.Tests.Infrastructure;

namespace Spatial.Api.Tests.Features.Tiles;

/// <summary>Tile addresses and parameters a client can get wrong: every one a problem naming the parameter.</summary>
[Collection(ApiTests.Name)]
public sealed class TileRequestTests(ApiFixture api)
{
    [Theory]
    [InlineData("/collections/projects/tiles/WebMercatorQuad/25/0/0", 404, "tileMatrix", "WebMercatorQuad has tile matrices 0 to 24, not 25")]
    [InlineData("/collections/projects/tiles/WebMercatorQuad/3/8/0", 404, "tileRow", "8 is outside tile matrix 3, whose rows and columns are 0 to 7")]
    [InlineData("/collections/projects/tiles/WebMercatorQuad/3/0/8", 404, "tileCol", "8 is outside tile matrix 3")]
    [InlineData("/collections/projects/tiles/WebMercatorQuad/0/0/99999999999", 404, "tileCol", "99999999999 is outside tile matrix 0")]
    [InlineData("/collections/projects/tiles/WebMercatorQuad/3/0/123456789012345678901234567890", 404, "tileCol", "123456789012345678901234567890 is outside tile matrix 3")]
    [InlineData("/collections/projects/tiles/WebMercatorQuad/99999999999/0/0", 404, "tileMatrix", "has tile matrices 0 to 24, not 99999999999")]
    [InlineData("/collections/projects/tiles/WebMercatorQuad/ten/0/0", 400, "tileMatrix", "'ten' is not a whole number")]
    [InlineData("/collections/projects/tiles/WebMercatorQuad/3/-1/0", 400, "tileRow", "'-1' is not a whole number")]
    [InlineData("/collections/projects/tiles/WebMercatorQuad/3/1.5/0", 400, "tileRow", "'1.5' is not a whole number")]
    [InlineData("/collections/projects/tiles/WorldCRS84Quad/0/0/0", 404, "tileMatrixSetId", "'WorldCRS84Quad' is not a tile matrix set of this service; use WebMercatorQuad, CGCS2000Quad")]
    [InlineData("/collections/projects/tiles/Mercator", 404, "tileMatrixSetId", "'Mercator' is not a tile matrix set")]
    [InlineData("/tileMatrixSets/GoogleCRS84Quad", 404, "tileMatrixSetId", "'GoogleCRS84Quad' is not a tile matrix set")]
    [InlineData("/tiles/WebMercatorQuad/0/0/0?collections=projects,parks", 400, "collections", "'parks' is not a collection")]
    [InlineData("/tiles/WebMercatorQuad/0/0/0?collections=", 400, "collections", "'' is not a collection")]
    [InlineData("/tiles/WebMercatorQuad?collections=http://localhost/collections/", 400, "collections", "is not a collection")]
    [InlineData("/collections/projects/tiles/WebMercatorQuad/0/0/0?collections=projects", 400, "collections", "unknown parameter")]
    [InlineData("/collections/projects/tiles/WebMercatorQuad/0/0/0?f=png", 400, "f", "'png' is not offered; use mvt")]
    [InlineData("/collections/projects/tiles/WebMercatorQuad?f=html", 400, "f", "'html' is not offered; use json or tilejson")]
    [InlineData("/collections/projects/tiles?bbox=1,2,3,4", 400, "bbox", "unknown parameter")]
    [InlineData("/collections/parks/tiles/WebMercatorQuad/0/0/0", 404, null, "There is no collection 'parks'")]
    public async Task A_tile_outside_its_matrix_or_a_bad_parameter_is_a_problem_naming_the_parameter(string url, int status, string? parameter, string reason)
    {
        var (response, problem) = await api.Client.GetJsonAsync(url);

        Assert.Equal((HttpStatusCode)status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        if (parameter is not null) Assert.Equal(parameter, problem.GetProperty("parameter").GetString());
        Assert.Contains(reason, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0, 0, 0)]
    [InlineData(24, 16_777_215, 16_777_215)]
    public async Task The_first_and_last_tiles_of_the_matrix_set_answer(int zoom, long row, long column)
    {
        using var response = await api.Client.GetAsync(new Uri($"/tiles/WebMercatorQuad/{zoom}/{row}/{column}", UriKind.Relative));

        Assert.Contains(response.StatusCode, new[] { HttpStatusCode.OK, HttpStatusCode.NoContent });
    }
}

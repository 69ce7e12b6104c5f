using Spatial.Api.Tests.Infrastructure;

namespace Spatial.Api.Tests.Features.Collections;

/// <summary>The cursor check refuses tampered values; these make sure it accepts every value the service itself writes.</summary>
[Collection(ApiTests.Name)]
public sealed class CursorTests(ApiFixture api)
{
    [Theory]
    [InlineData("rivers", "rivers", "wdbii_level")]
    [InlineData("rivers", "rivers", "-border_river,-wdbii_level")]
    [InlineData("rivers", "rivers", "updated_at DESC")]
    [InlineData("projects", "projects", "-investment_cny,created_at")]
    [InlineData("projects", "projects", "land_area_m2,-updated_at")]
    [InlineData("counties", "counties", "-area_mu")]
    public async Task Next_links_page_through_every_sort_key_type_to_the_last_row(string collection, string table, string sortBy)
    {
        var walked = await api.Client.WalkAsync($"/collections/{collection}/items?sortby={Uri.EscapeDataString(sortBy)}&limit=3&properties=name_zh");
        var all = await api.Database.IdsAsync($"SELECT {(table == "counties" ? "code" : "id")} FROM {table}");

        Assert.True(all.Count > 3, "too few rows to page");
        Assert.Equal(all.Order(StringComparer.Ordinal), walked.Order(StringComparer.Ordinal));
    }
}

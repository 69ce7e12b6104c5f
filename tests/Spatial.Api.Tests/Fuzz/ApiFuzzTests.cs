// Property-based fuzzing through the real service and a throwaway PostGIS database: every generated
// request is answered below 500, a refusal is application/problem+json whose detail names what is at
// fault, and no request takes long. SPATIAL_FUZZ_ITERATIONS sets the cases per property (see
// tests/Spatial.Geo.Tests/Fuzz/GeoParserFuzzTests.cs for the million-case run of the pure parsers).
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using CsCheck;
using Spatial.Api.Tests.Infrastructure;
using Spatial.Geo.Tests.Fuzz;

namespace Spatial.Api.Tests.Fuzz;

[Collection(ApiTests.Name)]
public sealed class ApiFuzzTests(ApiFixture api)
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    private static async Task AssertAnsweredAsync(HttpResponseMessage response, string request, TimeSpan elapsed, bool namesParameter)
    {
        var status = (int)response.StatusCode;
        var body = await response.Content.ReadAsStringAsync();
        var said = $"{request}\n→ {status} {response.Content.Headers.ContentType}: {Hostile.Show(body[..Math.Min(body.Length, 600)])}";
        Assert.True(status < 500, said);
        Assert.True(elapsed < Bound, $"{elapsed.TotalSeconds:0.0} s: {said}");
        if (status < 400) return;
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(body);
        var detail = problem.RootElement.GetProperty("detail").GetString();
        Assert.False(string.IsNullOrWhiteSpace(detail), said);
        if (namesParameter && status == 400)
            Assert.StartsWith(problem.RootElement.GetProperty("parameter").GetString() + ": ", detail, StringComparison.Ordinal);
    }

    private async Task GetAsync(ItemsQuery query)
    {
        var clock = Stopwatch.StartNew();
        using var response = await api.Client.GetAsync(new Uri(query.Url, UriKind.Relative));
        await AssertAnsweredAsync(response, query.ToString(), clock.Elapsed, namesParameter: true);
        if (response.IsSuccessStatusCode && response.Content.Headers.ContentType?.MediaType == "application/geo+json")
        {
            using var page = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            Assert.Equal("FeatureCollection", page.RootElement.GetProperty("type").GetString());
        }
    }

    [Fact]
    public async Task Items_requests_with_hostile_parameters_and_filters_are_answered_below_500()
    {
        await ItemsQueryGen.Any.SampleAsync(GetAsync, iter: Hostile.Iterations(1000), print: q => q.ToString());
    }

    [Fact]
    public async Task Cursors_that_do_not_fit_their_sort_keys_are_refused_before_the_database()
    {
        await ItemsQueryGen.Paging.SampleAsync(GetAsync, iter: Hostile.Iterations(400), print: q => q.ToString());
    }

    private static readonly Gen<(string Format, byte[] Body, string ContentType, string Query)> FootprintRequests =
        from frame in Frame.Any
        from format in Gen.OneOfConst("wkt", "geojson", "txt")
        from text in format switch
        {
            "wkt" => BodyGen.Wkt(frame).Mutate(),
            "geojson" => BodyGen.GeoJsonBody(frame).SometimesMutate(),
            _ => BodyGen.LandParcelTxt().Mutate(),
        }
        from body in Hostile.Encoded(text)
        from contentType in format switch
        {
            "wkt" => Gen.OneOfConst("application/wkt", "text/wkt; charset=utf-8"),
            "geojson" => Gen.OneOfConst("application/geo+json", "application/json; charset=utf-8"),
            _ => Gen.OneOfConst("text/plain", "text/plain; charset=gbk"),
        }
        from extra in Gen.Frequency((6, Gen.Const("")), (1, Gen.OneOfConst("tolerance=1e400", "tolerance=-0", "sector=bio_energy",
            "sector=%00", "f=html", "f=xml", "crs=EPSG:4490%00", "colour=red")))
        select (format, body, contentType,
            string.Join("&", new[] { frame.CrsUri is { } uri ? "crs=" + Uri.EscapeDataString(uri) : "", extra }.Where(p => p.Length > 0)));

    [Fact]
    public async Task Footprint_bodies_in_wkt_geojson_and_land_parcel_txt_are_answered_below_500()
    {
        await FootprintRequests.SampleAsync(async request =>
        {
            var (_, body, contentType, query) = request;
            using var content = new ByteArrayContent(body);
            content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
            var clock = Stopwatch.StartNew();
            using var response = await api.Client.PostAsync(new Uri("/footprint-checks?" + query, UriKind.Relative), content);
            await AssertAnsweredAsync(response, $"POST ?{query} {contentType}: {Hostile.Show(Encoding.UTF8.GetString(body))}", clock.Elapsed, namesParameter: false);
        }, iter: Hostile.Iterations(400), print: r => $"{r.ContentType} ?{r.Query}: {Hostile.Show(Encoding.UTF8.GetString(r.Body))}");
    }
}

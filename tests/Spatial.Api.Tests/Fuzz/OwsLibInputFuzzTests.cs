// Property-based tests of what OWSLib and older clients send besides the standard parameters: offset, and the CQL2 JSON
// body POSTed to /items. SPATIAL_FUZZ_ITERATIONS sets the cases per property.
using System.Globalization;
using System.Text;
using CsCheck;
using Spatial.Api.Data;
using Spatial.Api.Features.Collections;
using Spatial.Api.Features.Filtering;
using Spatial.Geo;
using Spatial.Geo.Tests.Fuzz;

namespace Spatial.Api.Tests.Fuzz;

public sealed class OwsLibInputFuzzTests
{
    [Fact]
    public void An_offset_is_the_whole_number_from_0_to_100000_it_spells_or_an_error_naming_offset()
    {
        ItemsQueryGen.Offset.Sample(value =>
        {
            var error = ItemsRequest.ParseOffset(value, out var offset);
            var spelled = value.Length > 0 && value.All(char.IsAsciiDigit)
                          && long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n <= ItemsRequest.MaxOffset;
            Assert.True(spelled == error is null, $"{Hostile.Show(value)} → {error?.Reason ?? offset.ToString(CultureInfo.InvariantCulture)}");
            if (error is null) Assert.Equal(long.Parse(value, CultureInfo.InvariantCulture), offset);
            else Assert.Equal(("offset", 0), (error.Parameter, offset));
        }, iter: Hostile.Iterations(3000), print: Hostile.Show);
    }

    [Fact]
    public void A_cql2_json_body_is_a_compact_filter_that_compiles_to_the_sql_of_the_body_itself()
    {
        CqlGen.Collection.SelectMany(c => Gen.Select(Gen.Const(c), CqlGen.Tree(c), Gen.Bool)).Sample((c, tree, indented) =>
        {
            var json = CqlGen.ToJson(tree);
            // A shape's hostile number texts (a leading zero, 1e999) are not JSON a writer could indent: sent as generated.
            var body = indented && CqlGen.Portable(tree) ? Indented(json) : json;
            var posted = PostedFilter.Read(Encoding.UTF8.GetBytes(body));
            var direct = Compiled(json, c);
            if (!posted.IsFilter)
            {
                // Not JSON (a leading zero, a lone surrogate): Create's to refuse once it knows who asks, and no filter either.
                Assert.NotNull(JsonInput.Parse(body).Problem);
                Assert.NotNull(direct.Error);
                return;
            }
            if (posted.Error is { } error)
            {
                Assert.Equal("body", error.Parameter);
                Assert.NotNull(direct.Error);
                return;
            }
            Assert.DoesNotContain("\n", posted.Filter!, StringComparison.Ordinal);
            Assert.Equal(direct, Compiled(posted.Filter!, c));
        }, iter: Hostile.Iterations(1000), print: t => $"{t.Item1.Id}: {Hostile.Show(CqlGen.ToJson(t.Item2))}");
    }

    [Fact]
    public void Any_body_is_a_feature_for_create_a_filter_or_an_error_naming_the_body_never_an_exception()
    {
        var bodies = Gen.Frequency(
            (3, CqlGen.Collection.SelectMany(CqlGen.HostileJson).SelectMany(Hostile.Encoded)),
            (2, Frame.Any.SelectMany(BodyGen.GeoJsonBody).SometimesMutate().SelectMany(Hostile.Encoded)),
            (1, Gen.Byte.Array[0, 64]));
        bodies.Sample(body =>
        {
            var posted = PostedFilter.Read(body);
            if (!posted.IsFilter) return;
            Assert.True(posted.Filter is null != posted.Error is null);
            if (posted.Error is { } error)
            {
                Assert.Equal("body", error.Parameter);
                Assert.False(string.IsNullOrWhiteSpace(error.Reason));
            }
            else Cql2Json.Parse(posted.Filter!);
        }, iter: Hostile.Iterations(1500), print: b => Hostile.Show(Encoding.UTF8.GetString(b)));
    }

    [Fact]
    public void A_geojson_body_is_never_taken_for_a_filter_not_even_when_it_is_not_json()
    {
        Frame.Any.SelectMany(BodyGen.GeoJsonBody).Sample(text =>
        {
            var posted = PostedFilter.Read(Encoding.UTF8.GetBytes(text));
            Assert.False(posted.IsFilter);
        }, iter: Hostile.Iterations(500), print: Hostile.Show);
    }

    [Fact]
    public void A_body_fed_to_the_shape_reader_in_chunks_of_any_size_has_the_shape_it_has_whole()
    {
        var bodies = Gen.Frequency(
            (3, CqlGen.Collection.SelectMany(CqlGen.HostileJson).SelectMany(Hostile.Encoded)),
            (2, Frame.Any.SelectMany(BodyGen.GeoJsonBody).SometimesMutate().SelectMany(Hostile.Encoded)),
            (1, Gen.Byte.Array[0, 64]));
        Gen.Select(bodies, Gen.Int[1, 40].Array[1, 200]).Sample((body, sizes) =>
        {
            var scan = new PostedBodyShape();
            var pending = new List<byte>();
            var at = 0;
            for (var i = 0; scan.Shape == PostedShape.Unknown; i++)
            {
                var take = Math.Min(sizes[i % sizes.Length], body.Length - at);
                pending.AddRange(body.AsSpan(at, take).ToArray());
                at += take;
                var consumed = scan.Feed(pending.ToArray(), final: at == body.Length);
                pending.RemoveRange(0, consumed);
            }
            Assert.Equal(PostedBodyShape.Of(body), scan.Shape);
        }, iter: Hostile.Iterations(1500), print: t => Hostile.Show(Encoding.UTF8.GetString(t.Item1)));
    }

    /// <summary>The JSON as a person writes it (OWSLib sends what requests' json= makes: ", " and ": " between tokens).</summary>
    private static string Indented(string json)
    {
        using var document = System.Text.Json.JsonDocument.Parse(json, new System.Text.Json.JsonDocumentOptions { MaxDepth = 256 });
        using var buffer = new MemoryStream();
        try
        {
            using (var writer = new System.Text.Json.Utf8JsonWriter(buffer, new System.Text.Json.JsonWriterOptions { Indented = true, MaxDepth = 256 }))
                document.RootElement.WriteTo(writer);
        }
        catch (InvalidOperationException)
        {
            return json; // a lone surrogate escaped ("\udc00"): System.Text.Json cannot write it back; the body is refused either way
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static (string? Sql, string? Error) Compiled(string json, FeatureCollectionDefinition c)
    {
        try
        {
            return (new CqlToSql(c, CrsReference.Crs84, new SqlParameters()).Compile(Cql2Json.Parse(json)), null);
        }
        catch (CqlException e)
        {
            return (null, e.Message);
        }
    }
}

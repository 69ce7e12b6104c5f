using System.Globalization;
using CsCheck;
using Spatial.Api.Data.Changes;
using Spatial.Geo.Tests.Fuzz;

namespace Spatial.Api.Tests.Http.Caching;

/// <summary>The notification payload parser (CsCheck): any text is a change or null, never an exception; a change written reads back.</summary>
public sealed class LayerChangeParseTests
{
    private static readonly Gen<double> Degrees = Gen.Double[-180, 180].Select(d => Math.Round(d, 6));

    private static readonly Gen<(string Layer, long Version, double[][]? Boxes)> Changes = Gen.Select(
        Gen.OneOfConst("projects", "planting_zones", "sectors", "图层"), Gen.Long[1, long.MaxValue],
        Gen.Frequency((1, Gen.Const((double[][]?)null)), (4, Degrees.Array[4].Array[0, 100].Select(b => (double[][]?)b))));

    private static string Payload((string Layer, long Version, double[][]? Boxes) change) =>
        $"{{\"layer\":\"{change.Layer}\",\"version\":{change.Version.ToString(CultureInfo.InvariantCulture)}"
        + (change.Boxes is null ? "" : ",\"boxes\":[" + string.Join(",", change.Boxes.Select(b => "[" + string.Join(",", b.Select(v => v.ToString("R", CultureInfo.InvariantCulture))) + "]")) + "]")
        + "}";

    [Fact]
    public void Any_text_is_a_change_or_null_and_never_an_exception()
    {
        Gen.OneOf(Hostile.Text, Changes.Select(Payload).Mutate(),
                Gen.Select(Changes.Select(Payload), Gen.Int[0, 200], (payload, cut) => payload[..Math.Min(cut, payload.Length)]))
            .Sample(payload => { LayerChange.Parse(payload); }, iter: Hostile.Iterations(5000), print: Hostile.Show);
    }

    [Fact]
    public void A_change_as_the_trigger_writes_it_reads_back_with_its_layer_version_and_boxes()
    {
        Changes.Sample(change =>
        {
            var parsed = LayerChange.Parse(Payload(change));

            Assert.NotNull(parsed);
            Assert.Equal((change.Layer, change.Version), (parsed.Layer, parsed.Version));
            if (change.Boxes is null)
            {
                Assert.Null(parsed.Boxes);
                return;
            }
            Assert.Equal(change.Boxes.Length, parsed.Boxes!.Count);
            foreach (var (box, envelope) in change.Boxes.Zip(parsed.Boxes))
            {
                Assert.Equal((Math.Min(box[0], box[2]), Math.Max(box[0], box[2])), (envelope.MinX, envelope.MaxX));
                Assert.Equal((Math.Min(box[1], box[3]), Math.Max(box[1], box[3])), (envelope.MinY, envelope.MaxY));
            }
        }, iter: Hostile.Iterations(2000), print: Payload);
    }

    [Theory]
    [InlineData("")]
    [InlineData("null")]
    [InlineData("[1,2]")]
    [InlineData("{\"layer\":1,\"version\":2}")]
    [InlineData("{\"layer\":\"projects\"}")]
    [InlineData("{\"layer\":\"projects\",\"version\":\"2\"}")]
    [InlineData("{\"layer\":\"projects\",\"version\":2,\"boxes\":null}")]
    [InlineData("{\"layer\":\"projects\",\"version\":2,\"boxes\":[[1,2,3]]}")]
    [InlineData("{\"layer\":\"projects\",\"version\":2,\"boxes\":[[1,2,3,\"4\"]]}")]
    public void A_payload_that_is_not_a_change_is_null(string payload) => Assert.Null(LayerChange.Parse(payload));
}

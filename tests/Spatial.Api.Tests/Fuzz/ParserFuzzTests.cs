// Property-based fuzzing of the request parsers without a database (CQL2 text and JSON, /items parameters,
// cursors, footprint bodies). SPATIAL_FUZZ_ITERATIONS sets the cases per property; the command for a
// million pure cases is at the top of tests/Spatial.Geo.Tests/Fuzz/GeoParserFuzzTests.cs.
using System.Diagnostics;
using System.Text;
using CsCheck;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;
using Npgsql;
using Spatial.Api.Data;
using Spatial.Api.Features.Collections;
using Spatial.Api.Features.Filtering;
using Spatial.Api.Features.Footprints;
using Spatial.Geo;
using Spatial.Geo.Tests.Fuzz;

namespace Spatial.Api.Tests.Fuzz;

public sealed class ParserFuzzTests
{
    // Generous: a parser that goes super-linear takes far longer; a loaded CI machine takes a little longer.
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(5);

    private static readonly Gen<CrsReference> FilterCrs = Gen.Frequency(
        (4, Gen.Const(CrsReference.Crs84)), (1, Gen.OneOfConst(CrsReference.Supported.ToArray())));

    private static void Timed(string input, Action run)
    {
        var clock = Stopwatch.StartNew();
        run();
        Assert.True(clock.Elapsed < Bound, $"took {clock.Elapsed.TotalSeconds:0.0} s: {Hostile.Show(input)}");
    }

    /// <summary>Parse, then compile: each step gives its result or a CqlException with a message, nothing else.</summary>
    private static (string? Sql, SqlParameters? Values, string? Error) Compile(Func<string, CqlNode> parse, string filter, FeatureCollectionDefinition c, CrsReference crs)
    {
        try
        {
            var node = parse(filter);
            var values = new SqlParameters();
            return (new CqlToSql(c, crs, values).Compile(node), values, null);
        }
        catch (CqlException e)
        {
            Assert.False(string.IsNullOrWhiteSpace(e.Message), Hostile.Show(filter));
            return (null, null, e.Message);
        }
    }

    [Fact]
    public void Cql2_text_is_a_tree_compiling_to_sql_or_a_cql_error()
    {
        CqlGen.Collection.SelectMany(c => Gen.Select(Gen.Const(c), CqlGen.HostileText(c), FilterCrs)).Sample((c, filter, crs) =>
            Timed(filter, () => Compile(Cql2Text.Parse, filter, c, crs)),
            iter: Hostile.Iterations(1500), print: t => $"{t.Item1.Id} {t.Item3.Uri}: {Hostile.Show(t.Item2)}");
    }

    [Fact]
    public void Cql2_json_is_a_tree_compiling_to_sql_or_a_cql_error()
    {
        CqlGen.Collection.SelectMany(c => Gen.Select(Gen.Const(c), CqlGen.HostileJson(c), FilterCrs)).Sample((c, filter, crs) =>
            Timed(filter, () => Compile(Cql2Json.Parse, filter, c, crs)),
            iter: Hostile.Iterations(1500), print: t => $"{t.Item1.Id} {t.Item3.Uri}: {Hostile.Show(t.Item2)}");
    }

    [Fact]
    public void The_same_filter_in_cql2_text_and_cql2_json_compiles_to_the_same_sql_and_values_or_fails_in_both()
    {
        CqlGen.Collection.SelectMany(c => Gen.Select(Gen.Const(c), CqlGen.Tree(c).Where(CqlGen.Portable))).Sample((c, tree) =>
        {
            var text = Compile(Cql2Text.Parse, CqlGen.ToText(tree), c, CrsReference.Crs84);
            var json = Compile(Cql2Json.Parse, CqlGen.ToJson(tree), c, CrsReference.Crs84);
            Assert.True(text.Error is null == json.Error is null, $"text: {text.Error ?? text.Sql}\njson: {json.Error ?? json.Sql}");
            if (text.Error is not null) return;
            Assert.Equal(text.Sql, json.Sql);
            Assert.Equal(Values(text.Values!), Values(json.Values!));
        }, iter: Hostile.Iterations(1000), print: t => $"{t.Item1.Id}\n{Hostile.Show(CqlGen.ToText(t.Item2))}\n{Hostile.Show(CqlGen.ToJson(t.Item2))}");
    }

    private static List<string> Values(SqlParameters parameters)
    {
        using var command = new NpgsqlCommand();
        parameters.AddTo(command.Parameters);
        return command.Parameters.Select(p => p.Value switch
        {
            byte[] bytes => Convert.ToHexString(bytes),
            double d => d.ToString("R", System.Globalization.CultureInfo.InvariantCulture),
            var v => $"{v?.GetType().Name}:{v}",
        }).ToList();
    }

    [Fact]
    public void Items_parameters_are_a_request_with_its_sql_or_an_error_naming_a_parameter_that_was_sent()
    {
        ItemsQueryGen.Any.Sample(query => Timed(query.Url, () =>
        {
            var values = query.Parameters.GroupBy(p => p.Name).ToDictionary(g => g.Key, g => new StringValues(g.Select(p => p.Value).ToArray()));
            var collection = new QueryCollection(values);
            var error = ItemsRequest.TryParse(query.Collection, collection, out var request);
            if (error is null)
            {
                try
                {
                    Assert.Contains("SELECT", ItemsSql.Build(request, new SqlParameters(), countMatched: true), StringComparison.Ordinal);
                    return;
                }
                catch (CqlException e)
                {
                    error = new Spatial.Api.Http.ParameterError("filter", e.Message);
                }
            }
            Assert.True(values.ContainsKey(error.Parameter), $"'{error.Parameter}' was not sent: {query}");
            Assert.False(string.IsNullOrWhiteSpace(error.Reason), query.ToString());
        }), iter: Hostile.Iterations(1500), print: q => q.ToString());
    }

    [Fact]
    public void A_cursor_of_values_as_postgresql_writes_them_decodes_to_those_values()
    {
        ItemsQueryGen.FittingCursor.Sample((keys, values) =>
        {
            var sortBy = keys.Select(k => new SortKey(k, false)).ToList();
            var error = ItemsCursor.Decode(ItemsCursor.Encode(values), sortBy, out var after);
            Assert.Null(error);
            Assert.Equal(values, after);
        }, iter: Hostile.Iterations(500), print: t => string.Join(" | ", t.Item1.Select(k => k.Name)) + " ← " + string.Join(" | ", t.Item2));
    }

    [Fact]
    public void A_footprint_body_is_a_submission_or_a_4xx_rejection_with_a_reason()
    {
        var bodies = Frame.Any.SelectMany(frame => Gen.Frequency(
            (3, BodyGen.Wkt(frame).Mutate().SelectMany(Hostile.Encoded).Select(b => ("wkt", b, frame))),
            (3, BodyGen.GeoJsonBody(frame).SometimesMutate().SelectMany(Hostile.Encoded).Select(b => ("geojson", b, frame))),
            (3, BodyGen.LandParcelTxt().Mutate().SelectMany(Hostile.Encoded).Select(b => ("txt", b, frame)))));
        bodies.Sample((format, body, frame) =>
        {
            var shown = $"{format} {frame.CrsUri}: {Hostile.Show(Encoding.UTF8.GetString(body))}";
            Timed(shown, () =>
            {
                var crs = frame.CrsUri is null ? CrsReference.Crs84 : CrsReference.Parse(frame.CrsUri)!;
                var (submission, rejection) = FootprintInput.Read(format, body, crs);
                Assert.True(submission is null != rejection is null, shown);
                if (rejection is null)
                {
                    Assert.NotEmpty(submission!.Footprints);
                    Assert.All(submission.Footprints, f => Assert.True(f.LonLat.Coordinates.All(p => double.IsFinite(p.X) && double.IsFinite(p.Y)), shown));
                    return;
                }
                Assert.InRange(rejection.Status, 400, 499);
                Assert.False(string.IsNullOrWhiteSpace(rejection.Detail), shown);
            });
        }, iter: Hostile.Iterations(1000), print: t => $"{t.Item1} {t.Item3.CrsUri}: {Hostile.Show(Encoding.UTF8.GetString(t.Item2))}");
    }
}

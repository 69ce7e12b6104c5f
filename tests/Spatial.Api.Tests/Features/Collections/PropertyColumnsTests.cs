// Property-based test of PropertyColumns (a page's properties written here from their columns) against the JSON object
// PostgreSQL builds from the same values. SPATIAL_FUZZ_ITERATIONS sets the cases.
using System.Text.Json;
using System.Text.Json.Nodes;
using CsCheck;
using Npgsql;
using NpgsqlTypes;
using Spatial.Api.Data;
using Spatial.Api.Features.Collections;
using Spatial.Api.Tests.Infrastructure;
using Spatial.Geo.Tests.Fuzz;

namespace Spatial.Api.Tests.Features.Collections;

public sealed class PropertyColumnsTests(ReadPathFixture api) : IClassFixture<ReadPathFixture>
{
    private static readonly FeatureProperty[] Properties =
    [
        new("text", "t.text", PropertyType.String, "text"),
        new("number", "t.number", PropertyType.Number, "number"),
        new("area", "(t.area / 10000)", PropertyType.Number, "area", "round((t.area / 10000)::numeric, 4)"),
        new("whole", "t.whole", PropertyType.Integer, "whole"),
        new("flag", "t.flag", PropertyType.Boolean, "flag"),
        new("texts", "t.texts", PropertyType.StringArray, "texts"),
        new("at", "t.at", PropertyType.DateTime, "at"),
        new("day", "t.day", PropertyType.Date, "day"),
    ];

    private static readonly Gen<object?> Null = Gen.Int[0, 0].Select(_ => (object?)null);

    /// <summary>Text PostgreSQL can hold: no NUL, no half surrogate.</summary>
    private static readonly Gen<string?> StoredText = Gen.Frequency(
        (1, Gen.Int[0, 0].Select(_ => (string?)null)),
        (6, Hostile.Text.Select(s => (string?)new string([.. s.Where(c => c != '\0' && !char.IsSurrogate(c))]))),
        (1, Gen.OneOfConst<string?>("𠀀𪚥", "\u200e\u200f\u061c", "a\u2028b\u2029", "\"\\/\b\f\n\r\t", "</script><b>")));

    private static readonly Gen<object?[]> Row = Gen.Select(
        StoredText,
        Gen.Frequency((1, Null), (5, Gen.Decimal.Select(d => (object?)d)), (1, Gen.OneOfConst<object?>("NaN", "Infinity", "-Infinity", 0.5m, 30000m, 13333333.3333333m))),
        Gen.Frequency((1, Null), (4, Gen.Double[0, 1e9].Select(d => (object?)d))),
        Gen.Frequency((1, Null), (3, Gen.Int.Select(i => (object?)i))),
        Gen.Frequency((1, Null), (3, Gen.Bool.Select(b => (object?)b))),
        Gen.Frequency((1, Null), (3, StoredText.Array[0, 3].Select(a => (object?)a))),
        Gen.Frequency((1, Null), (3, Gen.Long[0, DateTime.MaxValue.Ticks / 10 - 1].Select(us => (object?)new DateTime(us * 10, DateTimeKind.Utc))),
            (1, Gen.OneOfConst<object?>("infinity", "-infinity"))),
        Gen.Frequency((1, Null), (3, Gen.Int[1, 3_000_000].Select(d => (object?)DateOnly.FromDayNumber(d)))),
        (text, number, area, whole, flag, texts, at, day) => new[] { text, number, area, whole, flag, texts, at, day });

    [Fact]
    public async Task A_row_s_properties_are_the_object_PostgreSQL_builds_from_the_same_values()
    {
        var built = "json_build_object(" + string.Join(", ", Properties.Select(p => $"'{p.Name}', {p.OutputSql}")) + ")::text";
        // The columns of an ItemsSql page before the first property, then the properties, then PostgreSQL's own object.
        var sql = $"""
            SELECT NULL::bigint, 'id', NULL::text, ARRAY['id']{string.Concat(Enumerable.Repeat(", NULL", PageDependencies.VersionColumns))}{PropertyColumns.Select(Properties)}, {built}
            FROM (SELECT $1::text AS text, $2::numeric AS number, $3::float8 AS area, $4::int AS whole, $5::boolean AS flag,
                         $6::text[] AS texts, $7::timestamptz AS at, $8::date AS day) t
            """;
        await Row.SampleAsync(async values =>
        {
            // Cases run on several threads: each its own connection.
            await using var connection = await api.Database.DataSource.OpenConnectionAsync();
            await using var command = new NpgsqlCommand(sql, connection);
            foreach (var value in values) command.Parameters.Add(Parameter(value));
            await using var reader = await command.ExecuteReaderAsync();
            Assert.True(await reader.ReadAsync());
            var ours = JsonNode.Parse(PropertyColumns.Json(reader, Properties));
            var theirs = JsonNode.Parse(reader.GetString(PropertyColumns.First + Properties.Length));
            Assert.True(JsonNode.DeepEquals(theirs, ours), $"PostgreSQL {theirs?.ToJsonString()}\nours       {ours?.ToJsonString()}");
        }, iter: Hostile.Iterations(400), print: values => string.Join(" | ", values.Select(v => v switch
        {
            null => "null",
            string s => Hostile.Show(s),
            string?[] a => "[" + string.Join(", ", a.Select(s => s is null ? "null" : Hostile.Show(s))) + "]",
            _ => Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture) ?? "",
        })));
    }

    private static NpgsqlParameter Parameter(object? value) => value switch
    {
        // The spellings of numbers and timestamps that no .NET value holds go as text, cast by the statement.
        string s => new NpgsqlParameter { Value = s, NpgsqlDbType = NpgsqlDbType.Unknown },
        null => new NpgsqlParameter { Value = DBNull.Value },
        _ => new NpgsqlParameter { Value = value },
    };

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task A_page_s_features_have_the_properties_of_the_feature_read_alone(string collection, string query)
    {
        var page = await api.Client.GetOkJsonAsync($"/collections/{collection}/items?limit=50{query}");
        var features = page.GetProperty("features").EnumerateArray().ToList();
        // A layer of one feature (the border) has none past an offset of 1.
        if (!query.Contains("offset", StringComparison.Ordinal)) Assert.NotEmpty(features);
        foreach (var feature in features)
        {
            var id = feature.GetProperty("id").GetString()!;
            var alone = await api.Client.GetOkJsonAsync($"/collections/{collection}/items/{Uri.EscapeDataString(id)}");
            Assert.True(JsonNode.DeepEquals(JsonNode.Parse(alone.GetProperty("properties").GetRawText()), JsonNode.Parse(feature.GetProperty("properties").GetRawText())),
                $"{collection}/{id}: alone {alone.GetProperty("properties").GetRawText()}\npage  {feature.GetProperty("properties").GetRawText()}");
        }
    }

    /// <summary>Every collection, without and with a bbox (whose rows come out of the sort whole), sorted by a looked-up name, with an offset.</summary>
    public static TheoryData<string, string> Pages()
    {
        var pages = new TheoryData<string, string>();
        foreach (var c in CollectionCatalog.All)
        {
            pages.Add(c.Id, "");
            pages.Add(c.Id, "&bbox=129,43,135,48");
            pages.Add(c.Id, "&bbox=129,43,135,48&offset=1");
            if (c.Property("county_name_zh") is not null) pages.Add(c.Id, "&bbox=129,43,135,48&sortby=-county_name_zh");
        }
        return pages;
    }
}

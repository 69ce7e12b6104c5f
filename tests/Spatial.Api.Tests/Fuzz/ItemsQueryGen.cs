using System.Globalization;
using System.Text;
using System.Text.Json;
using CsCheck;
using Spatial.Api.Features.Collections;
using Spatial.Geo;
using Spatial.Geo.Tests.Fuzz;

namespace Spatial.Api.Tests.Fuzz;

/// <summary>A generated /items request: the collection and its query parameters in order (a name may repeat).</summary>
public sealed record ItemsQuery(FeatureCollectionDefinition Collection, IReadOnlyList<(string Name, string Value)> Parameters, string RawSuffix = "")
{
    /// <summary>The URL, every byte percent-encoded except unreserved ones (a half surrogate becomes U+FFFD, as any client would send it).</summary>
    public string Url => $"/collections/{Collection.Id}/items?" +
                         string.Join("&", Parameters.Select(p => $"{Escape(p.Name)}={Escape(p.Value)}")) + RawSuffix;

    public override string ToString() => Hostile.Show(Url);

    private static string Escape(string text)
    {
        var escaped = new StringBuilder();
        foreach (var b in Encoding.UTF8.GetBytes(text))
            escaped.Append(b is >= (byte)'a' and <= (byte)'z' or >= (byte)'A' and <= (byte)'Z' or >= (byte)'0' and <= (byte)'9' or (byte)'-' or (byte)'.' or (byte)'_' or (byte)'~'
                ? ((char)b).ToString()
                : $"%{b:X2}");
        return escaped.ToString();
    }
}

/// <summary>
/// Query parameters of /items, each from its own generator (bbox, bbox-crs, crs, limit, offset, sortby, properties,
/// cursor, datetime, f, filter, queryable equalities, unknown names), mostly well formed, with hostile values.
/// Cursors are built for the generated sortby, with values that fit their key type or deliberately do not.
/// </summary>
public static class ItemsQueryGen
{
    private static readonly string[] CrsUris = [.. CrsReference.Supported.Select(c => c.Uri), "EPSG:4490", "[EPSG:4326]", "OGC:CRS84"];

    private static readonly Gen<string> Crs = Gen.Frequency(
        (4, Gen.OneOfConst(CrsUris)), (1, Gen.OneOfConst("EPSG:99999999999", "EPSG:-1", "EPSG:", "[", "[]", "urn:x", "http://www.opengis.net/def/crs/EPSG/0/4490\0")),
        (1, Hostile.Text));

    private static readonly Gen<string> Bbox = Gen.Frequency(
        (4, Gen.Double[-0.3, 0.3].Array[4].Select(d => string.Join(",", new[] { 130.9 + d[0], 45.2 + d[1], 131.1 + d[2], 45.4 + d[3] }.Select(Hostile.Format)))),
        (2, Hostile.NumberText.Array[3, 7].Select(n => string.Join(",", n))),
        (1, Gen.OneOfConst("45.2,130.9,45.4,131.1", "5010000,410000,5030000,430000", "5010000,44410000,5030000,44430000", "14580000,5620000,14590000,5630000",
            "-180,-90,180,90", "0,0,0,0", "1,2,3,4,5,6", ",,,", "")));

    private static readonly Gen<string> Limit = Gen.Frequency(
        (4, Gen.Int[1, 10_000].Select(i => i.ToString(CultureInfo.InvariantCulture))),
        (1, Gen.OneOfConst("0", "-1", "10001", "1e3", "0x10", " 5", "5 ", "١", "99999999999999999999", "")));

    /// <summary>offset: 0–100 000 mostly, and what is not a whole number in that range.</summary>
    public static readonly Gen<string> Offset = Gen.Frequency(
        (4, Gen.Int[0, 100_000].Select(i => i.ToString(CultureInfo.InvariantCulture))),
        (2, Gen.Int.Select(i => i.ToString(CultureInfo.InvariantCulture))),
        (1, Gen.OneOfConst("100001", "-0", "+1", "1e3", "0x10", " 5", "5 ", "١", "00000000000000000001", "99999999999999999999", "")),
        (1, Hostile.Text));

    private static Gen<IReadOnlyList<FeatureProperty>> SortKeys(FeatureCollectionDefinition c) =>
        Gen.Shuffle(c.Properties.Where(p => p.IsScalar).ToArray(), 0, 3).Select(keys => (IReadOnlyList<FeatureProperty>)keys);

    private static string SortBy(IReadOnlyList<FeatureProperty> keys, int style) =>
        string.Join(",", keys.Select((k, i) => ((style + i) % 5) switch { 0 => k.Name, 1 => "-" + k.Name, 2 => "+" + k.Name, 3 => k.Name + " DESC", _ => k.Name + " ASC" }));

    /// <summary>Sort-key values as PostgreSQL writes them for ItemsSql's casts, or values that do not fit.</summary>
    private static Gen<string?> KeyValue(PropertyType type, bool fitting) => fitting
        ? type switch
        {
            PropertyType.Number => Gen.OneOf(Gen.Double[-1e9, 1e9].Select(d => (string?)Math.Round(d, 2).ToString("0.##", CultureInfo.InvariantCulture)),
                Gen.OneOfConst<string?>("NaN", "-Infinity", "0", "-0.5", "123456789012345678901234567890.12")),
            PropertyType.Integer => Gen.OneOf(Gen.Long.Select(l => (string?)l.ToString(CultureInfo.InvariantCulture)),
                Gen.OneOfConst<string?>(long.MinValue.ToString(CultureInfo.InvariantCulture), long.MaxValue.ToString(CultureInfo.InvariantCulture))),
            PropertyType.Boolean => Gen.OneOfConst<string?>("true", "false"),
            PropertyType.DateTime or PropertyType.Date => Gen.OneOf(
                Gen.DateTime[new DateTime(1, 1, 1), new DateTime(9999, 12, 31)].Select(d => (string?)d.ToString("yyyy-MM-dd HH:mm:ss.ffffff", CultureInfo.InvariantCulture) + "+00"),
                Gen.OneOfConst<string?>("infinity", "-infinity", "2025-03-18 08:00:00+08", "2025-03-18 08:00:00.5-03:30", "2024-02-29 23:59:59+05:53:28", "2025-03-18")),
            _ => Gen.Frequency((3, Gen.OneOfConst<string?>("JX-01", "", "鸡西", "a'b")), (1, Hostile.Text.Where(t => PlainText.Flaw(t) is null).Select(t => (string?)t))),
        }
        : Gen.Frequency(
            (3, Gen.OneOfConst<string?>("abc", "1e400", "1e5", "Infinity", "NaN", "nan", "-infinity", "2024-13-01 00:00:00+00", "2023-02-29 00:00:00+00",
                "9223372036854775808", "1.5", "TRUE", "t", "yes", "", " ", "now", "epoch", "2024-05-01T08:00:00Z", "0x10", "\0", "a\0b", "\ud800")),
            (1, Gen.Const((string?)null)),
            (1, Hostile.Text.Select(t => (string?)t)));

    /// <summary>A cursor for these sort keys: fitting values (and the id), a value or two that do not fit, the wrong count, or garbage.</summary>
    private static Gen<string> Cursor(IReadOnlyList<FeatureProperty> keys) => Gen.Frequency(
        (4, Values(keys, misfit: -1)),
        (3, Gen.Int[0, keys.Count].SelectMany(misfit => Values(keys, misfit))),
        (1, Values(keys, -1).Select(c => c[..^2])),
        (1, Gen.OneOfConst("", "garbage!", "W10", "WyJhIl0", "bnVsbA", "e30", "WzEsMl0", "W251bGxd", "=", "////", "%%%%",
            Raw("""["\ud800"]"""), Raw("""["a","\u0000"]"""), Raw("""[1,2]"""), Raw("""[["a"]]"""), Raw("""{"a":1}"""), Raw("\"a\""))),
        (1, Hostile.Text));

    private static string Raw(string json) => Convert.ToBase64String(Encoding.UTF8.GetBytes(json)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static Gen<string> Values(IReadOnlyList<FeatureProperty> keys, int misfit)
    {
        var types = keys.Select(k => k.Type).Append(PropertyType.String).ToList();
        var count = Gen.Frequency((8, Gen.Const(types.Count)), (1, Gen.Int[0, types.Count + 2]));
        return count.SelectMany(n => Enumerable.Range(0, n).Select(i => KeyValue(i < types.Count ? types[i] : PropertyType.String, i != misfit))
                .Aggregate(Gen.Const(new List<string?>()), (list, value) => Gen.Select(list, value, (l, v) => new List<string?>(l) { v })))
            .Select(values => Convert.ToBase64String(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(values, FuzzJson.Options)))
                .TrimEnd('=').Replace('+', '-').Replace('/', '_'));
    }

    private static Gen<string> Equality(FeatureProperty property) => property.Type switch
    {
        PropertyType.Number or PropertyType.Integer => Hostile.NumberText,
        PropertyType.Boolean => Gen.OneOfConst("true", "false", "TRUE", "1", ""),
        PropertyType.DateTime or PropertyType.Date => Gen.OneOfConst("2024-05-01", "2024-05-01T08:00:00Z", "0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59-14:00", "x", ""),
        _ => Gen.Frequency((3, Gen.OneOfConst("230382", "bio_energy", "鸡西", "%", "\\")), (2, Hostile.Text)),
    };

    private static Gen<(string, string)> Parameter(FeatureCollectionDefinition c, IReadOnlyList<FeatureProperty> keys, int sortStyle) => Gen.Frequency(
        (3, Bbox.Select(v => ("bbox", v))),
        (2, Crs.Select(v => ("bbox-crs", v))),
        (2, Crs.Select(v => ("crs", v))),
        (2, Limit.Select(v => ("limit", v))),
        (1, Offset.Select(v => ("offset", v))),
        (2, Cursor(keys).Select(v => ("cursor", v))),
        (1, Gen.OneOfConst("2024-05-01T00:00:00Z", "../2024-05-01", "2024-05-01/..", "a/b/c", "..", "/", "yesterday").Select(v => ("datetime", v))),
        (1, Gen.OneOfConst("json", "geojson", "csv", "xml", "", "JSON").Select(v => ("f", v))),
        (3, CqlGen.HostileText(c).Select(v => ("filter", v))),
        (1, Gen.OneOfConst("cql2-text", "cql2-json", "cql-text", "sql", "").Select(v => ("filter-lang", v))),
        (1, Crs.Select(v => ("filter-crs", v))),
        (2, Gen.OneOfConst(c.Properties.ToArray()).SelectMany(p => Equality(p).Select(v => (p.Name, v)))),
        (1, Gen.Shuffle(c.Properties.Select(p => p.Name).Append("secret").Append("").ToArray(), 0, 4).Select(n => ("properties", string.Join(",", n)))),
        (1, Gen.OneOfConst("sortby", "colour", "FILTER", "bbox ", "", "\0").Select(n => (n, "1"))),
        (1, Gen.Const(("sortby", SortBy(keys, sortStyle)))));

    /// <summary>Sort keys with values that fit them (as PostgreSQL writes them), and the feature id.</summary>
    public static readonly Gen<(IReadOnlyList<FeatureProperty> Keys, List<string> Values)> FittingCursor =
        from c in CqlGen.Collection
        from keys in SortKeys(c)
        from values in keys.Select(k => k.Type).Append(PropertyType.String)
            .Aggregate(Gen.Const(new List<string>()), (list, type) => Gen.Select(list, KeyValue(type, fitting: true), (l, v) => new List<string>(l) { v! }))
        select (keys, values);

    /// <summary>Paging only: a sortby and a cursor for it (fitting or not) and a limit, so every key type's cast is reached.</summary>
    public static readonly Gen<ItemsQuery> Paging =
        from c in CqlGen.Collection
        from keys in SortKeys(c)
        from style in Gen.Int[0, 4]
        from cursor in Cursor(keys)
        from limit in Gen.Int[1, 5]
        select new ItemsQuery(c, [("sortby", SortBy(keys, style)), ("cursor", cursor), ("limit", limit.ToString(CultureInfo.InvariantCulture))]);

    /// <summary>A request: sort keys first (so cursors can fit them), then up to six parameters.</summary>
    public static readonly Gen<ItemsQuery> Any =
        from c in CqlGen.Collection
        from keys in SortKeys(c)
        from style in Gen.Int[0, 4]
        from sorted in Gen.Frequency((2, Gen.Const(true)), (1, Gen.Const(false)))
        from parameters in Parameter(c, keys, style).Array[0, 6]
        from json in Gen.Frequency((4, Gen.Const((string?)null)), (1, CqlGen.HostileJson(c).Select(j => (string?)j)))
        from raw in Gen.Frequency((12, Gen.Const("")), (1, Gen.OneOfConst("&name_zh=%FF%FE", "&filter=%C0%80", "&filter=name_zh%3D%27%ED%A0%80%27", "&%00=1", "&bbox=%", "&&&", "&=")))
        select new ItemsQuery(c,
            [.. sorted && keys.Count > 0 ? [("sortby", SortBy(keys, style))] : Array.Empty<(string, string)>(),
             .. json is null ? parameters : [.. parameters.Where(p => p.Item1 is not ("filter" or "filter-lang")), ("filter-lang", "cql2-json"), ("filter", json)]],
            raw);
}

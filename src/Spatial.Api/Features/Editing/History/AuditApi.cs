using System.Globalization;
using System.Text;
using MapsterMapper;
using Npgsql;
using Spatial.Api.Data;
using Spatial.Api.Features.Collections;
using Spatial.Api.Http;

namespace Spatial.Api.Features.Editing.History;

/// <summary>GET /audit: every change, oldest first, by user, collection and time; JSON or CSV; keyset paging.</summary>
public static class AuditApi
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 10_000;
    private static readonly string[] Parameters = ["user", "collection", "since", "until", "limit", "cursor", "f"];

    public static async Task<IResult> Get(HttpContext http, SpatialDatabase database, IMapper mapper)
    {
        var query = http.Request.Query;
        foreach (var key in query.Keys)
            if (!Parameters.Contains(key)) return Problems.BadParameter(new ParameterError(key, $"unknown parameter; /audit takes {string.Join(", ", Parameters)}"));
        var where = new List<string>();
        var sql = new SqlParameters();
        if (query.TryGetValue("user", out var user)) where.Add($"h.changed_by = {sql.Add(user.ToString())}");
        if (query.TryGetValue("collection", out var collectionId))
        {
            if (CollectionCatalog.Find(collectionId.ToString()) is not { } collection)
                return Problems.BadParameter(new ParameterError("collection", $"'{collectionId}' is not a collection"));
            where.Add($"h.layer = {sql.Add(collection.Table)}");
        }
        foreach (var (name, op) in new[] { ("since", ">="), ("until", "<") })
            if (query.TryGetValue(name, out var value))
            {
                if (!DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
                    return Problems.BadParameter(new ParameterError(name, $"'{value}' is not a date or RFC 3339 time (e.g. 2026-12-01 or 2026-12-01T08:00:00+08:00)"));
                where.Add($"h.changed_at {op} {sql.Add(at.ToUniversalTime())}");
            }
        var limit = DefaultLimit;
        if (query.TryGetValue("limit", out var limitText) && (!int.TryParse(limitText, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > MaxLimit))
            return Problems.BadParameter(new ParameterError("limit", $"'{limitText}' is not a whole number from 1 to {MaxLimit}"));
        if (query.TryGetValue("cursor", out var cursorText))
        {
            if (Cursor.Decode(cursorText.ToString()) is not { } after) return Problems.BadParameter(new ParameterError("cursor", "not a cursor of this service; follow a 'next' link"));
            where.Add($"(h.changed_at, h.layer, h.feature_id, h.version) > ({sql.Add(after.ChangedAt)}, {sql.Add(after.Layer)}, {sql.Add(after.FeatureId)}, {sql.Add(after.Version)})");
        }
        var csv = query["f"].ToString() switch
        {
            "" or "json" => false,
            "csv" => true,
            var f => (bool?)null,
        };
        if (csv is null) return Problems.BadParameter(new ParameterError("f", $"'{query["f"]}' is not offered; use json or csv"));

        await using var command = database.For(http).CreateCommand($"""
            SELECT {HistorySql.Columns}
            FROM feature_history h JOIN history_operations o ON o.code = h.operation
            WHERE {(where.Count == 0 ? "true" : string.Join(" AND ", where))}
            ORDER BY h.changed_at, h.layer, h.feature_id, h.version
            LIMIT {limit + 1}
            """);
        sql.AddTo(command.Parameters);
        var rows = await HistoryReader.ReadAsync(command, http.RequestAborted);
        var more = rows.Count > limit;
        if (more) rows.RemoveAt(limit);
        var entries = rows.Select(mapper.Map<HistoryVersion>).ToList();
        if (csv == true)
            return new CsvResult("审计记录.csv",
                ["时间 changed_at", "用户 changed_by", "角色 role", "图层 collection", "要素 feature_id", "版本 version", "操作 operation", "原因 reason", "选址核查 footprint_verdict", "变更属性 changed"],
                entries.Select(e => (IReadOnlyList<object?>)[e.ChangedAt.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture), e.ChangedBy, e.Role,
                    e.Collection, e.FeatureId, e.Version, e.OperationZh, e.Reason, e.FootprintVerdict,
                    string.Join(' ', e.Changes.EnumerateArray().Select(c => c.GetProperty("property").GetString()).Concat(e.GeometryChanged ? ["geometry"] : []))]));
        var links = new List<Link>
        {
            new(Links.Self(http.Request), "self", "application/json", "审计记录 Audit trail"),
            new(Links.WithParameter(http.Request, "f", "csv"), "alternate", "text/csv", "CSV（Excel）"),
        };
        if (more)
        {
            var last = rows[^1];
            links.Add(new(Links.WithParameter(http.Request, "cursor", Cursor.Encode(new(last.ChangedAt, last.Layer, last.FeatureId, last.Version))),
                "next", "application/json", "下一页 Next page"));
        }
        http.Response.Headers.CacheControl = "no-cache";
        return TypedResults.Json(new { number_returned = entries.Count, entries, links }, JsonOutput.SnakeCase);
    }

    private sealed record Cursor(DateTimeOffset ChangedAt, string Layer, string FeatureId, int Version)
    {
        public static string Encode(Cursor c) => Convert.ToBase64String(Encoding.UTF8.GetBytes(
            string.Join('\n', c.ChangedAt.UtcTicks.ToString(CultureInfo.InvariantCulture), c.Layer, c.FeatureId, c.Version.ToString(CultureInfo.InvariantCulture))))
            .TrimEnd('=').Replace('+', '-').Replace('/', '_');

        public static Cursor? Decode(string text)
        {
            try
            {
                var padded = text.Replace('-', '+').Replace('_', '/');
                padded += new string('=', (4 - padded.Length % 4) % 4);
                var parts = Encoding.UTF8.GetString(Convert.FromBase64String(padded)).Split('\n');
                return parts.Length == 4 && long.TryParse(parts[0], CultureInfo.InvariantCulture, out var ticks) && ticks is >= 0 and <= 3155378975999999999
                       && int.TryParse(parts[3], CultureInfo.InvariantCulture, out var version)
                    ? new Cursor(new DateTimeOffset(ticks, TimeSpan.Zero), parts[1], parts[2], version)
                    : null;
            }
            catch (FormatException)
            {
                return null;
            }
        }
    }
}

using System.Globalization;
using Spatial.Api.Data;
using Spatial.Api.Features.Collections;
using Spatial.Api.Http;
using Spatial.Api.Http.Auth;

namespace Spatial.Api.Features.Imports;

/// <summary>GET /imports?collection=&amp;user=: newest first, without the per-feature reports, paged by id (keyset).</summary>
public static class ImportList
{
    private const int DefaultLimit = 50;
    private const int MaxLimit = 1000;
    private static readonly string[] Parameters = ["collection", "user", "limit", "cursor"];

    public static async Task<IResult> Get(HttpContext http, SpatialDatabase database)
    {
        if (Authorization.Authenticate(http, out var editor) is { } unauthenticated) return unauthenticated;
        var query = http.Request.Query;
        if (ParameterChecks.OnlyKnown(query, Parameters) is { } unknown) return Problems.BadParameter(unknown);
        var where = new List<string>();
        var sql = new SqlParameters();
        if (query.TryGetValue("collection", out var collection))
        {
            if (CollectionCatalog.Find(collection.ToString()) is null) return Problems.BadParameter(new ParameterError("collection", $"'{collection}' is not a collection"));
            where.Add($"collection = {sql.Add(collection.ToString())}");
        }
        var user = query.TryGetValue("user", out var named) ? named.ToString() : null;
        if (editor!.Role != Role.Admin)
        {
            if (user is not null && user != editor.Name) return Authorization.Forbidden(editor, $"list the imports of {user} (administrators only)");
            user = editor.Name;
        }
        if (user is not null) where.Add($"user_name = {sql.Add(user)}");
        var limit = DefaultLimit;
        if (query.TryGetValue("limit", out var limitText) && (!int.TryParse(limitText, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > MaxLimit))
            return Problems.BadParameter(new ParameterError("limit", $"'{limitText}' is not a whole number from 1 to {MaxLimit}"));
        if (query.TryGetValue("cursor", out var cursor))
        {
            if (!long.TryParse(cursor, NumberStyles.None, CultureInfo.InvariantCulture, out var before))
                return Problems.BadParameter(new ParameterError("cursor", "not a cursor of this service; follow a 'next' link"));
            where.Add($"id < {sql.Add(before)}");
        }
        await using var command = database.For(http).CreateCommand($"""
            SELECT {ImportRow.Select(withFeatures: false)} FROM imports
            WHERE {(where.Count == 0 ? "true" : string.Join(" AND ", where))}
            ORDER BY id DESC LIMIT {sql.Add(limit + 1)}
            """);
        sql.AddTo(command.Parameters);
        var rows = new List<ImportRow>();
        await using (var reader = await command.ExecuteReaderAsync(http.RequestAborted))
            while (await reader.ReadAsync(http.RequestAborted)) rows.Add(ImportRow.Read(reader));
        var more = rows.Count > limit;
        if (more) rows.RemoveAt(limit);
        return new JsonDocumentResult("application/json", w =>
        {
            w.WriteStartObject();
            w.WriteStartArray("imports");
            foreach (var row in rows) row.Write(w, http.Request);
            w.WriteEndArray();
            var links = new List<Link> { new(Links.Self(http.Request), "self", "application/json") };
            if (more) links.Add(new Link(Links.WithParameter(http.Request, "cursor", rows[^1].Id.ToString(CultureInfo.InvariantCulture)), "next", "application/json"));
            Links.Write(w, links);
            w.WriteEndObject();
        }, h => h.CacheControl = "no-store");
    }
}

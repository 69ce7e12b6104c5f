using MapsterMapper;
using Npgsql;
using NpgsqlTypes;
using Spatial.Api.Data;
using Spatial.Api.Features.Collections;
using Spatial.Api.Http;
using Spatial.Geo;

namespace Spatial.Api.Features.Editing.History;

/// <summary>A feature's versions and each version as it was. Anyone who may read the layer may read who changed it.</summary>
public static class HistoryApi
{
    private const string GeoJsonType = "application/geo+json";

    public static async Task<IResult> List(string collectionId, string featureId, HttpContext http, SpatialDatabase database, IMapper mapper)
    {
        if (CollectionCatalog.Find(collectionId) is not { } collection) return CollectionsApi.UnknownCollection(collectionId);
        if (http.Request.Query.Count > 0) return Problems.BadParameter(new ParameterError(http.Request.Query.Keys.First(), "unknown parameter; a history takes none"));
        await using var command = database.For(http).CreateCommand(HistorySql.OfFeature);
        command.Parameters.Add(new NpgsqlParameter { Value = collection.Table, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = featureId, NpgsqlDbType = NpgsqlDbType.Text });
        var rows = await HistoryReader.ReadAsync(command, http.RequestAborted);
        if (rows.Count == 0) return Problems.NotFound($"Collection {collectionId} has no history for '{featureId}' (it never existed).");
        var item = $"/collections/{collectionId}/items/{Uri.EscapeDataString(featureId)}";
        var versions = rows.Select(r => mapper.Map<HistoryVersion>(r) with
        {
            Links = [new(Links.To(http.Request, $"{item}/history/{r.Version}"), "version", GeoJsonType, $"第 {r.Version} 版 Version {r.Version}")],
        }).ToList();
        http.Response.Headers.CacheControl = "no-cache";
        return TypedResults.Json(new
        {
            collection = collectionId,
            feature_id = featureId,
            deleted = rows[0].Operation == "delete",
            versions,
            links = new List<Link>
            {
                new(Links.Self(http.Request), "self", "application/json", "历史 History"),
                new(Links.To(http.Request, item), "item", GeoJsonType, "要素 The feature"),
            },
        }, JsonOutput.SnakeCase);
    }

    /// <summary>The feature as it was after <paramref name="version"/>, in any CRS; a deletion has no such image.</summary>
    public static async Task<IResult> Version(string collectionId, string featureId, int version, HttpContext http, SpatialDatabase database)
    {
        if (CollectionCatalog.Find(collectionId) is not { } collection) return CollectionsApi.UnknownCollection(collectionId);
        var crs = CrsReference.Crs84;
        foreach (var key in http.Request.Query.Keys)
            if (key != "crs") return Problems.BadParameter(new ParameterError(key, "unknown parameter; a version takes crs"));
        if (http.Request.Query.TryGetValue("crs", out var asked))
        {
            if (CrsReference.Parse(asked.ToString()) is not { } parsed) return Problems.BadParameter(new ParameterError("crs", $"'{asked}' is not a supported CRS"));
            crs = parsed;
        }
        await using var command = database.For(http).CreateCommand($"""
            SELECT h.operation, {ItemsSql.GeometryJson(crs, "h.after_geom")}, (h.after_attributes - 'geom')::text, h.changed_at
            FROM feature_history h WHERE h.layer = $1 AND h.feature_id = $2 AND h.version = $3
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = collection.Table, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = featureId, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = version, NpgsqlDbType = NpgsqlDbType.Integer });
        await using var reader = await command.ExecuteReaderAsync(http.RequestAborted);
        if (!await reader.ReadAsync(http.RequestAborted)) return Problems.NotFound($"{collectionId}/{featureId} has no version {version}.");
        if (reader.GetString(0) == "delete")
            return Problems.NotFound($"version {version} of {collectionId}/{featureId} is its deletion; the feature as it was is version {version - 1}.");
        var (geometry, properties) = (reader.IsDBNull(1) ? null : reader.GetString(1), reader.GetString(2));
        var item = $"/collections/{collectionId}/items/{Uri.EscapeDataString(featureId)}";
        return new JsonDocumentResult(GeoJsonType, writer => FeatureResponses.WriteFeature(writer, featureId, geometry, properties,
            [
                new(Links.Self(http.Request), "self", GeoJsonType, $"第 {version} 版 Version {version}"),
                new(Links.To(http.Request, item + "/history"), "version-history", "application/json", "历史 History"),
                new(Links.To(http.Request, item), "latest-version", GeoJsonType, "当前 Current"),
            ]), headers => headers["Content-Crs"] = $"<{crs.Uri}>");
    }
}

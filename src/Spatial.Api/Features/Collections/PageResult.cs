using System.Text.Json;
using Npgsql;
using Spatial.Api.Data;
using Spatial.Api.Features.Exports;
using Spatial.Api.Http;
using Spatial.Api.Http.Html;
using Spatial.Api.Http.Caching;

namespace Spatial.Api.Features.Collections;

/// <summary>
/// A page of /items (GeoJSON, CSV or HTML): from the <see cref="ResponseCache"/> when it keeps it at the current versions,
/// a 304 when the client's copy is current, else made by <see cref="ItemsSql"/>, streamed and kept.
/// </summary>
internal sealed class PageResult(ItemsRequest request, string sql, SqlParameters parameters, bool countMatched, Language language) : IResult
{
    private const string GeoJsonType = "application/geo+json";

    public Task ExecuteAsync(HttpContext http)
    {
        // Whether numberMatched is counted follows what this process knows of the layer, so it is part of the key; so is
        // HTML, which a browser gets at the URL of the GeoJSON (its Accept header chose it).
        var key = CachedPages.Key(http, (countMatched ? "page+count" : "page") + (request.Format == OutputFormat.Html ? "+html" : ""));
        var tables = PageDependencies.Tables(request.Collection);
        return ItemsQuery.RunAsync(http, request.Collection, ReadStatement.Page, sql, parameters,
            connection => AnsweredAsync(connection, http, key, tables), async (reader, layer, statement) =>
            {
                await reader.ReadAsync(http.RequestAborted);
                var made = DependencyVersions.Read(reader, ItemsSql.Column.Versions, tables);
                var exact = layer.SameAs(made, request.Collection.Table);
                var etag = CachedPages.ETag(key, made, exact);
                if (ConditionalGet.NotModified(http, etag, made.ChangedAt))
                {
                    http.Response.StatusCode = StatusCodes.Status304NotModified;
                    return;
                }
                await using var body = CachedPages.Body(http, keep: exact);
                if (request.Format == OutputFormat.Csv) await ItemsCsv.WriteAsync(http, request, reader, body, statement);
                else if (request.Format == OutputFormat.Html) await ItemsHtml.WriteAsync(http, request, reader, layer, language, body, statement);
                else await WriteGeoJsonAsync(http, reader, layer, made, body, statement);
                CachedPages.Store(http, key, etag, body, made, PageDependencies.Of(request));
            });
    }

    /// <summary>The page from the cache, or a 304 decided from the versions alone; false when it has to be made.</summary>
    private static async Task<bool> AnsweredAsync(NpgsqlConnection connection, HttpContext http, string key, IReadOnlyList<string> tables)
    {
        var conditional = ConditionalGet.IsConditional(http.Request);
        var current = await CachedPages.CurrentAsync(connection, tables, http.RequestAborted);
        if (await CachedPages.TryServeAsync(http, key, current)) return true;
        if (!conditional || !ConditionalGet.NotModified(http, CachedPages.ETag(key, current, exact: true), current.ChangedAt)) return false;
        http.Response.StatusCode = StatusCodes.Status304NotModified;
        return true;
    }

    /// <summary>The page as GeoJSON; <paramref name="statement"/> is released once its rows are read or before its first bytes go to the client, whichever comes first.</summary>
    private async Task WriteGeoJsonAsync(HttpContext http, NpgsqlDataReader reader, LayerState layer, DependencyVersions made, Stream body,
        ReadGate.Slot statement)
    {
        http.Response.ContentType = GeoJsonType;
        http.Response.Headers["Content-Crs"] = $"<{request.Crs.Uri}>";
        await using var writer = new Utf8JsonWriter(body, JsonOutput.WriterOptions);
        var wholeLayer = ItemsSql.SelectsWholeLayer(request) ? layer.Count : (long?)null;
        var next = await FeatureResponses.WriteCollectionAsync(writer, reader, request.Properties, request.Limit, wholeLayer, request.After is null && request.Offset == 0, made.ChangedAt, statement, http.RequestAborted);
        statement.Release();
        List<Link> links =
        [
            new(Links.Self(http.Request), "self", GeoJsonType, "本页 This page"),
            new(Links.WithParameter(http.Request, "f", "csv"), "alternate", "text/csv", "本页 CSV（Excel）This page as CSV"),
            new(Links.WithParameter(http.Request, "f", "html", ["crs"]), "alternate", "text/html", "本页网页版 This page as HTML"),
            .. ExportLinks.ForItems(http.Request, request),
            new(Links.To(http.Request, $"/collections/{request.Collection.Id}"), "collection", "application/json", layer.Title),
        ];
        if (next is not null)
            links.Add(new(Links.WithParameter(http.Request, "cursor", ItemsRequest.EncodeCursor(next), ["offset"]), "next", GeoJsonType, "下一页 Next page"));
        Links.Write(writer, links);
        writer.WriteEndObject();
        await writer.FlushAsync(http.RequestAborted);
    }
}

using System.Globalization;
using System.Text;
using System.Text.Json;
using Npgsql;
using Spatial.Api.Data;
using Spatial.Api.Http;
using Spatial.Api.Http.Html;

namespace Spatial.Api.Features.Collections;

/// <summary>
/// /items?f=html: the page's features as a table and on a small Leaflet map (web/html/map.js), with links to the
/// first, previous and next pages that keep every other parameter. Names and values are escaped text.
/// </summary>
public static class ItemsHtml
{
    /// <summary>A row of the page: its id, its GeoJSON geometry (PostGIS's text), its properties and its cursor keys.</summary>
    private sealed record Row(string Id, string? Geometry, string Properties, string[] Keys);

    /// <summary>
    /// The page from a reader on its first row (columns of <see cref="ItemsSql.Build"/>), into <paramref name="body"/>;
    /// <paramref name="statement"/> is released once the rows are read.
    /// </summary>
    public static async Task WriteAsync(HttpContext http, ItemsRequest request, NpgsqlDataReader reader, LayerState layer, Language language, Stream body,
        ReadGate.Slot statement)
    {
        var rows = new List<Row>();
        for (var row = true; row && !reader.IsDBNull(ItemsSql.Column.Id); row = await reader.ReadAsync(http.RequestAborted))
            rows.Add(new Row(reader.GetString(ItemsSql.Column.Id), reader.IsDBNull(ItemsSql.Column.Geometry) ? null : reader.GetString(ItemsSql.Column.Geometry),
                PropertyColumns.Json(reader, request.Properties), reader.GetFieldValue<string[]>(ItemsSql.Column.Keys)));
        statement.Release();
        // The statement reads one row past the limit: after the page going forward, before it going back.
        var beyond = rows.Count > request.Limit;
        if (beyond) rows.RemoveAt(request.Before is null ? rows.Count - 1 : 0);

        var page = new HtmlPage(http.Request, language);
        var c = request.Collection;
        page.Heading(layer.Title)
            .Append($"<p id=\"summary\">{HtmlPage.E(Summary(page, rows.Count, ItemsSql.SelectsWholeLayer(request) ? layer.Count : null))}</p>")
            .Append(MapData(rows.Select(r => (r.Id, r.Geometry)), "page-features"))
            .Append($"<div id=\"map\" class=\"map\" data-features=\"page-features\"></div>")
            .Append(Paging(http.Request, page, request, rows, beyond))
            .Append("<div class=\"scroll\"><table id=\"features\"><thead><tr><th>id</th>");
        foreach (var p in request.Properties) page.Append($"<th title=\"{HtmlPage.E(p.Title)}\">{HtmlPage.E(p.Name)}</th>");
        page.Append("</tr></thead><tbody>");
        foreach (var row in rows)
        {
            using var properties = JsonDocument.Parse(row.Properties);
            var href = page.Href($"/collections/{c.Id}/items/{Uri.EscapeDataString(row.Id)}", QueryString.Create("f", "html"));
            page.Append($"<tr><td><a href=\"{HtmlPage.E(href)}\">{HtmlPage.E(row.Id)}</a></td>");
            foreach (var p in request.Properties) page.Append($"<td>{HtmlPage.E(Cell(properties.RootElement.GetProperty(p.Name)))}</td>");
            page.Append("</tr>");
        }
        page.Append("</tbody></table></div>")
            .LinkList([
                (page.Href($"/collections/{c.Id}", QueryString.Create("f", "html")), page.T("图层说明", "About this layer")),
                (Links.WithParameters(http.Request, new Dictionary<string, string?> { ["f"] = "json", ["lang"] = null }), page.T("本页 GeoJSON", "This page as GeoJSON")),
                (Links.WithParameters(http.Request, new Dictionary<string, string?> { ["f"] = "csv", ["lang"] = null }), page.T("本页 CSV（Excel）", "This page as CSV (Excel)")),
            ], id: "links");
        http.Response.ContentType = "text/html; charset=utf-8";
        await body.WriteAsync(Encoding.UTF8.GetBytes(page.Render(layer.Title, withMap: true)), http.RequestAborted);
    }

    private static string Summary(HtmlPage page, int returned, long? total) => total is { } all
        ? page.T($"本页 {returned} 个要素，共 {all} 个。", $"{returned} features on this page, {all} in all.")
        : page.T($"本页 {returned} 个要素。", $"{returned} features on this page.");

    /// <summary>
    /// 首页, 上一页 and 下一页: keyset cursors like the GeoJSON's next link (<c>cursor</c> starts after a row, <c>before</c>
    /// ends before one), every other parameter kept, f=html so a copied link stays a page for people.
    /// </summary>
    private static string Paging(HttpRequest request, HtmlPage page, ItemsRequest items, List<Row> rows, bool beyond)
    {
        string With(string? cursor, string? before) =>
            Links.WithParameters(request, new Dictionary<string, string?> { ["cursor"] = cursor, ["before"] = before, ["offset"] = null, ["f"] = "html" });
        var firstPage = items.After is null && items.Offset == 0 && (items.Before is null || !beyond);
        var hasNext = items.Before is not null ? rows.Count > 0 : beyond;
        var links = new List<(string Rel, string Href, string Text)>();
        if (!firstPage)
        {
            links.Add(("first", With(null, null), page.T("首页", "First page")));
            if (rows.Count > 0) links.Add(("prev", With(null, ItemsCursor.Encode(rows[0].Keys)), page.T("上一页", "Previous page")));
        }
        if (hasNext) links.Add(("next", With(ItemsCursor.Encode(rows[^1].Keys), null), page.T("下一页", "Next page")));
        if (links.Count == 0) return "";
        return "<nav class=\"paging\">" + string.Concat(links.Select(l => $"<a rel=\"{l.Rel}\" href=\"{HtmlPage.E(l.Href)}\">{HtmlPage.E(l.Text)}</a>")) + "</nav>";
    }

    /// <summary>A property value as text: arrays joined by 、, null as nothing, numbers and dates as the service writes them.</summary>
    public static string Cell(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Null or JsonValueKind.Undefined => "",
        JsonValueKind.String => value.GetString()!,
        JsonValueKind.Array => string.Join("、", value.EnumerateArray().Select(Cell)),
        _ => value.GetRawText(),
    };

    /// <summary>
    /// The features' ids and geometries for web/html/map.js, as a JSON data block (never run: CSP allows no inline script).
    /// Ids are written by the JSON writer, which escapes &lt; &gt; &amp; and quotes, so no text can end the block; the
    /// geometries are PostGIS's GeoJSON, numbers and brackets only.
    /// </summary>
    public static string MapData(IEnumerable<(string Id, string? Geometry)> features, string id)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("type", "FeatureCollection");
            writer.WriteStartArray("features");
            foreach (var (featureId, geometry) in features.Where(f => f.Geometry is not null))
            {
                writer.WriteStartObject();
                writer.WriteString("type", "Feature");
                writer.WriteString("id", featureId);
                writer.WritePropertyName("geometry");
                writer.WriteRawValue(geometry!, skipInputValidation: true);
                writer.WriteStartObject("properties");
                writer.WriteEndObject();
                writer.WriteEndObject();
            }
            writer.WriteEndArray();
            writer.WriteEndObject();
        }
        return $"<script type=\"application/geo+json\" id=\"{id}\">{Encoding.UTF8.GetString(buffer.ToArray())}</script>";
    }
}

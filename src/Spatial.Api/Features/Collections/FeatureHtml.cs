using System.Text;
using System.Text.Json;
using Npgsql;
using Spatial.Api.Http;
using Spatial.Api.Http.Html;

namespace Spatial.Api.Features.Collections;

/// <summary>/items/{featureId}?f=html: the feature's attributes, each with its title, and the feature on a small Leaflet map.</summary>
public static class FeatureHtml
{
    /// <summary>The feature from a reader on its row (columns of <see cref="ItemsSql.BuildOne"/>), into <paramref name="body"/>.</summary>
    public static async Task WriteAsync(HttpContext http, FeatureCollectionDefinition collection, LayerState layer, NpgsqlDataReader reader,
        Language language, Stream body)
    {
        var id = reader.GetString(0);
        var geometry = reader.IsDBNull(1) ? null : reader.GetString(1);
        using var properties = JsonDocument.Parse(reader.GetString(2));
        var name = properties.RootElement.TryGetProperty("name_zh", out var zh) ? ItemsHtml.Cell(zh) : "";
        var page = new HtmlPage(http.Request, language);
        var title = name.Length > 0 ? $"{name} ({id})" : id;
        page.Heading(title)
            .Append($"<p>{HtmlPage.E(layer.Title)}</p>")
            .Append(ItemsHtml.MapData([(id, geometry)], "page-features"))
            .Append("<div id=\"map\" class=\"map\" data-features=\"page-features\"></div>")
            .Append($"<table id=\"attributes\"><tr><th>{page.T("属性", "Property")}</th><th>{page.T("名称", "Title")}</th><th>{page.T("值", "Value")}</th></tr>")
            .Append($"<tr><th>id</th><td></td><td>{HtmlPage.E(id)}</td></tr>");
        foreach (var p in collection.Properties)
            page.Append($"<tr><th>{HtmlPage.E(p.Name)}</th><td>{HtmlPage.E(p.Title)}</td><td>{HtmlPage.E(ItemsHtml.Cell(properties.RootElement.GetProperty(p.Name)))}</td></tr>");
        page.Append("</table>")
            .LinkList([
                (page.Href($"/collections/{collection.Id}/items", QueryString.Create("f", "html")), page.T("图层的要素", "Features of this layer")),
                (page.Href($"/collections/{collection.Id}", QueryString.Create("f", "html")), page.T("图层说明", "About this layer")),
                (Links.WithParameters(http.Request, new Dictionary<string, string?> { ["f"] = "json", ["lang"] = null }), page.T("本要素 GeoJSON", "This feature as GeoJSON")),
            ], id: "links");
        http.Response.ContentType = "text/html; charset=utf-8";
        await body.WriteAsync(Encoding.UTF8.GetBytes(page.Render(title, withMap: true)), http.RequestAborted);
    }
}

using System.Globalization;
using Spatial.Api.Http;
using Spatial.Api.Http.Html;

namespace Spatial.Api.Features.Collections;

/// <summary>/collections and /collections/{id} for people: the layers with their titles, extents and where to read them.</summary>
public static class CollectionsHtml
{
    private static readonly QueryString AsHtml = QueryString.Create("f", "html");

    public static string List(HttpRequest request, Language language, IReadOnlyList<LayerMetadata> layers)
    {
        var page = new HtmlPage(request, language);
        page.Heading(page.T("图层（集合）", "Layers (collections)"))
            .Append($"<table id=\"collections\"><thead><tr><th>{page.T("编号", "Id")}</th><th>{page.T("名称", "Title")}</th>" +
                    $"<th>{page.T("说明", "Description")}</th><th>{page.T("几何类型", "Geometry")}</th><th>{page.T("要素", "Features")}</th></tr></thead><tbody>");
        foreach (var layer in layers)
        {
            var c = CollectionCatalog.Find(layer.Id)!;
            page.Append($"<tr><td><a href=\"{HtmlPage.E(page.Href($"/collections/{c.Id}", AsHtml))}\">{HtmlPage.E(c.Id)}</a></td>" +
                        $"<td>{HtmlPage.E(layer.Title)}</td><td>{HtmlPage.E(c.Description)}</td><td>{HtmlPage.E(c.GeometryType)}</td>" +
                        $"<td><a href=\"{HtmlPage.E(page.Href($"/collections/{c.Id}/items", AsHtml))}\">{page.T("浏览要素", "Browse features")}</a></td></tr>");
        }
        page.Append("</tbody></table>")
            .LinkList([(Links.To(request, "/collections", QueryString.Create("f", "json")), page.T("本页 JSON", "This page as JSON"))]);
        return page.Render(page.T("图层", "Layers"), withMap: false);
    }

    public static string One(HttpRequest request, Language language, FeatureCollectionDefinition c, LayerMetadata layer)
    {
        var page = new HtmlPage(request, language);
        var path = $"/collections/{c.Id}";
        page.Heading(layer.Title)
            .Append($"<p>{HtmlPage.E(c.Description)}</p><table id=\"collection\">")
            .Append($"<tr><th>{page.T("编号", "Id")}</th><td>{HtmlPage.E(c.Id)}</td></tr>")
            .Append($"<tr><th>{page.T("几何类型", "Geometry")}</th><td>{HtmlPage.E(c.GeometryType)}</td></tr>")
            .Append($"<tr><th>{page.T("范围（经度、纬度）", "Extent (longitude, latitude)")}</th><td>{HtmlPage.E(Extent(layer.Bbox, page))}</td></tr>")
            .Append($"<tr><th>{page.T("属性", "Properties")}</th><td>{HtmlPage.E(string.Join("、", c.Properties.Select(p => p.Name)))}</td></tr></table>")
            .LinkList([
                (page.Href(path + "/items", AsHtml), page.T("浏览要素", "Browse features")),
                (Links.To(request, path + "/items"), page.T("要素 GeoJSON", "Features as GeoJSON")),
                (Links.To(request, path + "/queryables"), page.T("可查询属性（JSON Schema）", "Queryables (JSON Schema)")),
                (Links.To(request, path + "/schema"), page.T("要素结构（JSON Schema）", "Feature schema (JSON Schema)")),
                (Links.To(request, path + "/tiles"), page.T("矢量瓦片", "Vector tiles")),
                (page.Href("/collections", AsHtml), page.T("全部图层", "All layers")),
                (Links.To(request, path, QueryString.Create("f", "json")), page.T("本页 JSON", "This page as JSON")),
            ], id: "links");
        return page.Render(layer.Title, withMap: false);
    }

    private static string Extent(double[]? bbox, HtmlPage page) => bbox is null
        ? page.T("无", "none")
        : string.Join(", ", bbox.Select(v => Math.Round(v, 5).ToString(CultureInfo.InvariantCulture)));
}

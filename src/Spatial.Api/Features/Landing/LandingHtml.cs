using Spatial.Api.Http.Html;

namespace Spatial.Api.Features.Landing;

/// <summary>The landing page and the conformance declaration for people (OGC API – Features, HTML).</summary>
public static class LandingHtml
{
    public static string Landing(HttpRequest request, Language language)
    {
        var page = new HtmlPage(request, language);
        var html = QueryString.Create("f", "html");
        page.Heading(page.T("鸡西市、绥芬河市生物经济规划空间服务", "Spatial service of the Jixi and Suifenhe bio-economy plans"))
            .Append($"<p>{HtmlPage.E(page.T(
                "两市生物经济规划的种植区、产业园区和项目，以及县（市）区、兴凯湖和生态保护区（OGC API – Features，CGCS2000）。",
                "Planting zones, industrial parks and projects of the two cities' bio-economy plans, with counties, Lake Khanka and protected areas (OGC API – Features, CGCS2000)."))}</p>")
            .LinkList([
                (page.Href("/"), page.T("产业布局地图", "The industrial layout map")),
                (page.Href("/collections", html), page.T("图层（集合）", "Layers (collections)")),
                (page.Href("/conformance", html), page.T("符合性类别", "Conformance classes")),
                (Http.Links.To(request, "/api"), page.T("API 定义（OpenAPI 3.0，JSON）", "API definition (OpenAPI 3.0, JSON)")),
                (Http.Links.To(request, "/vocabulary"), page.T("词表（JSON）", "Vocabularies (JSON)")),
                (Http.Links.To(request, "/", QueryString.Create("f", "json")), page.T("本页 JSON", "This page as JSON")),
            ], id: "links");
        return page.Render(page.T("空间服务", "Spatial service"), withMap: false);
    }

    public static string ConformanceClasses(HttpRequest request, Language language)
    {
        var page = new HtmlPage(request, language);
        page.Heading(page.T("符合性类别", "Conformance classes"))
            .Append($"<p>{HtmlPage.E(page.T("本服务实现并经测试验证的 OGC 标准类别：", "The OGC conformance classes this service implements, each proven by its tests:"))}</p>")
            .Append("<ul id=\"classes\">");
        foreach (var uri in Conformance.Classes) page.Append($"<li><code>{HtmlPage.E(uri)}</code></li>");
        page.Append("</ul>").LinkList([(Http.Links.To(request, "/conformance", QueryString.Create("f", "json")), page.T("本页 JSON", "This page as JSON"))]);
        return page.Render(page.T("符合性类别", "Conformance classes"), withMap: false);
    }
}

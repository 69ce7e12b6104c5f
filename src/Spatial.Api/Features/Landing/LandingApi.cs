using Spatial.Api.Data;
using Spatial.Api.Features.Collections;
using Spatial.Api.Features.Editing;
using Spatial.Api.Http.Limits;
using Spatial.Api.Http;
using Spatial.Api.Http.Html;
using Spatial.Api.Http.OpenApi;

namespace Spatial.Api.Features.Landing;

/// <summary>The OGC API entry points: landing page, conformance, API definition.</summary>
public static class LandingApi
{
    public static void MapLanding(this IEndpointRouteBuilder app)
    {
        app.MapGet("/", Landing).WithName("Landing").WithTags("Capabilities")
            .WithSummary("Landing page (a browser without f gets the map).").Parameters(HtmlNegotiation.Parameters)
            .Answers(200, "OK", "application/json", "text/html");
        app.MapGet("/conformance", ConformanceDeclaration).WithName("Conformance").WithTags("Capabilities")
            .WithSummary("The conformance classes implemented.").Parameters(HtmlNegotiation.Parameters)
            .Answers(200, "OK", "application/json", "text/html");
        app.MapGet("/api", ApiDefinition).UsesDatabase(DatabaseWork.Reads)
            .WithName("ApiDefinition").WithTags("Capabilities").WithSummary("This API definition, written from the endpoints the service maps.")
            .Answers(200, "OpenAPI 3.0", ApiMediaType);
    }

    private static readonly OutputFormat[] Formats = [OutputFormat.Json, OutputFormat.Html];

    private static IResult Landing(HttpContext http)
    {
        if (HtmlNegotiation.Format(http, Formats, out var format) is { } badFormat) return Problems.BadParameter(badFormat);
        if (HtmlNegotiation.Language(http.Request.Query, out var language) is { } badLanguage) return Problems.BadParameter(badLanguage);
        return format == OutputFormat.Html ? new HtmlResult(LandingHtml.Landing(http.Request, language)) : LandingJson(http);
    }

    private static JsonDocumentResult LandingJson(HttpContext http) => new JsonDocumentResult("application/json", writer =>
    {
        var request = http.Request;
        writer.WriteStartObject();
        writer.WriteString("title", "Spatial · 鸡西市、绥芬河市生物经济规划空间服务");
        writer.WriteString("description",
            "Planting zones, industrial parks and projects of the Jixi and Suifenhe bio-economy plans, with counties, " +
            "Lake Khanka and protected areas (OGC API – Features, CGCS2000).");
        Links.Write(writer, [
            new(Links.Self(request), "self", "application/json", "本页 This document"),
            new(Links.To(request, "/", new QueryString("?f=html")), "alternate", "text/html", "本页网页版 This document as HTML"),
            new(Links.To(request, "/api"), "service-desc", ApiMediaType, "API 定义 API definition"),
            new(Links.To(request, "/conformance"), "conformance", "application/json", "符合性 Conformance"),
            new(Links.To(request, "/collections"), "data", "application/json", "集合 Collections"),
            new(Links.To(request, "/tiles"), "http://www.opengis.net/def/rel/ogc/1.0/tilesets-vector", "application/json", "矢量瓦片 Vector tiles of all layers"),
            new(Links.To(request, "/tileMatrixSets"), "http://www.opengis.net/def/rel/ogc/1.0/tiling-schemes", "application/json", "瓦片矩阵集 Tile matrix sets"),
            new(Links.To(request, "/vocabulary"), "describedby", "application/json", "词表 Vocabularies: codes and labels of sectors, categories, statuses, layers"),
        ]);
        writer.WriteEndObject();
    });

    private const string ApiMediaType = "application/vnd.oai.openapi+json;version=3.0";

    private static async Task<JsonDocumentResult> ApiDefinition(HttpContext http, SpatialDatabase database, EditingSchema schema, EndpointDataSource endpoints)
    {
        await using var connection = await database.For(http).OpenConnectionAsync(http.RequestAborted);
        var editable = (await schema.LayersAsync(connection, http.RequestAborted)).Keys.ToHashSet();
        return new JsonDocumentResult(ApiMediaType, writer => OpenApiDocument.Write(writer, Links.Base(http.Request), editable, endpoints.Endpoints));
    }

    private static IResult ConformanceDeclaration(HttpContext http)
    {
        if (HtmlNegotiation.Format(http, Formats, out var format) is { } badFormat) return Problems.BadParameter(badFormat);
        if (HtmlNegotiation.Language(http.Request.Query, out var language) is { } badLanguage) return Problems.BadParameter(badLanguage);
        return format == OutputFormat.Html ? new HtmlResult(LandingHtml.ConformanceClasses(http.Request, language)) : ConformanceJson();
    }

    private static JsonDocumentResult ConformanceJson() => new JsonDocumentResult("application/json", writer =>
    {
        writer.WriteStartObject();
        writer.WriteStartArray("conformsTo");
        foreach (var uri in Conformance.Classes) writer.WriteStringValue(uri);
        writer.WriteEndArray();
        writer.WriteEndObject();
    });
}

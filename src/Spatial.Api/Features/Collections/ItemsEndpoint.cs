using Spatial.Api.Data;
using Spatial.Api.Features.Exports;
using Spatial.Api.Http;
using Spatial.Api.Http.Html;

namespace Spatial.Api.Features.Collections;

/// <summary>/items and /items/{featureId}: validated here, answered by <see cref="PageResult"/> and <see cref="FeatureResult"/>.</summary>
public static class ItemsEndpoint
{
    /// <summary>What a single feature takes: the formats and the other parameters.</summary>
    public static readonly OutputFormat[] ItemFormats = [OutputFormat.Json, OutputFormat.GeoJson, OutputFormat.Html];

    private static readonly string[] ItemParameters = ["crs", "f", HtmlNegotiation.LanguageParameter];

    // The pages for people draw their features on a Leaflet map, which takes longitude and latitude.
    private static readonly ParameterError CrsOfHtml = new("crs", "f=html pages show CRS84 (longitude, latitude); leave crs out or ask for json");

    public static IResult Items(string collectionId, HttpContext http)
    {
        if (CollectionCatalog.Find(collectionId) is not { } collection) return CollectionsApi.UnknownCollection(collectionId);
        if (HtmlNegotiation.Format(http, ItemsRequest.Formats, out var negotiated) is { } badFormat) return Problems.BadParameter(badFormat);
        if (ItemsRequest.TryParse(collection, http.Request.Query, out var request, negotiated) is { } error) return Problems.BadParameter(error);
        if (HtmlNegotiation.Language(http.Request.Query, out var language) is { } badLanguage) return Problems.BadParameter(badLanguage);
        if (request.Format == OutputFormat.Html && http.Request.Query.ContainsKey("crs")) return Problems.BadParameter(CrsOfHtml);
        // numberMatched: a page of the whole layer has the layer's count; a filtered GeoJSON page counts only where that is cheap.
        var countMatched = request.Format is OutputFormat.Json or OutputFormat.GeoJson && !ItemsSql.SelectsWholeLayer(request)
            && http.RequestServices.GetRequiredService<LayerCounts>().CheapToCount(collection.Table);
        var parameters = new SqlParameters();
        string sql;
        try
        {
            sql = ItemsSql.Build(request, parameters, countMatched);
        }
        catch (Filtering.CqlException e)
        {
            return Problems.BadParameter(new ParameterError("filter", e.Message));
        }
        return request.Format.IsConverted() ? ExportsSetup.For(request, http.Request.Query) : new PageResult(request, sql, parameters, countMatched, language);
    }

    public static IResult Item(string collectionId, string featureId, HttpContext http)
    {
        if (CollectionCatalog.Find(collectionId) is not { } collection) return CollectionsApi.UnknownCollection(collectionId);
        var query = http.Request.Query;
        if (ParameterChecks.OnlyKnown(query, ItemParameters) is { } unknown) return Problems.BadParameter(unknown);
        if (HtmlNegotiation.Format(http, ItemFormats, out var format) is { } badFormat) return Problems.BadParameter(badFormat);
        if (ParameterChecks.Crs(query, "crs", out var crs) is { } badCrs) return Problems.BadParameter(badCrs);
        if (HtmlNegotiation.Language(query, out var language) is { } badLanguage) return Problems.BadParameter(badLanguage);
        if (format == OutputFormat.Html && query.ContainsKey("crs")) return Problems.BadParameter(CrsOfHtml);
        var parameters = new SqlParameters();
        return new FeatureResult(collection, featureId, crs, ItemsSql.BuildOne(collection, crs, parameters, featureId), parameters,
            format == OutputFormat.Html ? language : null);
    }
}

using Spatial.Api.Features.Collections;
using Spatial.Api.Http;
using Spatial.Geo;

namespace Spatial.Api.Features.Exports;

/// <summary>Links to the export files: from a page of items (the same filter, every matching feature) and from a collection (the whole layer).</summary>
public static class ExportLinks
{
    /// <summary>
    /// The page's URL as a file: <c>limit</c>, <c>offset</c> and <c>cursor</c> go (a file holds every feature that matches), so does
    /// <c>zoom-level</c> (a file keeps every vertex), and so does a <c>crs</c> the format cannot hold (KML is CRS84; DXF needs
    /// Gauss–Krüger and picks the zone itself).
    /// </summary>
    public static IEnumerable<Link> ForItems(HttpRequest request, ItemsRequest items) =>
        ExportFormats.Converted.Select(file =>
        {
            var dropCrs = file.Format == OutputFormat.Kml || (file.Format == OutputFormat.Dxf && GaussKrugerZone.FromSrid(items.Crs.Srid) is null);
            string[] without = dropCrs
                ? ["limit", "offset", "cursor", ItemsRequest.ZoomLevelParameter, "crs"]
                : ["limit", "offset", "cursor", ItemsRequest.ZoomLevelParameter];
            return new Link(Links.WithParameter(request, "f", file.Format.Code(), without), "alternate", file.MediaType,
                $"全部匹配要素 {file.Title} Every matching feature as {file.Title}");
        });

    /// <summary>The whole layer in each format (rel enclosure: OGC API – Features' link to a download of the collection).</summary>
    public static IEnumerable<Link> ForCollection(HttpRequest request, FeatureCollectionDefinition collection) =>
        ExportFormats.Converted.Select(file => new Link(
            Links.To(request, $"/collections/{collection.Id}/items", QueryString.Create("f", file.Format.Code())), "enclosure", file.MediaType,
            $"整个图层 {file.Title} The whole layer as {file.Title}"));
}

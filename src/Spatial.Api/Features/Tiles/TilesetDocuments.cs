using System.Globalization;
using System.Text.Json;
using Spatial.Api.Http;

namespace Spatial.Api.Features.Tiles;

/// <summary>
/// A tileset's tiles: one collection's (<c>/collections/{id}/tiles</c>) or several collections' together
/// (<c>/tiles</c>, with <c>collections</c> carried in every link when it was given).
/// </summary>
public sealed record Tileset(string Path, IReadOnlyList<TileLayer> Layers, QueryString Query, bool SingleCollection);

/// <summary>The tilesets lists, the tileset metadata (OGC TMS 2.0 TileSetMetadata) and its TileJSON 3.0.0.</summary>
public static class TilesetDocuments
{
    private const string Crs84 = "http://www.opengis.net/def/crs/OGC/1.3/CRS84";
    private const string TilingScheme = "http://www.opengis.net/def/rel/ogc/1.0/tiling-scheme";

    /// <summary>The WebMercatorQuad zoom suggested with a tileset's centre: at 8 a county fills a screen.</summary>
    private const int CentreZoom = 8;

    private static string Title(Tileset tileset, IReadOnlyList<TileLayerState> states) =>
        tileset.SingleCollection ? states[0].Title : "全部图层 " + string.Join("、", states.Select(s => s.Title));

    public static void WriteList(Utf8JsonWriter w, HttpRequest request, Tileset tileset, IReadOnlyList<TileLayerState> states)
    {
        w.WriteStartObject();
        Links.Write(w, [new(Links.Self(request), "self", "application/json", "瓦片集 Tilesets")]);
        w.WriteStartArray("tilesets");
        foreach (var set in TileMatrixSet.All)
        {
            w.WriteStartObject();
            w.WriteString("title", Title(tileset, states));
            w.WriteString("dataType", "vector");
            w.WriteString("crs", set.CrsUri);
            w.WriteString("tileMatrixSetURI", set.ReferenceFrom(request));
            Links.Write(w, [
                new(Links.To(request, $"{tileset.Path}/{set.Id}", tileset.Query), "self", "application/json", $"{set.Id} 瓦片集 Tileset"),
                new(Links.To(request, $"/tileMatrixSets/{set.Id}"), TilingScheme, "application/json", set.Title),
            ]);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }

    /// <summary>The URL of a tile: OGC's variable names, or TileJSON's {z}/{y}/{x}.</summary>
    private static string Template(HttpRequest request, Tileset tileset, TileMatrixSet set, bool tileJson) =>
        Links.To(request, $"{tileset.Path}/{set.Id}/" + (tileJson ? "{z}/{y}/{x}" : "{tileMatrix}/{tileRow}/{tileCol}"), tileset.Query);

    public static void WriteTileset(Utf8JsonWriter w, HttpRequest request, Tileset tileset, TileMatrixSet set, IReadOnlyList<TileLayerState> states)
    {
        w.WriteStartObject();
        w.WriteString("title", Title(tileset, states));
        if (!HasTileJson(set))
            w.WriteString("description", "TileJSON 只描述 Web Mercator 瓦片，故此瓦片集没有 TileJSON TileJSON describes Web Mercator tiles only, so this tileset has none");
        w.WriteString("dataType", "vector");
        w.WriteString("crs", set.CrsUri);
        w.WriteString("tileMatrixSetURI", set.ReferenceFrom(request));
        w.WriteStartArray("mediaTypes");
        w.WriteStringValue(TileRequest.MediaType);
        w.WriteEndArray();
        var self = Links.To(request, $"{tileset.Path}/{set.Id}", tileset.Query);
        List<Link> links = [new(self, "self", "application/json", "瓦片集 This tileset")];
        if (HasTileJson(set))
            links.Add(new(Links.To(request, $"{tileset.Path}/{set.Id}", WithFormat(tileset.Query, "tilejson")), "alternate", "application/json", "TileJSON 3.0.0"));
        links.Add(new(Links.To(request, $"/tileMatrixSets/{set.Id}"), TilingScheme, "application/json", set.Title));
        links.Add(new(Template(request, tileset, set, tileJson: false), "item", TileRequest.MediaType, "瓦片 Vector tiles", Templated: true));
        if (tileset.SingleCollection)
            links.Add(new(Links.To(request, $"/collections/{states[0].Layer.Name}"), "http://www.opengis.net/def/rel/ogc/1.0/geodata", "application/json", states[0].Title));
        Links.Write(w, links);
        if (TileMetadata.Union(states) is { } bbox)
        {
            w.WriteStartObject("boundingBox");
            w.WriteString("crs", Crs84);
            WriteNumbers(w, "lowerLeft", bbox[0], bbox[1]);
            WriteNumbers(w, "upperRight", bbox[2], bbox[3]);
            w.WriteEndObject();
            w.WriteStartObject("centerPoint");
            WriteNumbers(w, "coordinates", (bbox[0] + bbox[2]) / 2, (bbox[1] + bbox[3]) / 2);
            w.WriteString("crs", Crs84);
            w.WriteString("tileMatrix", set.ZoomOf(CentreZoom).ToString(CultureInfo.InvariantCulture));
            w.WriteEndObject();
        }
        w.WriteStartArray("layers");
        foreach (var state in states)
        {
            var collection = state.Layer.Collection;
            w.WriteStartObject();
            w.WriteString("id", state.Layer.Name);
            w.WriteString("title", state.Title);
            w.WriteString("description", collection.Description);
            w.WriteString("dataType", "vector");
            w.WriteNumber("geometryDimension", TileMetadata.GeometryDimension(collection));
            w.WriteString("featureType", collection.Id);
            w.WriteString("minTileMatrix", "0");
            w.WriteString("maxTileMatrix", set.MaxZoom.ToString(CultureInfo.InvariantCulture));
            w.WriteStartObject("propertiesSchema");
            w.WriteString("type", "object");
            w.WriteStartObject("properties");
            w.WriteStartObject("id");
            w.WriteString("type", "string");
            w.WriteString("title", "标识 Id");
            w.WriteEndObject();
            foreach (var attribute in state.Layer.Attributes)
            {
                w.WriteStartObject(attribute.Name);
                w.WriteString("type", TileMetadata.TypeOf(attribute).Schema);
                w.WriteString("title", attribute.Title);
                if (TileLayer.IsName(attribute) && state.Layer.NamesFromZoom > 0 && set.ZoomOf(state.Layer.NamesFromZoom) is var from)
                    w.WriteString("description", string.Create(CultureInfo.InvariantCulture,
                        $"第 {from} 级起的瓦片才有 In tiles from tile matrix {from} on"));
                w.WriteEndObject();
            }
            w.WriteEndObject();
            w.WriteEndObject();
            Links.Write(w, [new(Links.To(request, $"/collections/{collection.Id}"), "http://www.opengis.net/def/rel/ogc/1.0/geodata", "application/json", state.Title)]);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }

    /// <summary>TileJSON's tiles are XYZ, i.e. WebMercatorQuad's; it has no way to say another tile matrix set.</summary>
    public static bool HasTileJson(TileMatrixSet set) => set == TileMatrixSet.WebMercatorQuad;

    public static void WriteTileJson(Utf8JsonWriter w, HttpRequest request, Tileset tileset, TileMatrixSet set, IReadOnlyList<TileLayerState> states)
    {
        w.WriteStartObject();
        w.WriteString("tilejson", "3.0.0");
        w.WriteString("name", Title(tileset, states));
        w.WriteString("scheme", "xyz");
        w.WriteStartArray("tiles");
        w.WriteStringValue(Template(request, tileset, set, tileJson: true));
        w.WriteEndArray();
        w.WriteNumber("minzoom", 0);
        w.WriteNumber("maxzoom", set.MaxZoom);
        if (TileMetadata.Union(states) is { } bbox)
        {
            w.WriteStartArray("bounds");
            foreach (var v in bbox) w.WriteNumberValue(Math.Round(v, 6));
            w.WriteEndArray();
            w.WriteStartArray("center");
            w.WriteNumberValue(Math.Round((bbox[0] + bbox[2]) / 2, 6));
            w.WriteNumberValue(Math.Round((bbox[1] + bbox[3]) / 2, 6));
            w.WriteNumberValue(CentreZoom);
            w.WriteEndArray();
        }
        w.WriteStartArray("vector_layers");
        foreach (var state in states)
        {
            w.WriteStartObject();
            w.WriteString("id", state.Layer.Name);
            // TileJSON's fields are per layer, not per zoom: the layer says from which zoom its names are in the tiles.
            var names = string.Join(", ", state.Layer.Attributes.Where(TileLayer.IsName).Select(a => a.Name));
            w.WriteString("description", state.Layer.NamesFromZoom > 0 && names.Length > 0
                ? string.Create(CultureInfo.InvariantCulture, $"{state.Title} ({names}: 第 {state.Layer.NamesFromZoom} 级起 from zoom {state.Layer.NamesFromZoom})")
                : state.Title);
            w.WriteNumber("minzoom", 0);
            w.WriteNumber("maxzoom", set.MaxZoom);
            w.WriteStartObject("fields");
            w.WriteString("id", "String");
            foreach (var attribute in state.Layer.Attributes) w.WriteString(attribute.Name, TileMetadata.TypeOf(attribute).TileJson);
            w.WriteEndObject();
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static QueryString WithFormat(QueryString query, string format) => query.Add("f", format);

    private static void WriteNumbers(Utf8JsonWriter w, string name, double x, double y)
    {
        w.WriteStartArray(name);
        w.WriteNumberValue(Math.Round(x, 7));
        w.WriteNumberValue(Math.Round(y, 7));
        w.WriteEndArray();
    }
}

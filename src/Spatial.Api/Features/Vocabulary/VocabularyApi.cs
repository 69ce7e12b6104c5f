using System.Globalization;
using System.Text.Json;
using Spatial.Api.Data;
using Spatial.Api.Features.Collections;
using Spatial.Api.Http;
using Spatial.Api.Http.Limits;

namespace Spatial.Api.Features.Vocabulary;

/// <summary>GET /vocabulary: every vocabulary (codes, labels, attributes) and the layers, for the map and for clients.</summary>
public static class VocabularyApi
{
    public static void MapVocabulary(this IEndpointRouteBuilder app) =>
        app.MapGet("/vocabulary", Get).UsesDatabase(DatabaseWork.Reads).WithName("Vocabulary").WithTags("Capabilities")
            .WithSummary("Sectors, zone categories, statuses, geometry sources and the other vocabularies, with the layers.");

    private static async Task<IResult> Get(HttpContext http, SpatialDatabase database, CancellationToken cancellationToken)
    {
        var snapshot = await Vocabularies.ReadAsync(database.For(http), cancellationToken);
        var etag = ConditionalGet.ETag("vocabulary", snapshot.Version.ToString(CultureInfo.InvariantCulture), http.Request.Host.Value ?? "");
        if (ConditionalGet.NotModified(http, etag, snapshot.ChangedAt)) return Results.StatusCode(StatusCodes.Status304NotModified);
        return new JsonDocumentResult("application/json", writer =>
        {
            writer.WriteStartObject();
            writer.WriteStartObject("vocabularies");
            foreach (var (list, terms) in snapshot.Lists)
            {
                writer.WriteStartArray(list.Table());
                foreach (var term in terms) WriteTerm(writer, term);
                writer.WriteEndArray();
            }
            writer.WriteEndObject();
            writer.WriteStartArray("layers");
            foreach (var layer in snapshot.Layers) WriteLayer(writer, layer);
            writer.WriteEndArray();
            Links.Write(writer, [
                new(Links.Self(http.Request), "self", "application/json", "词表 Vocabularies"),
                new(Links.To(http.Request, "/collections"), "data", "application/json", "集合 Collections"),
            ]);
            writer.WriteEndObject();
        });
    }

    private static void WriteTerm(Utf8JsonWriter writer, Term term)
    {
        writer.WriteStartObject();
        writer.WriteString("code", term.Code);
        writer.WriteString("name_zh", term.NameZh);
        writer.WriteString("name_en", term.NameEn);
        using (var attributes = JsonDocument.Parse(term.Attributes))
            foreach (var attribute in attributes.RootElement.EnumerateObject()) attribute.WriteTo(writer);
        writer.WriteEndObject();
    }

    /// <summary>A layer with the vocabulary each of its coded properties takes its values from.</summary>
    private static void WriteLayer(Utf8JsonWriter writer, LayerName layer)
    {
        writer.WriteStartObject();
        writer.WriteString("id", layer.Id);
        writer.WriteString("title", layer.Title);
        writer.WriteString("name_zh", layer.NameZh);
        writer.WriteString("name_en", layer.NameEn);
        writer.WriteStartObject("vocabularies");
        foreach (var property in CollectionCatalog.Find(layer.Id)?.Properties ?? [])
            if (property.Vocabulary is { } list) writer.WriteString(property.Name, list.Table());
        writer.WriteEndObject();
        writer.WriteEndObject();
    }
}

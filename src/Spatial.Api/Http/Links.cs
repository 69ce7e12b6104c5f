using System.Text.Json;
using Microsoft.AspNetCore.Http.Extensions;

namespace Spatial.Api.Http;

/// <summary>A link; <paramref name="Templated"/> when Href is a URI template (a tile's {tileMatrix}/{tileRow}/{tileCol}).</summary>
public sealed record Link(string Href, string Rel, string Type, string? Title = null, bool Templated = false);

/// <summary>Absolute links built from the request (scheme, host, path base), written once.</summary>
public static class Links
{
    public static string Base(HttpRequest request) => $"{request.Scheme}://{request.Host}{request.PathBase}";

    public static string To(HttpRequest request, string path, QueryString query = default) => Base(request) + path + query;

    public static string Self(HttpRequest request) => request.GetEncodedUrl();

    /// <summary>This request's URL with one parameter replaced (or added), every other parameter kept.</summary>
    public static string WithParameter(HttpRequest request, string name, string value) => WithParameter(request, name, value, []);

    /// <summary>This request's URL with one parameter replaced (or added) and the parameters <paramref name="without"/> left out.</summary>
    public static string WithParameter(HttpRequest request, string name, string value, IReadOnlyCollection<string> without)
    {
        var builder = new QueryBuilder();
        foreach (var (key, values) in request.Query)
            if (key != name && !without.Contains(key))
                foreach (var v in values) builder.Add(key, v ?? "");
        builder.Add(name, value);
        return Base(request) + request.Path + builder.ToQueryString();
    }

    /// <summary>This request's URL with the parameters of <paramref name="changes"/> replaced (or added; left out when null), every other kept.</summary>
    public static string WithParameters(HttpRequest request, IReadOnlyDictionary<string, string?> changes)
    {
        var builder = new QueryBuilder();
        foreach (var (key, values) in request.Query)
            if (!changes.ContainsKey(key))
                foreach (var v in values) builder.Add(key, v ?? "");
        foreach (var (key, value) in changes)
            if (value is not null) builder.Add(key, value);
        return Base(request) + request.Path + builder.ToQueryString();
    }

    public static void Write(Utf8JsonWriter writer, IEnumerable<Link> links)
    {
        writer.WriteStartArray("links");
        foreach (var link in links)
        {
            writer.WriteStartObject();
            writer.WriteString("href", link.Href);
            writer.WriteString("rel", link.Rel);
            writer.WriteString("type", link.Type);
            if (link.Title is not null) writer.WriteString("title", link.Title);
            if (link.Templated) writer.WriteBoolean("templated", true);
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
    }
}

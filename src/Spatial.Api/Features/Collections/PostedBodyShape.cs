using System.Text.Json;
using Spatial.Geo;

namespace Spatial.Api.Features.Collections;

/// <summary>What the top level of a POSTed JSON body says it is, as far as it has been read.</summary>
public enum PostedShape
{
    /// <summary>Not decided: the object is still open and has had no <c>type</c> member.</summary>
    Unknown,

    /// <summary>Not an object, or an object with a top-level <c>type</c> (every GeoJSON object has one): Create's.</summary>
    Feature,

    /// <summary>An object that closed without a top-level <c>type</c>: a CQL2 JSON filter, or meant as one.</summary>
    Filter,

    /// <summary>Not JSON: Create's to refuse, once it knows who asks (an anonymous client learns nothing from the parse).</summary>
    NotJson,
}

/// <summary>
/// Decides a body's shape from its top-level member names in one Utf8JsonReader pass, fed chunk by chunk as the body
/// arrives, without building a document: a feature is known at its <c>type</c> member (GeoJSON writers put it first),
/// so the rest of it is never read here.
/// </summary>
public sealed class PostedBodyShape
{
    private JsonReaderState _state = new(new JsonReaderOptions { MaxDepth = JsonInput.MaxDepth + 1 });
    private bool _started;

    public PostedShape Shape { get; private set; }

    /// <summary>The whole body at once: what <see cref="Feed"/> decides with it as the final block.</summary>
    public static PostedShape Of(ReadOnlySpan<byte> body)
    {
        var shape = new PostedBodyShape();
        shape.Feed(body, final: true);
        return shape.Shape;
    }

    /// <summary>
    /// Reads what <paramref name="data"/> holds of the body from where the last call stopped; returns how many bytes
    /// were consumed (the caller keeps the rest, followed by the next chunk). <paramref name="final"/>: no more follows.
    /// </summary>
    public int Feed(ReadOnlySpan<byte> data, bool final)
    {
        if (Shape != PostedShape.Unknown) return data.Length;
        var reader = new Utf8JsonReader(data, final, _state);
        try
        {
            while (reader.Read())
            {
                if (!_started)
                {
                    _started = true;
                    if (reader.TokenType != JsonTokenType.StartObject) return Decide(PostedShape.Feature, data);
                    continue;
                }
                if (reader.CurrentDepth == 1 && reader.TokenType == JsonTokenType.PropertyName && reader.ValueTextEquals("type"u8))
                    return Decide(PostedShape.Feature, data);
                if (reader.CurrentDepth == 0 && reader.TokenType == JsonTokenType.EndObject)
                    return Decide(PostedShape.Filter, data);
            }
        }
        // InvalidOperationException: a member name escaping half a surrogate pair, which JsonInput refuses too.
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            return Decide(PostedShape.NotJson, data);
        }
        if (final) return Decide(PostedShape.NotJson, data);
        _state = reader.CurrentState;
        return (int)reader.BytesConsumed;
    }

    private int Decide(PostedShape shape, ReadOnlySpan<byte> data)
    {
        Shape = shape;
        return data.Length;
    }
}

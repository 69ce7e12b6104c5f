using System.Text.Json;
using NetTopologySuite.Geometries;

namespace Spatial.Api.Data.Changes;

/// <summary>
/// One writing statement on a layer, as its notification on <see cref="Channel"/> tells it (schema script 007):
/// the layer's table, the version the statement gave it, and where the changed rows were before and after
/// (lon/lat boxes). <see cref="Boxes"/> is null when anything in the layer may have changed.
/// </summary>
public sealed record LayerChange(string Layer, long Version, IReadOnlyList<Envelope>? Boxes)
{
    public const string Channel = "spatial_changes";

    /// <summary>The change a notification's payload describes, or null when the payload is not one.</summary>
    public static LayerChange? Parse(string payload)
    {
        try
        {
            using var document = JsonDocument.Parse(payload);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("layer", out var layer) || layer.ValueKind != JsonValueKind.String
                || !root.TryGetProperty("version", out var version) || !version.TryGetInt64(out var number))
                return null;
            if (!root.TryGetProperty("boxes", out var boxes)) return new LayerChange(layer.GetString()!, number, null);
            var envelopes = new List<Envelope>();
            foreach (var box in boxes.EnumerateArray())
            {
                if (box.GetArrayLength() != 4) return null;
                var c = box.EnumerateArray().Select(v => v.GetDouble()).ToArray();
                envelopes.Add(new Envelope(c[0], c[2], c[1], c[3]));
            }
            return new LayerChange(layer.GetString()!, number, envelopes);
        }
        // ArgumentException: text that is not valid UTF-16 (a lone surrogate) cannot even be read as JSON.
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException or ArgumentException)
        {
            return null;
        }
    }
}

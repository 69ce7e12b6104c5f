using System.Text.Json;
using Spatial.Api.Features.Collections;

namespace Spatial.Api.Features.Editing;

/// <summary>The columns a write sets, typed from the JSON the client sent (every editable column; null when not given).</summary>
public static class FeatureValues
{
    public static Dictionary<string, object?> Read(EditableLayer layer, IReadOnlyDictionary<string, JsonElement> properties, List<FieldError> errors)
    {
        foreach (var name in properties.Keys)
            if (layer.Column(name) is null && !layer.IsReadOnly(name))
                errors.Add(new(Pointer(name), $"{layer.Collection.Id} has no property '{name}'; it writes {string.Join(", ", layer.Columns.Select(c => c.Name))} " +
                                              $"(see /collections/{layer.Collection.Id}/schema)"));
        var values = new Dictionary<string, object?>();
        foreach (var column in layer.Columns)
            values[column.Name] = properties.TryGetValue(column.Name, out var json) ? Typed(column, json, errors) : null;
        return values;
    }

    /// <summary>The required columns still empty once derived values (the county of an outline) are in.</summary>
    public static void RequireFilled(EditableLayer layer, Dictionary<string, object?> values, List<FieldError> errors)
    {
        foreach (var column in layer.Columns)
            if (column.Required && values[column.Name] is null or "") errors.Add(Required(layer, column));
    }

    public static FieldError Required(EditableLayer layer, EditableColumn column) =>
        new(Pointer(column.Name), $"required: {layer.Collection.Property(column.Name)?.Title ?? column.Name}", "required");

    public static string Pointer(string name) => "/properties/" + name.Replace("~", "~0").Replace("/", "~1");

    private static object? Typed(EditableColumn column, JsonElement json, List<FieldError> errors)
    {
        if (json.ValueKind == JsonValueKind.Null) return null;
        object? value = column.Type switch
        {
            PropertyType.String when json.ValueKind == JsonValueKind.String => json.GetString()!.Trim() is { Length: <= 10_000 } s ? s : null,
            PropertyType.Number when json.ValueKind == JsonValueKind.Number && json.TryGetDecimal(out var d) => d,
            PropertyType.Integer when json.ValueKind == JsonValueKind.Number && json.TryGetInt32(out var i) => i,
            PropertyType.Boolean when json.ValueKind is JsonValueKind.True or JsonValueKind.False => json.GetBoolean(),
            PropertyType.StringArray when json.ValueKind == JsonValueKind.Array && json.EnumerateArray().All(e => e.ValueKind == JsonValueKind.String) =>
                json.EnumerateArray().Select(e => e.GetString()!.Trim()).ToArray(),
            _ => null,
        };
        if (value is null) errors.Add(new(Pointer(column.Name), TypeMessage(column.Type), "type"));
        return value;
    }

    /// <summary>What a value of a column of this type must be.</summary>
    public static string TypeMessage(PropertyType type) => type switch
    {
        PropertyType.String => "must be a string of at most 10 000 characters",
        PropertyType.Number => "must be a number",
        PropertyType.Integer => "must be a whole number",
        PropertyType.Boolean => "must be true or false",
        PropertyType.StringArray => "must be an array of strings",
        _ => $"cannot be written as {type}",
    };
}

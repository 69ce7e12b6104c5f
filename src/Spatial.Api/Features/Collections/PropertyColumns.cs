using System.Buffers;
using System.Text.Json;
using Npgsql;
using Spatial.Api.Http;

namespace Spatial.Api.Features.Collections;

/// <summary>
/// The properties of an <see cref="ItemsSql.Build"/> row, one column each, made into a feature's properties object here.
/// A text value comes as PostgreSQL stores it and is escaped by <see cref="Utf8JsonWriter"/>; every other value comes as
/// the JSON PostgreSQL writes for it (<c>to_json</c>: numbers by <see cref="FeatureProperty.OutputSql"/>, timestamps with
/// their offset, arrays, NaN as a string), copied as it is. Building one JSON object per row in SQL instead cost ≈ 40 % of a
/// bbox page's CPU in PostgreSQL, most of it escaping text (bench/results/read-path-3.md). The values are the single
/// feature's (<see cref="ItemsSql.BuildOne"/>, PostgreSQL's object); the bytes may differ: the writer escapes characters
/// beyond the Basic Multilingual Plane (CJK Extension B) as \u surrogate pairs, which PostgreSQL copies as they are.
/// </summary>
public static class PropertyColumns
{
    /// <summary>The ordinal of the first property in <see cref="ItemsSql.Build"/>'s rows.</summary>
    public const int First = ItemsSql.Column.FirstProperty;

    /// <summary>The select list of the properties (leading comma), the i-th named <c>p{i}</c>.</summary>
    public static string Select(IReadOnlyList<FeatureProperty> properties) =>
        string.Concat(properties.Select((p, i) => $", {Value(p)} AS p{i}"));

    /// <summary>The same columns read from the sub-select <paramref name="alias"/> (leading comma).</summary>
    public static string From(string alias, IReadOnlyList<FeatureProperty> properties) =>
        string.Concat(properties.Select((_, i) => $", {alias}.p{i}"));

    /// <remarks>A string is cast to text so that its bytes are text whatever the SQL's own type (a literal, a name).</remarks>
    private static string Value(FeatureProperty property) =>
        property.Type == PropertyType.String ? $"({property.OutputSql})::text" : $"to_json({property.OutputSql})::text";

    /// <summary>
    /// Writes the properties object of the reader's row; <paramref name="buffer"/> is a pooled buffer the values are read
    /// through (grown when one is larger). The row is in Npgsql's buffer already (the reader is not sequential).
    /// </summary>
    public static void Write(Utf8JsonWriter writer, NpgsqlDataReader reader, IReadOnlyList<FeatureProperty> properties, ref byte[] buffer)
    {
        writer.WriteStartObject();
        for (var i = 0; i < properties.Count; i++)
        {
            var property = properties[i];
            var ordinal = First + i;
            writer.WritePropertyName(property.Name);
            if (reader.IsDBNull(ordinal)) writer.WriteNullValue();
            else if (property.Type == PropertyType.String) writer.WriteStringValue(Utf8(reader, ordinal, ref buffer));
            else writer.WriteRawValue(Utf8(reader, ordinal, ref buffer), skipInputValidation: true);
        }
        writer.WriteEndObject();
    }

    /// <summary>The properties object of the reader's row as JSON text (for the writers that read it back: HTML, CSV, files).</summary>
    public static string Json(NpgsqlDataReader reader, IReadOnlyList<FeatureProperty> properties)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(1 << 12);
        var output = new ArrayBufferWriter<byte>(1 << 10);
        try
        {
            using (var writer = new Utf8JsonWriter(output, JsonOutput.WriterOptions)) Write(writer, reader, properties, ref buffer);
            return System.Text.Encoding.UTF8.GetString(output.WrittenSpan);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>A text column's UTF-8 bytes as PostgreSQL sent them: no string per value, no transcoding there and back.</summary>
    internal static ReadOnlySpan<byte> Utf8(NpgsqlDataReader reader, int ordinal, ref byte[] buffer)
    {
        using var value = reader.GetStream(ordinal);
        var length = checked((int)value.Length);
        if (buffer.Length < length)
        {
            ArrayPool<byte>.Shared.Return(buffer);
            buffer = ArrayPool<byte>.Shared.Rent(length);
        }
        value.ReadExactly(buffer, 0, length);
        return buffer.AsSpan(0, length);
    }
}

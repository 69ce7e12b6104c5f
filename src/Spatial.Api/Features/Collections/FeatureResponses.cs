using System.Buffers;
using System.Text.Json;
using Npgsql;
using Spatial.Api.Data;
using Spatial.Api.Http;

namespace Spatial.Api.Features.Collections;

/// <summary>Writes GeoJSON while rows arrive: the geometry is PostGIS's text, copied as is; the properties are written from their columns.</summary>
public static class FeatureResponses
{
    private const int FlushEvery = 200;

    /// <summary>
    /// Streams a FeatureCollection page from a reader on its first row (the statement always has one); returns the cursor
    /// keys of the last feature written when there is a next page. numberMatched is <paramref name="matched"/>, else the
    /// statement's count (column 0), else — on a first page that is also the last — the features returned; otherwise it
    /// is left out, as OGC API – Features allows. timeStamp is <paramref name="dataChangedAt"/>: when the data the page
    /// shows last changed, so the same page is the same bytes whenever and wherever it is made. <paramref name="statement"/>'s
    /// place in the <see cref="ReadGate"/> is given back before the first bytes go to the client: a page longer than
    /// <see cref="FlushEvery"/> features reads its other rows outside the gate, so a slow client never holds a place.
    /// </summary>
    public static async Task<string[]?> WriteCollectionAsync(Utf8JsonWriter writer, NpgsqlDataReader reader, IReadOnlyList<FeatureProperty> properties,
        int limit, long? matched, bool firstPage, DateTimeOffset dataChangedAt, ReadGate.Slot statement, CancellationToken cancellationToken)
    {
        writer.WriteStartObject();
        writer.WriteString("type", "FeatureCollection");
        var returned = 0;
        string[]? lastKeys = null;
        var more = false;
        var first = true;
        var text = ArrayPool<byte>.Shared.Rent(1 << 14);
        try
        {
            for (var row = true; row; row = await reader.ReadAsync(cancellationToken))
            {
                if (first)
                {
                    matched ??= reader.IsDBNull(ItemsSql.Column.Matched) ? null : reader.GetInt64(ItemsSql.Column.Matched);
                    if (matched is { } known) writer.WriteNumber("numberMatched", known);
                    writer.WriteStartArray("features");
                    first = false;
                }
                if (reader.IsDBNull(ItemsSql.Column.Id)) break;
                if (returned == limit)
                {
                    more = true;
                    break;
                }
                WriteFeature(writer, reader, properties, ref text);
                // Only the last feature's keys make the cursor of the next page.
                if (++returned == limit) lastKeys = reader.GetFieldValue<string[]>(ItemsSql.Column.Keys);
                if (returned % FlushEvery != 0) continue;
                statement.Release();
                await writer.FlushAsync(cancellationToken);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(text);
        }
        if (first)
        {
            if (matched is { } known) writer.WriteNumber("numberMatched", known);
            writer.WriteStartArray("features");
        }
        writer.WriteEndArray();
        if (matched is null && !more && firstPage) writer.WriteNumber("numberMatched", returned);
        writer.WriteNumber("numberReturned", returned);
        writer.WriteString("timeStamp", dataChangedAt.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture));
        return more ? lastKeys : null;
    }

    /// <summary>
    /// The reader's feature (a row of <see cref="ItemsSql.Build"/>): its geometry copied as the UTF-8 bytes PostgreSQL sent,
    /// its properties written from their columns (<see cref="PropertyColumns"/>), both through <paramref name="text"/> (a
    /// pooled buffer, grown when a value is larger).
    /// </summary>
    private static void WriteFeature(Utf8JsonWriter writer, NpgsqlDataReader reader, IReadOnlyList<FeatureProperty> properties, ref byte[] text)
    {
        writer.WriteStartObject();
        writer.WriteString("type", "Feature");
        writer.WriteString("id", reader.GetString(ItemsSql.Column.Id));
        writer.WritePropertyName("geometry");
        if (reader.IsDBNull(ItemsSql.Column.Geometry)) writer.WriteNullValue();
        else writer.WriteRawValue(PropertyColumns.Utf8(reader, ItemsSql.Column.Geometry, ref text), skipInputValidation: true);
        writer.WritePropertyName("properties");
        PropertyColumns.Write(writer, reader, properties, ref text);
        writer.WriteEndObject();
    }

    public static void WriteFeature(Utf8JsonWriter writer, string id, string? geometry, string properties, IEnumerable<Link>? links = null)
    {
        writer.WriteStartObject();
        writer.WriteString("type", "Feature");
        writer.WriteString("id", id);
        writer.WritePropertyName("geometry");
        if (geometry is null) writer.WriteNullValue();
        else writer.WriteRawValue(geometry, skipInputValidation: true);
        writer.WritePropertyName("properties");
        writer.WriteRawValue(properties, skipInputValidation: true);
        if (links is not null) Links.Write(writer, links);
        writer.WriteEndObject();
    }
}

using System.Text;
using System.Text.Json;
using Npgsql;
using Spatial.Api.Data;
using Spatial.Api.Http;

namespace Spatial.Api.Features.Collections;

/// <summary>
/// /items?f=csv: the same page as a spreadsheet — one row per feature, its properties as columns, the
/// geometry as WKT in the requested CRS. UTF-8 with a BOM; the next page is in the Link header (RFC 8288).
/// </summary>
public static class ItemsCsv
{
    /// <summary>The page from a reader on its first row, into <paramref name="body"/>; the validators are set already.</summary>
    public static async Task WriteAsync(HttpContext http, ItemsRequest request, NpgsqlDataReader reader, Stream body, ReadGate.Slot statement)
    {
        http.Response.ContentType = "text/csv; charset=utf-8";
        http.Response.Headers["Content-Crs"] = $"<{request.Crs.Uri}>";
        http.Response.Headers.ContentDisposition = $"attachment; filename=\"{request.Collection.Id}.csv\"";
        var text = new StringBuilder(CsvResult.Bom);
        CsvResult.Line(text, Header(request));
        var returned = 0;
        string[]? lastKeys = null;
        for (var row = true; row; row = await reader.ReadAsync(http.RequestAborted))
        {
            if (reader.IsDBNull(ItemsSql.Column.Id)) break;
            if (returned == request.Limit)
            {
                http.Response.Headers.Link = $"<{Links.WithParameter(http.Request, "cursor", ItemsRequest.EncodeCursor(lastKeys!), ["offset"])}>; rel=\"next\"; type=\"text/csv\"";
                break;
            }
            CsvResult.Line(text, Row(request, reader));
            lastKeys = reader.GetFieldValue<string[]>(ItemsSql.Column.Keys);
            returned++;
        }
        // A page is at most 10 000 rows, so it is written in one piece, after the Link header is known, and outside the gate.
        statement.Release();
        await body.WriteAsync(Encoding.UTF8.GetBytes(text.ToString()), http.RequestAborted);
    }

    /// <summary>The column names: id, the chosen properties, wkt.</summary>
    public static IReadOnlyList<string> Header(ItemsRequest request) => ["id", .. request.Properties.Select(p => p.Name), "wkt"];

    /// <summary>The cells of the reader's current feature (columns of <see cref="ItemsSql.Build"/>).</summary>
    public static IReadOnlyList<object?> Row(ItemsRequest request, NpgsqlDataReader reader)
    {
        using var properties = JsonDocument.Parse(PropertyColumns.Json(reader, request.Properties));
        return [reader.GetString(ItemsSql.Column.Id), .. request.Properties.Select(p => Cell(properties.RootElement.GetProperty(p.Name))),
            reader.IsDBNull(ItemsSql.Column.Geometry) ? null : reader.GetString(ItemsSql.Column.Geometry)];
    }

    private static object? Cell(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Null => null,
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Array => value.EnumerateArray().Select(v => v.ToString()).ToArray(),
        JsonValueKind.Number => value.TryGetDecimal(out var number) ? number : value.GetDouble(),
        JsonValueKind.True or JsonValueKind.False => value.GetBoolean() ? "true" : "false",
        _ => value.GetRawText(),
    };
}

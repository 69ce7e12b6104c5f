using System.Globalization;
using System.Text.Json;
using Npgsql;
using NpgsqlTypes;
using Spatial.Api.Http;
using Spatial.Api.Http.Auth;

namespace Spatial.Api.Features.Imports;

/// <summary>An import as stored: the resource <c>/imports/{id}</c> is written from it, JSON columns copied as they are.</summary>
public sealed record ImportRow(
    long Id, string Collection, string Layer, ImportStatus Status, bool DryRun, string User, DateTimeOffset CreatedAt, DateTimeOffset? FinishedAt,
    string Format, string? FileName, string? EncodingJson, string? CrsJson, string CountsJson, string UnknownFieldsJson, string? FeaturesJson,
    string? Failure, string? ProblemJson, DateTimeOffset? RevertedAt, string? RevertedBy, string? RevertReason)
{
    public static string Select(bool withFeatures) => $"""
        id, collection, layer, status, dry_run, user_name, created_at, finished_at, format, file_name, encoding::text, crs::text,
        counts::text, unknown_fields::text, {(withFeatures ? "features::text" : "NULL::text")}, failure, problem::text, reverted_at, reverted_by, revert_reason
        """;

    public static ImportRow Read(NpgsqlDataReader r)
    {
        string? Text(int i) => r.IsDBNull(i) ? null : r.GetString(i);
        DateTimeOffset? At(int i) => r.IsDBNull(i) ? null : r.GetFieldValue<DateTimeOffset>(i);
        return new(r.GetInt64(0), r.GetString(1), r.GetString(2), ImportStatuses.Parse(r.GetString(3)), r.GetBoolean(4), r.GetString(5),
            r.GetFieldValue<DateTimeOffset>(6), At(7), r.GetString(8), Text(9), Text(10), Text(11), r.GetString(12), r.GetString(13), Text(14),
            Text(15), Text(16), At(17), Text(18), Text(19));
    }

    public static async Task<ImportRow?> FindAsync(NpgsqlConnection connection, long id, bool withFeatures, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand($"SELECT {Select(withFeatures)} FROM imports WHERE id = $1", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = id, NpgsqlDbType = NpgsqlDbType.Bigint });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Read(reader) : null;
    }

    /// <summary>Who may read an import: the editor who made it, and administrators.</summary>
    public bool ReadableBy(Editor editor) => editor.Role == Role.Admin || editor.Name == User;

    public string Path => "/imports/" + Id.ToString(CultureInfo.InvariantCulture);

    public void Write(Utf8JsonWriter w, HttpRequest request)
    {
        w.WriteStartObject();
        w.WriteString("id", Id.ToString(CultureInfo.InvariantCulture));
        w.WriteString("collection", Collection);
        w.WriteString("status", Status.Code());
        w.WriteBoolean("dry_run", DryRun);
        w.WriteString("user", User);
        w.WriteString("created_at", CreatedAt);
        if (FinishedAt is { } finished) w.WriteString("finished_at", finished);
        else w.WriteNull("finished_at");
        w.WriteString("format", Format);
        if (FileName is not null) w.WriteString("file_name", FileName);
        Raw(w, "encoding", EncodingJson);
        Raw(w, "crs", CrsJson);
        Raw(w, "counts", CountsJson);
        Raw(w, "unknown_fields", UnknownFieldsJson);
        if (FeaturesJson is not null) Raw(w, "features", FeaturesJson);
        if (Failure is not null) w.WriteString("failure", Failure);
        if (ProblemJson is not null) Raw(w, "problem", ProblemJson);
        if (RevertedAt is { } reverted)
        {
            w.WriteStartObject("reverted");
            w.WriteString("at", reverted);
            w.WriteString("by", RevertedBy);
            w.WriteString("reason", RevertReason);
            w.WriteEndObject();
        }
        Links.Write(w,
        [
            new Link(Links.To(request, Path), "self", "application/json", "this import"),
            new Link(Links.To(request, Path + "/report.csv"), "describedby", "text/csv", "the report, one row per feature"),
            new Link(Links.To(request, Path + "/revert"), "revert", "application/json", "administrators: POST to undo the import"),
            new Link(Links.To(request, $"/collections/{Collection}/items"), "collection", "application/geo+json", Collection),
        ]);
        w.WriteEndObject();
    }

    private static void Raw(Utf8JsonWriter w, string name, string? json)
    {
        w.WritePropertyName(name);
        if (json is null) w.WriteNullValue();
        else w.WriteRawValue(json, skipInputValidation: true);
    }

    /// <summary>The report as CSV rows: one per feature, its reasons and warnings joined.</summary>
    public IEnumerable<IReadOnlyList<object?>> ReportRows()
    {
        if (FeaturesJson is null) yield break;
        foreach (var feature in JsonSerializer.Deserialize<List<ReportFeature>>(FeaturesJson, ImportReport.Json) ?? [])
            yield return
            [
                feature.Index, feature.Action.ToString().ToLowerInvariant(), feature.Id, feature.SourceRef, feature.Name,
                string.Join("; ", feature.Reasons.Select(r => $"{r.Code}{(r.Field is null ? "" : $" ({r.Field})")}: {r.Message}")),
                string.Join("; ", feature.Reasons.Where(r => r.Location is not null).Select(r => string.Create(CultureInfo.InvariantCulture, $"{r.Location![0]} {r.Location[1]}"))),
                string.Join("; ", feature.Warnings.Select(r => $"{r.Code}: {r.Message}")),
            ];
    }

    public static readonly string[] ReportHeader = ["index", "action", "id", "source_ref", "name", "reasons", "location (lon lat)", "warnings"];
}

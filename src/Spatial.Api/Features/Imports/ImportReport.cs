using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Npgsql;
using Spatial.Api.Features.Editing;

namespace Spatial.Api.Features.Imports;

public enum ImportAction { Created, Updated, Unchanged, Rejected }

/// <summary>One reason a feature is refused, or one warning: the rule's code, the words, the property and where (lon, lat).</summary>
public sealed record ReportReason(string Code, string Message, string? Field = null, double[]? Location = null);

/// <summary>What the import does (or would do) with one feature of the file; <see cref="Index"/> counts from 1 in file order.</summary>
public sealed record ReportFeature(int Index, string? SourceRef, string? Id, string? Name, ImportAction Action,
    IReadOnlyList<ReportReason> Reasons, IReadOnlyList<ReportReason> Warnings);

public sealed record ImportCounts(int Total, int Done, int Created, int Updated, int Unchanged, int Rejected, int Warnings)
{
    public static ImportCounts Of(IReadOnlyList<ReportFeature> features) => new(features.Count, features.Count,
        features.Count(f => f.Action == ImportAction.Created), features.Count(f => f.Action == ImportAction.Updated),
        features.Count(f => f.Action == ImportAction.Unchanged), features.Count(f => f.Action == ImportAction.Rejected),
        features.Count(f => f.Warnings.Count > 0));
}

/// <summary>
/// Judges the candidates with the rules of a single write (<see cref="FeatureChecks"/>, <see cref="FeatureValues"/>,
/// <see cref="SubmittedFeature.WrongType"/>), from one statement's facts about every feature: no round trip per feature.
/// </summary>
public static class ImportReport
{
    /// <summary>The report as stored in <c>imports.features</c> and served: snake_case like the rest of the API (<c>source_ref</c>).</summary>
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static async Task<IReadOnlyList<ReportFeature>> JudgeAsync(NpgsqlConnection connection, EditableLayer layer, ImportSql sql,
        MatchBy match, CancellationToken cancellationToken)
    {
        var choices = new Dictionary<string, (long Rows, string Codes)>();
        foreach (var column in layer.Columns.Where(c => c.References is not null))
        {
            await using var command = new NpgsqlCommand(FeatureChecks.ChoicesSql(column), connection);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            await reader.ReadAsync(cancellationToken);
            choices[column.Name] = (reader.GetInt64(1), reader.GetString(0));
        }
        var features = new List<ReportFeature>();
        await using (var command = new NpgsqlCommand(sql.Judge(), connection))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
            while (await reader.ReadAsync(cancellationToken))
                features.Add(Judge(reader, layer, match, choices));
        return features;
    }

    private static ReportFeature Judge(NpgsqlDataReader r, EditableLayer layer, MatchBy match, Dictionary<string, (long Rows, string Codes)> choices)
    {
        string? Text(int i) => r.IsDBNull(i) ? null : r.GetString(i);
        var (index, id, target) = (r.GetInt32(0), Text(1), Text(2));
        var (matches, sameKey, sourceType, ownGeometry) = (r.GetInt64(3), r.GetInt64(4), Text(5), r.GetBoolean(6));
        var (name, sourceRef, unchanged, idTaken, idChanged, anyGeometry) = (Text(14), Text(15), r.GetBoolean(16), r.GetBoolean(17), r.GetBoolean(18), r.GetBoolean(19));
        var errors = new List<FieldError>();
        double[]? invalidAt = null;
        if (sourceType is not null && !ownGeometry) errors.Add(SubmittedFeature.WrongType(layer, Title(sourceType)));
        var values = new Dictionary<string, object?> { ["county_code"] = null };
        var at = ImportSql.FixedJudgeColumns;
        var finals = new Dictionary<string, string?>();
        foreach (var column in layer.Columns)
        {
            finals[column.Name] = Text(at + 3);
            at += 4;
        }
        if (ownGeometry)
        {
            var facts = new FeatureChecks.PlaceFacts(r.GetDouble(7), r.GetDouble(8), Text(9), r.GetBoolean(10), r.GetString(11));
            if (layer.Column("county_code") is not null) values["county_code"] = finals["county_code"];
            FeatureChecks.JudgePlace(layer, facts, values, errors);
            if (!facts.Valid && Text(12) is { } wkt) invalidAt = Point(wkt);
        }
        else if (!anyGeometry && layer.GeometryRequired && !errors.Any(e => e.Code == "geometry_type"))
            errors.Add(new("/geometry", $"a feature of {layer.Collection.Id} needs a {(layer.Point ? "Point" : "Polygon or MultiPolygon")}", "geometry_missing"));
        if (FeatureChecks.GeometrySource(layer, anyGeometry, finals.GetValueOrDefault("geometry_source")) is { } source) errors.Add(source);
        at = ImportSql.FixedJudgeColumns;
        foreach (var column in layer.Columns)
        {
            var (isNull, unconverted, unknownCode, value) = (r.GetBoolean(at), r.GetBoolean(at + 1), r.GetBoolean(at + 2), Text(at + 3));
            at += 4;
            if (unconverted) errors.Add(new(FeatureValues.Pointer(column.Name), FeatureValues.TypeMessage(column.Type), "type"));
            else if (column.Required && isNull) errors.Add(FeatureValues.Required(layer, column));
            if (unknownCode && choices.TryGetValue(column.Name, out var known)) errors.Add(FeatureChecks.NotInTable(column, value!, known.Rows, known.Codes));
        }
        var keyName = match == MatchBy.Id ? "id" : "source_ref";
        var key = match == MatchBy.Id ? id : sourceRef;
        if (sameKey > 1) errors.Add(new("/" + keyName, $"{sameKey} features of the file have {keyName} '{key}'; each may appear once", "duplicate"));
        if (matches > 1) errors.Add(new("/properties/source_ref", $"source_ref '{sourceRef}' matches {matches} features of {layer.Collection.Id}; match by id instead", "ambiguous_match"));
        if (idTaken) errors.Add(new("/id", $"{layer.Collection.Id} already has a feature '{id}' with another source_ref", "id_taken"));
        if (idChanged) errors.Add(new("/id", $"source_ref '{sourceRef}' is feature '{target}', not '{id}'; a feature's id never changes", "id_changed"));
        var warnings = new List<ReportReason>();
        if (!r.IsDBNull(13) && r.GetFieldValue<string[]>(13) is { Length: > 0 } waters)
            warnings.Add(new ReportReason("overlaps_water", $"overlaps {string.Join("、", waters)} (a lake or wetland); check that this is intended"));
        var action = errors.Count > 0 ? ImportAction.Rejected : target is null ? ImportAction.Created : unchanged ? ImportAction.Unchanged : ImportAction.Updated;
        var reasons = errors.Select(e => new ReportReason(e.Code ?? "invalid", e.Detail, Field(e.Pointer), e.Code == "invalid_geometry" ? invalidAt : null)).ToList();
        return new ReportFeature(index, sourceRef, id, name, action, reasons, warnings);
    }

    private static string? Field(string pointer) => pointer switch
    {
        _ when pointer.StartsWith("/properties/", StringComparison.Ordinal) => pointer["/properties/".Length..],
        _ when pointer.StartsWith("/geometry", StringComparison.Ordinal) => "geometry",
        "/id" => "id",
        _ => null,
    };

    /// <summary>PostGIS's type name as GeoJSON spells it (MULTILINESTRING → MultiLineString).</summary>
    private static string Title(string type) => type switch
    {
        "POINT" => "Point", "MULTIPOINT" => "MultiPoint", "LINESTRING" => "LineString", "MULTILINESTRING" => "MultiLineString",
        "POLYGON" => "Polygon", "MULTIPOLYGON" => "MultiPolygon", "GEOMETRYCOLLECTION" => "GeometryCollection", _ => type,
    };

    private static double[]? Point(string wkt)
    {
        var inside = wkt.Replace("POINT(", "", StringComparison.Ordinal).TrimEnd(')').Split(' ');
        return inside.Length == 2 && double.TryParse(inside[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var x)
               && double.TryParse(inside[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var y)
            ? [Math.Round(x, 7), Math.Round(y, 7)]
            : null;
    }
}

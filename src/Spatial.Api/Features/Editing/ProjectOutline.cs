using System.Text.Json;
using NetTopologySuite.Geometries;
using NetTopologySuite.Operation.Valid;
using Npgsql;
using NpgsqlTypes;
using Spatial.Api.Data;
using Spatial.Api.Features.Footprints;
using Spatial.Api.Http;
using Spatial.Geo;

namespace Spatial.Api.Features.Editing;

/// <summary>
/// The land officer's main action: PUT a project's surveyed outline (界址点 TXT, GeoJSON or WKT). The
/// footprint check runs first; its verdict and report are stored with the new version, and a failing
/// outline is saved only with ?override=true and a reason. The outline's source becomes 'surveyed'
/// and its county the one it lies in.
/// </summary>
public static class ProjectOutline
{
    public const string VerdictHeader = "Footprint-Verdict";

    private const string SaveSql = """
        UPDATE projects SET (geom, geometry_source, county_code) = ROW($2::geometry, 'surveyed', coalesce($3, county_code))
        WHERE id = $1 RETURNING version
        """;

    private const string SectorSql = "SELECT sector FROM projects WHERE id = $1";

    public static async Task<IResult> Put(string featureId, HttpContext http, SpatialDatabase database, FootprintLimits limits)
    {
        var cancellationToken = http.RequestAborted;
        var (target, refusal) = await EditTarget.OpenAsync(http, "projects", "replace outlines of");
        if (target is null) return refusal!;
        await using var _ = target;
        var (layer, connection) = (target.Layer, target.Connection);
        if (Preconditions.Required(http.Request, layer, featureId, out var theirs) is { } precondition) return precondition;
        foreach (var key in http.Request.Query.Keys)
            if (key != "override") return Problems.BadParameter(new ParameterError(key, "unknown parameter; an outline takes override"));
        var overriding = http.Request.Query["override"].ToString() switch
        {
            "" or "false" => false,
            "true" => true,
            var other => (bool?)null,
        };
        if (overriding is null) return Problems.BadParameter(new ParameterError("override", $"'{http.Request.Query["override"]}' is not true or false"));
        var (reason, badReason) = ChangeContext.ReadReason(http.Request);
        if (badReason is not null) return Problems.BadParameter(new ParameterError(ChangeContext.ReasonHeader, badReason));

        var mediaType = FeatureRequestBody.MediaType(http.Request);
        if (FootprintInput.FormatOf(mediaType) is not { } format) return FeatureRequestBody.Unsupported(mediaType, [.. FootprintInput.AcceptedTypes]);
        var (crs, crsProblem) = FeatureRequestBody.Crs(http.Request);
        if (crsProblem is not null) return crsProblem;
        var (body, tooLarge) = await FeatureRequestBody.ReadAsync(http.Request, cancellationToken);
        if (tooLarge is not null) return tooLarge;
        var (submission, rejection) = FootprintInput.Read(format, body, crs!, limits, FeatureRequestBody.ContentCrs);
        if (rejection is not null)
            return TypedResults.Problem(statusCode: rejection.Status, title: rejection.Title, detail: rejection.Detail, extensions: rejection.Extensions);

        var outline = Outline(submission!);
        var errors = new List<FieldError>();
        if (new IsValidOp(outline).ValidationError is { } invalid)
            errors.Add(new("/geometry", $"the outline is invalid: {invalid.Message} at [{invalid.Coordinate.X}, {invalid.Coordinate.Y}] (CGCS2000 lon/lat); correct the file — an invalid outline is never saved"));
        var place = new Dictionary<string, object?> { ["county_code"] = null };
        if (errors.Count == 0) await FeatureChecks.CheckPlaceAsync(connection, layer, outline, place, errors, cancellationToken);
        if (errors.Count > 0) return FeatureRequestBody.Invalid("projects", errors);

        string? sector;
        await using (var read = new NpgsqlCommand(SectorSql, connection))
        {
            read.Parameters.Add(new NpgsqlParameter { Value = featureId, NpgsqlDbType = NpgsqlDbType.Text });
            sector = await read.ExecuteScalarAsync(cancellationToken) as string;
        }
        if (sector is null) return Problems.NotFound($"Collection projects has no feature '{featureId}'.");
        // The check runs on its own pool and may take seconds: the Edits pool gets this connection back meanwhile,
        // so a slow check never keeps other writes waiting, and the write takes one again only once it is due.
        await connection.CloseAsync();
        var report = await FootprintCheck.RunAsync(database.For(DatabaseWork.FootprintChecks), submission!,
            new CheckOptions(Sector: sector, IncludeGeometry: false, ReplacesProject: featureId), cancellationToken);
        var verdict = report.Verdict.ToString()!.ToLowerInvariant();
        if (verdict == "fail" && overriding != true)
            return TypedResults.Problem(statusCode: StatusCodes.Status422UnprocessableEntity, title: "Footprint check failed",
                detail: $"the outline fails the footprint check ({string.Join("; ", report.Reasons.Select(r => r.MessageZh))}); it is not saved. " +
                        $"To save it anyway, send ?override=true with {ChangeContext.ReasonHeader}.",
                // The report as every footprint check writes it (snake_case, severities by name), not in the problem writer's defaults.
                extensions: new Dictionary<string, object?> { ["verdict"] = verdict, ["report"] = JsonSerializer.SerializeToElement(report, JsonOutput.SnakeCase) });
        if (verdict == "fail" && reason is null)
            return Problems.BadParameter(new ParameterError(ChangeContext.ReasonHeader, "overriding a failed footprint check needs a reason"));

        await connection.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var lockRow = new NpgsqlCommand($"SELECT version FROM projects WHERE id = $1 FOR UPDATE", connection, transaction))
        {
            lockRow.Parameters.Add(new NpgsqlParameter { Value = featureId, NpgsqlDbType = NpgsqlDbType.Text });
            if (await lockRow.ExecuteScalarAsync(cancellationToken) is not int current) return Problems.NotFound($"Collection projects has no feature '{featureId}'.");
            if (!theirs.Contains(current)) return await Preconditions.StaleAsync(connection, transaction, layer, featureId, current, theirs, cancellationToken);
        }
        await new ChangeContext(target.Editor, Operation.Update, reason, verdict, JsonSerializer.Serialize(report, JsonOutput.SnakeCase))
            .ApplyAsync(connection, transaction, cancellationToken);
        await using var save = new NpgsqlCommand(SaveSql, connection, transaction);
        save.Parameters.Add(new NpgsqlParameter { Value = featureId, NpgsqlDbType = NpgsqlDbType.Text });
        save.Parameters.Add(new NpgsqlParameter { Value = outline, DataTypeName = "geometry" });
        save.Parameters.Add(new NpgsqlParameter { Value = (object?)place["county_code"] ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        var version = (int)(await save.ExecuteScalarAsync(cancellationToken))!;
        var feature = await FeatureEdits.ReadBackAsync(connection, transaction, layer, featureId, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        http.Response.Headers[VerdictHeader] = verdict;
        return new FeatureWritten(StatusCodes.Status200OK, feature, FeatureVersions.ETag(layer.Table, featureId, version), null);
    }

    /// <summary>
    /// All parcels of the file as one MultiPolygon in CGCS2000 lon/lat (a site may be several parcels).
    /// Valid parcels that share edges are merged; an invalid parcel is left as it is, to be refused.
    /// </summary>
    private static MultiPolygon Outline(FootprintSubmission submission)
    {
        var collected = Geometries.LonLat.CreateMultiPolygon(submission.Footprints
            .SelectMany(f => Enumerable.Range(0, f.LonLat.NumGeometries).Select(f.LonLat.GetGeometryN)).OfType<Polygon>().ToArray());
        if (submission.Footprints.Count == 1 || collected.IsValid || !submission.Footprints.All(f => f.LonLat.IsValid)) return collected;
        var merged = collected.Union();
        return merged as MultiPolygon
               ?? Geometries.LonLat.CreateMultiPolygon(Enumerable.Range(0, merged.NumGeometries).Select(merged.GetGeometryN).OfType<Polygon>().ToArray());
    }
}

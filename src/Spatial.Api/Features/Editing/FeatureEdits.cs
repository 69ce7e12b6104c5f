using System.Text.Json;
using NetTopologySuite.Geometries;
using Npgsql;
using NpgsqlTypes;
using Spatial.Api.Data;
using Spatial.Api.Features.Collections;
using Spatial.Api.Features.Footprints;
using Spatial.Api.Http;
using Spatial.Geo;

namespace Spatial.Api.Features.Editing;

/// <summary>OGC API – Features Part 4: create (POST), replace (PUT), update (PATCH, JSON Merge Patch) and delete one feature.</summary>
public static class FeatureEdits
{
    private static readonly string[] FeatureTypes = ["application/geo+json", "application/json"];

    public static async Task<IResult> Create(string collectionId, HttpContext http, FootprintLimits limits)
    {
        if (await PostedFilter.AnswerAsync(http, collectionId) is { } query) return query;
        var cancellationToken = http.RequestAborted;
        var (target, refusal) = await EditTarget.OpenAsync(http, collectionId, "add features to");
        if (target is null) return refusal!;
        await using var _ = target;
        var (layer, connection) = (target.Layer, target.Connection);
        var read = await ReadFeatureAsync(http, layer, limits, FeatureTypes, patch: false);
        if (read.Problem is not null) return read.Problem;
        var (submitted, values, errors) = (read.Feature!, read.Values!, read.Errors!);
        await CompleteAsync(connection, layer, submitted.Geometry, values, errors, cancellationToken);
        if (errors.Count > 0) return FeatureRequestBody.Invalid(layer.Collection.Id, errors);
        var id = submitted.Id ?? Guid.CreateVersion7().ToString();
        if (ChangeContext.ReadReason(http.Request) is { Error: { } bad }) return Problems.BadParameter(new ParameterError(ChangeContext.ReasonHeader, bad));
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await new ChangeContext(target.Editor, Operation.Create, ChangeContext.ReadReason(http.Request).Reason).ApplyAsync(connection, transaction, cancellationToken);
        await using (var insert = new NpgsqlCommand(FeatureWriteSql.Insert(layer), connection, transaction))
        {
            FeatureWriteSql.AddValues(insert.Parameters, id, layer, values, submitted.Geometry, withGeometry: true);
            if (await insert.ExecuteScalarAsync(cancellationToken) is not int version)
                return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Id taken",
                    detail: $"{layer.Collection.Id} already has a feature '{id}'; leave 'id' out to get a new one, or PUT to replace that feature",
                    extensions: new Dictionary<string, object?> { ["pointer"] = "/id" });
            var feature = await ReadBackAsync(connection, transaction, layer, id, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            var location = Links.To(http.Request, $"/collections/{layer.Collection.Id}/items/{Uri.EscapeDataString(id)}");
            return new FeatureWritten(StatusCodes.Status201Created, feature, FeatureVersions.ETag(layer.Table, id, version), location);
        }
    }

    public static Task<IResult> Replace(string collectionId, string featureId, HttpContext http, FootprintLimits limits) =>
        ChangeAsync(collectionId, featureId, http, limits, patch: false);

    public static Task<IResult> Update(string collectionId, string featureId, HttpContext http, FootprintLimits limits) =>
        ChangeAsync(collectionId, featureId, http, limits, patch: true);

    private static async Task<IResult> ChangeAsync(string collectionId, string featureId, HttpContext http, FootprintLimits limits, bool patch)
    {
        var cancellationToken = http.RequestAborted;
        var (target, refusal) = await EditTarget.OpenAsync(http, collectionId, patch ? "update features of" : "replace features of");
        if (target is null) return refusal!;
        await using var _ = target;
        var (layer, connection) = (target.Layer, target.Connection);
        if (Preconditions.Required(http.Request, layer, featureId, out var theirs) is { } precondition) return precondition;
        if (ChangeContext.ReadReason(http.Request) is { Error: { } bad }) return Problems.BadParameter(new ParameterError(ChangeContext.ReasonHeader, bad));
        var accepted = patch ? [FeatureRequestBody.MergePatch, "application/json"] : FeatureTypes;
        var read = await ReadFeatureAsync(http, layer, limits, accepted, patch);
        if (read.Problem is not null) return read.Problem;
        var (submitted, errors) = (read.Feature!, read.Errors!);
        if (submitted.Id is { } bodyId && bodyId != featureId)
            errors.Add(new("/id", $"'{bodyId}' is not the feature at this URL ('{featureId}'); a feature's id never changes"));

        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var current = await LockAsync(connection, transaction, layer, featureId, cancellationToken);
        if (current is null) return Problems.NotFound($"Collection {layer.Collection.Id} has no feature '{featureId}'.");
        if (!theirs.Contains(current.Version))
            return await Preconditions.StaleAsync(connection, transaction, layer, featureId, current.Version, theirs, cancellationToken);

        var values = patch ? Merge(layer, current.Attributes, submitted.Properties, errors) : read.Values!;
        var geometry = submitted.GeometryGiven ? submitted.Geometry : current.Geometry;
        await CompleteAsync(connection, layer, geometry, values, errors, cancellationToken, transaction);
        if (errors.Count > 0) return FeatureRequestBody.Invalid(layer.Collection.Id, errors);

        await new ChangeContext(target.Editor, patch ? Operation.Update : Operation.Replace, ChangeContext.ReadReason(http.Request).Reason)
            .ApplyAsync(connection, transaction, cancellationToken);
        await using var update = new NpgsqlCommand(FeatureWriteSql.Update(layer, submitted.GeometryGiven), connection, transaction);
        FeatureWriteSql.AddValues(update.Parameters, featureId, layer, values, submitted.Geometry, submitted.GeometryGiven);
        var version = (int)(await update.ExecuteScalarAsync(cancellationToken))!;
        var feature = await ReadBackAsync(connection, transaction, layer, featureId, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new FeatureWritten(StatusCodes.Status200OK, feature, FeatureVersions.ETag(layer.Table, featureId, version), null);
    }

    public static async Task<IResult> Delete(string collectionId, string featureId, HttpContext http)
    {
        var cancellationToken = http.RequestAborted;
        var (target, refusal) = await EditTarget.OpenAsync(http, collectionId, "delete features of");
        if (target is null) return refusal!;
        await using var _ = target;
        var (layer, connection) = (target.Layer, target.Connection);
        if (Preconditions.Required(http.Request, layer, featureId, out var theirs) is { } precondition) return precondition;
        if (ChangeContext.ReadReason(http.Request) is { Error: { } bad }) return Problems.BadParameter(new ParameterError(ChangeContext.ReasonHeader, bad));
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var current = await LockAsync(connection, transaction, layer, featureId, cancellationToken);
        if (current is null) return Problems.NotFound($"Collection {layer.Collection.Id} has no feature '{featureId}'.");
        if (!theirs.Contains(current.Version))
            return await Preconditions.StaleAsync(connection, transaction, layer, featureId, current.Version, theirs, cancellationToken);
        await new ChangeContext(target.Editor, Operation.Delete, ChangeContext.ReadReason(http.Request).Reason).ApplyAsync(connection, transaction, cancellationToken);
        await using (var delete = new NpgsqlCommand(FeatureWriteSql.Delete(layer), connection, transaction))
        {
            delete.Parameters.Add(new NpgsqlParameter { Value = featureId, NpgsqlDbType = NpgsqlDbType.Text });
            await delete.ExecuteNonQueryAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        return TypedResults.NoContent();
    }

    private sealed record ReadFeature(SubmittedFeature? Feature, Dictionary<string, object?>? Values, List<FieldError>? Errors, IResult? Problem);

    private static async Task<ReadFeature> ReadFeatureAsync(HttpContext http, EditableLayer layer, FootprintLimits limits, string[] accepted, bool patch)
    {
        var mediaType = FeatureRequestBody.MediaType(http.Request);
        if (mediaType is null || !accepted.Contains(mediaType)) return new(null, null, null, FeatureRequestBody.Unsupported(mediaType, accepted));
        var (crs, crsProblem) = FeatureRequestBody.Crs(http.Request);
        if (crsProblem is not null) return new(null, null, null, crsProblem);
        var (body, tooLarge) = await FeatureRequestBody.ReadAsync(http.Request, http.RequestAborted);
        if (tooLarge is not null) return new(null, null, null, tooLarge);
        var (document, notJson) = FeatureRequestBody.Json(body!);
        if (notJson is not null) return new(null, null, null, notJson);
        using (document)
        {
            var errors = new List<FieldError>();
            var feature = SubmittedFeature.Read(document!.RootElement, crs!, layer, limits, patch, errors);
            var values = patch ? null : FeatureValues.Read(layer, feature.Properties, errors);
            return new(feature, values, errors, null);
        }
    }

    /// <summary>The current image under a row lock (the second of two concurrent writers waits here, then sees the first one's version).</summary>
    private sealed record Current(int Version, JsonElement Attributes, Geometry? Geometry);

    private static async Task<Current?> LockAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, EditableLayer layer, string id, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(FeatureWriteSql.Lock(layer), connection, transaction);
        command.Parameters.Add(new NpgsqlParameter { Value = id, NpgsqlDbType = NpgsqlDbType.Text });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken)) return null;
        using var attributes = JsonDocument.Parse(reader.GetString(1));
        return new Current(reader.GetInt32(0), attributes.RootElement.Clone(), reader.IsDBNull(2) ? null : reader.GetFieldValue<Geometry>(2));
    }

    /// <summary>RFC 7396 on the properties: a member replaces the stored value, null clears it, the rest stays.</summary>
    private static Dictionary<string, object?> Merge(EditableLayer layer, JsonElement stored, IReadOnlyDictionary<string, JsonElement> patch, List<FieldError> errors)
    {
        var image = new Dictionary<string, JsonElement>();
        foreach (var column in layer.Columns)
            if (stored.TryGetProperty(column.Name, out var value)) image[column.Name] = value;
        foreach (var (name, value) in patch) image[name] = value;
        return FeatureValues.Read(layer, image, errors);
    }

    /// <summary>What the database adds to the checks: the place of the outline (and the county it gives), then the codes, then what is still missing.</summary>
    private static async Task CompleteAsync(NpgsqlConnection connection, EditableLayer layer, Geometry? geometry, Dictionary<string, object?> values,
        List<FieldError> errors, CancellationToken cancellationToken, NpgsqlTransaction? transaction = null)
    {
        if (geometry is not null) await FeatureChecks.CheckPlaceAsync(connection, layer, geometry, values, errors, cancellationToken);
        else if (layer.GeometryRequired && !errors.Any(e => e.Pointer.StartsWith("/geometry", StringComparison.Ordinal)))
            errors.Add(new("/geometry", $"a feature of {layer.Collection.Id} needs a {(layer.Point ? "Point" : "Polygon or MultiPolygon")}"));
        if (FeatureChecks.GeometrySource(layer, geometry is not null, values.GetValueOrDefault("geometry_source")) is { } source
            && (geometry is not null || !errors.Any(e => e.Pointer.StartsWith("/geometry", StringComparison.Ordinal))))
            errors.Add(source);
        FeatureValues.RequireFilled(layer, values, errors);
        await FeatureChecks.CheckReferencesAsync(connection, layer, values, errors, cancellationToken);
    }

    internal static async Task<string> ReadBackAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, EditableLayer layer, string id, CancellationToken cancellationToken)
    {
        var parameters = new SqlParameters();
        await using var command = new NpgsqlCommand(ItemsSql.BuildOne(layer.Collection, CrsReference.Crs84, parameters, id), connection, transaction);
        parameters.AddTo(command.Parameters);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        using var buffer = new MemoryStream();
        await using (var writer = new Utf8JsonWriter(buffer))
            FeatureResponses.WriteFeature(writer, reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1), reader.GetString(2));
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }
}

using System.Text.Json;
using Mapster;
using Spatial.Api.Http;

namespace Spatial.Api.Features.Editing.History;

/// <summary>A version as read from feature_history (the changes as PostGIS computed them, JSON text).</summary>
public sealed record HistoryRow(
    string Layer, string FeatureId, int Version, string Operation, string OperationZh, string OperationEn, DateTimeOffset ChangedAt,
    string ChangedBy, string? Role, string? Reason, string? FootprintVerdict, string Changes, bool GeometryChanged);

/// <summary>One version as the API serves it: who, when, what, why, and each property's before and after.</summary>
public sealed record HistoryVersion(
    string Collection, string FeatureId, int Version, string Operation, string OperationZh, string OperationEn, DateTimeOffset ChangedAt,
    string ChangedBy, string? Role, string? Reason, string? FootprintVerdict, JsonElement Changes, bool GeometryChanged)
{
    public IReadOnlyList<Link> Links { get; init; } = [];
}

/// <summary>Mapster rules for history rows: the table becomes its collection id, the changes text becomes JSON.</summary>
public static class HistoryMapping
{
    public static void Register(TypeAdapterConfig config) =>
        config.NewConfig<HistoryRow, HistoryVersion>()
            .Map(d => d.Collection, s => Collections.CollectionCatalog.All.First(c => c.Table == s.Layer).Id)
            .Map(d => d.Changes, s => JsonDocument.Parse(s.Changes, default).RootElement.Clone())
            .Ignore(d => d.Links);
}

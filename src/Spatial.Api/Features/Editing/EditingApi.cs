using Mapster;
using MapsterMapper;
using Spatial.Api.Data;
using Spatial.Api.Features.Editing.History;
using Spatial.Api.Http.Limits;

namespace Spatial.Api.Features.Editing;

/// <summary>Writes to the editable collections (OGC API – Features Part 4), their history and the audit trail.</summary>
public static class EditingApi
{
    public static IServiceCollection AddEditing(this IServiceCollection services)
    {
        var mapping = new TypeAdapterConfig();
        HistoryMapping.Register(mapping);
        mapping.Compile();
        services.AddSingleton(mapping);
        services.AddSingleton<IMapper>(new Mapper(mapping));
        return services.AddSingleton<EditingSchema>();
    }

    public static void MapEditing(this IEndpointRouteBuilder app)
    {
        var items = app.MapGroup("/collections/{collectionId}/items").WithTags("Editing").UsesDatabase(DatabaseWork.Edits);
        items.MapPost("", FeatureEdits.Create).WithName("CreateFeature")
            .WithSummary("Add a feature (GeoJSON Feature; Content-Crs names its CRS). 201 with Location and ETag.");
        items.MapPut("/{featureId}", FeatureEdits.Replace).WithName("ReplaceFeature")
            .WithSummary("Replace a feature (If-Match: its ETag).");
        items.MapPatch("/{featureId}", FeatureEdits.Update).WithName("UpdateFeature")
            .WithSummary("Change some properties or the geometry (JSON Merge Patch; If-Match: its ETag).");
        items.MapDelete("/{featureId}", FeatureEdits.Delete).WithName("DeleteFeature")
            .WithSummary("Delete a feature (If-Match: its ETag); it stays in its history and can be restored.");
        app.MapPut("/collections/projects/items/{featureId}/outline", ProjectOutline.Put).WithTags("Editing").UsesDatabase(DatabaseWork.Edits)
            .WithName("ReplaceProjectOutline")
            .WithSummary("A project's surveyed outline (land-parcel TXT, GeoJSON or WKT): checked, then saved with its verdict (If-Match).");
        items.MapPost("/{featureId}/history/{version:int}/restore", Restore.Post).WithName("RestoreVersion")
            .WithSummary("Administrators: bring back the feature as it was after a version (X-Change-Reason required).");

        var history = app.MapGroup("").WithTags("History").UsesDatabase(DatabaseWork.Reads);
        history.MapGet("/collections/{collectionId}/items/{featureId}/history", HistoryApi.List).WithName("FeatureHistory")
            .WithSummary("Every version of a feature (also a deleted one): who, when, what changed, why.");
        history.MapGet("/collections/{collectionId}/items/{featureId}/history/{version:int}", HistoryApi.Version).WithName("FeatureVersion")
            .WithSummary("The feature as it was after a version, in any CRS.");
        history.MapGet("/audit", AuditApi.Get).WithName("Audit").UsesDatabase(RequestDeadlines.ReadOrExport)
            .WithSummary("Every change by user, collection and time (JSON or CSV).");
    }
}

using Spatial.Api.Data;
using Spatial.Api.Http.Limits;

namespace Spatial.Api.Features.Editing;

/// <summary>Writes to the editable collections (OGC API – Features Part 4), their history and the audit trail.</summary>
public static class EditingApi
{
    public static IServiceCollection AddEditing(this IServiceCollection services) => services.AddSingleton<EditingSchema>();

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
    }
}

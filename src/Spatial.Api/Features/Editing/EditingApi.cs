using Mapster;
using MapsterMapper;
using Spatial.Api.Data;
using Spatial.Api.Features.Editing.History;
using Spatial.Api.Features.Collections;
using Spatial.Api.Features.Footprints;
using Spatial.Api.Http.Limits;
using Spatial.Api.Http.OpenApi;

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

    private const string PostedFilterAnswer = "A CQL2 JSON filter instead of a feature (an object without type, what OWSLib's cql= sends): See Other, the GET with it in filter";

    public static void MapEditing(this IEndpointRouteBuilder app)
    {
        var items = app.MapGroup("/collections/{collectionId}/items").WithTags("Editing").UsesDatabase(DatabaseWork.Edits);
        var feature = ItemsDocumentation.FeatureId;
        var (ifMatch, reason, crs) = (EditingDocumentation.IfMatch, EditingDocumentation.Reason, EditingDocumentation.ContentCrs);
        items.MapPost("", FeatureEdits.Create).WithName("CreateFeature")
            .WithSummary("Add a feature (GeoJSON Feature; Content-Crs names its CRS). 201 with Location and ETag.")
            .PathPerCollection(CollectionPaths.Every).ReadsBody(EditingDocumentation.FeatureBodies).Parameters(crs, reason)
            .Answers(201, "Created (Location, ETag)", "application/geo+json")
            .Answers(303, PostedFilterAnswer)
            .AnswersWrite(ifMatch: false)
            .OnReadOnlyCollections("Read with a CQL2 JSON filter POSTed (what OWSLib's cql= sends): 303 to the GET with it in filter. " +
                                   "Reference data: features are not added here.", ["application/json"],
                new ApiResponse(303, PostedFilterAnswer),
                new ApiResponse(400, "The filter is not CQL2 JSON this service reads; the problem names the body and where", "application/problem+json"),
                new ApiResponse(401, "A feature (an object with type), or a body that is not JSON, sent without credentials", "application/problem+json"),
                new ApiResponse(405, "A feature: this collection is not edited here", "application/problem+json"),
                new ApiResponse(413, $"The filter's body is over {PostedFilter.MaxBodyBytes / 1024} KiB, or its URL would be too long", "application/problem+json"));
        items.MapPut("/{featureId}", FeatureEdits.Replace).WithName("ReplaceFeature")
            .WithSummary("Replace a feature (If-Match: its ETag).")
            .PathPerCollection(CollectionPaths.Editable).ReadsBody(EditingDocumentation.FeatureBodies).Parameters(feature, ifMatch, reason, crs)
            .Answers(200, "OK", "application/geo+json").AnswersWrite(ifMatch: true);
        items.MapPatch("/{featureId}", FeatureEdits.Update).WithName("UpdateFeature")
            .WithSummary("Change some properties or the geometry (JSON Merge Patch; If-Match: its ETag).")
            .PathPerCollection(CollectionPaths.Editable).ReadsBody("application/merge-patch+json", "application/json").Parameters(feature, ifMatch, reason, crs)
            .Answers(200, "OK", "application/geo+json").AnswersWrite(ifMatch: true);
        items.MapDelete("/{featureId}", FeatureEdits.Delete).WithName("DeleteFeature")
            .WithSummary("Delete a feature (If-Match: its ETag); it stays in its history and can be restored.")
            .PathPerCollection(CollectionPaths.Editable).Parameters(feature, ifMatch, reason)
            .Answers(204, "Deleted").AnswersWrite(ifMatch: true);
        app.MapPut("/collections/projects/items/{featureId}/outline", ProjectOutline.Put).WithTags("Editing").UsesDatabase(DatabaseWork.Edits)
            .WithName("ReplaceProjectOutline")
            .WithSummary("A project's surveyed outline (land-parcel TXT, GeoJSON or WKT): checked, then saved with its verdict (If-Match).")
            .ReadsBody(FootprintInput.AcceptedTypes).Parameters(feature, ifMatch, reason, crs)
            .Answers(200, "OK", "application/geo+json").AnswersWrite(ifMatch: true);
        items.MapPost("/{featureId}/history/{version:int}/restore", Restore.Post).WithName("RestoreVersion")
            .WithSummary("Administrators: bring back the feature as it was after a version (X-Change-Reason required).")
            .Parameters(feature, EditingDocumentation.Version, reason with { Required = true })
            .Answers(200, "OK", "application/geo+json").AnswersWrite(ifMatch: false);

        var history = app.MapGroup("").WithTags("History").UsesDatabase(DatabaseWork.Reads);
        history.MapGet("/collections/{collectionId}/items/{featureId}/history", HistoryApi.List).WithName("FeatureHistory")
            .WithSummary("Every version of a feature (also a deleted one): who, when, what changed, why.")
            .PathPerCollection(CollectionPaths.Editable).Parameters(feature);
        history.MapGet("/collections/{collectionId}/items/{featureId}/history/{version:int}", HistoryApi.Version).WithName("FeatureVersion")
            .WithSummary("The feature as it was after a version, in any CRS.")
            .PathPerCollection(CollectionPaths.Editable).Parameters(EditingDocumentation.FeatureVersion).Answers(200, "OK", "application/geo+json");
        history.MapGet("/audit", AuditApi.Get).WithName("Audit").UsesDatabase(RequestDeadlines.ReadOrExport)
            .WithSummary("Every change by user, collection and time (JSON or CSV).").Parameters(EditingDocumentation.Audit)
            .Answers(200, "OK", "application/json", "text/csv");
    }
}

using Spatial.Api.Features.Collections;
using Spatial.Api.Http.OpenApi;

namespace Spatial.Api.Features.Editing;

/// <summary>The headers and answers of the writes, as the API definition describes them.</summary>
public static class EditingDocumentation
{
    public static readonly string[] FeatureBodies = ["application/geo+json", "application/json"];

    public static readonly ApiParameter IfMatch = ApiParameter.Header("If-Match",
        "the feature's ETag as read, of any content coding (428 without it, 412 when it changed since)", required: true);

    public static readonly ApiParameter Reason = ApiParameter.Header(ChangeContext.ReasonHeader, "why (percent-encoded UTF-8), kept in the history");

    public static readonly ApiParameter ContentCrs = ApiParameter.Header("Content-Crs",
        "CRS of the body's coordinates, e.g. <http://www.opengis.net/def/crs/EPSG/0/4528> (default CRS84)");

    /// <summary>What a write may answer besides its success, <paramref name="ifMatch"/> when it needs the ETag read.</summary>
    public static TBuilder AnswersWrite<TBuilder>(this TBuilder write, bool ifMatch) where TBuilder : IEndpointConventionBuilder
    {
        write.WithCredentials()
            .Problem(409, "Conflict (an id taken, a row still referenced)")
            .Problem(415, "Unsupported media type")
            .Problem(422, "Invalid feature: every problem, each under its JSON pointer");
        if (ifMatch) write.Problem(412, "Changed since read (If-Match)").Problem(428, "If-Match required");
        return write;
    }

    public static readonly ApiParameter[] Audit =
    [
        ApiParameter.Query("user", "who"), ApiParameter.Query("collection", "collection id"),
        ApiParameter.Query("since", "from (RFC 3339)", format: "date-time"), ApiParameter.Query("until", "before (RFC 3339)", format: "date-time"),
        ApiParameter.Query("limit", "entries per page", "integer", minimum: 1, maximum: History.AuditApi.MaxLimit, @default: History.AuditApi.DefaultLimit),
        ApiParameter.Query("cursor", "from a 'next' link"), ApiParameter.Query("f", "format", @enum: ["json", "csv"]),
    ];

    public static readonly ApiParameter Version = ApiParameter.Path("version", "version", "integer", minimum: 1);

    public static readonly ApiParameter[] FeatureVersion = [ItemsDocumentation.FeatureId, Version, ItemsDocumentation.ResponseCrs];
}

using Microsoft.AspNetCore.Http.Metadata;

namespace Spatial.Api.Http.OpenApi;

/// <summary>Parameters an endpoint reads (several may be attached: a group's and the endpoint's own).</summary>
public sealed record ApiParameters(IReadOnlyList<ApiParameter> All);

/// <summary>A response the endpoint may give, in the framework's own metadata so anything reading endpoints sees it.</summary>
public sealed record ApiResponse(int StatusCode, string Description, params string[] MediaTypes) : IProducesResponseTypeMetadata
{
    public Type? Type => null;
    public IEnumerable<string> ContentTypes => MediaTypes;
}

/// <summary>The media types of the request body an endpoint reads.</summary>
public sealed record ApiBody(IReadOnlyList<string> MediaTypes);

/// <summary>The endpoint needs an API key or a bearer token.</summary>
public sealed record NeedsCredentials;

/// <summary>The endpoint's items GET takes the collection's queryables as parameters (OGC API Features Part 3).</summary>
public sealed record QueryablesAsParameters;

/// <summary>The endpoint's route is written out per collection (<see cref="CollectionPaths"/>).</summary>
public sealed record CollectionPathsMetadata(CollectionPaths Paths);

/// <summary>
/// What a route written out for every collection does on a collection no role writes, described there instead of the
/// endpoint's own summary, body and answers (POST /items: a CQL2 JSON filter, but no feature, on reference data).
/// </summary>
public sealed record OnReadOnlyCollections(string Summary, IReadOnlyList<string> Bodies, IReadOnlyList<ApiResponse> Responses);

/// <summary>For which collections the definition writes a route with <c>{collectionId}</c> out, one path each:
/// OGC clients read a collection's own paths (and its queryables) rather than a template.</summary>
public enum CollectionPaths
{
    /// <summary>One path with {collectionId} left in it.</summary>
    Template,
    /// <summary>Every collection of the catalog.</summary>
    Every,
    /// <summary>The collections some role may write (the database's role_layers).</summary>
    Editable,
    /// <summary>The collections that have vector tiles.</summary>
    Tiled,
}

/// <summary>How an endpoint is described in /api, attached where it is mapped.</summary>
public static class ApiDocumentation
{
    public static TBuilder Parameters<TBuilder>(this TBuilder builder, params ApiParameter[] parameters) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new ApiParameters(parameters));

    public static TBuilder Answers<TBuilder>(this TBuilder builder, int status, string description, params string[] mediaTypes)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new ApiResponse(status, description, mediaTypes));

    public static TBuilder Problem<TBuilder>(this TBuilder builder, int status, string description) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new ApiResponse(status, description, "application/problem+json"));

    /// <summary>
    /// The media types of the request body. Not the framework's AcceptsMetadata: routing would answer any other
    /// Content-Type with a bare 415 before the handler could say which types it reads.
    /// </summary>
    public static TBuilder ReadsBody<TBuilder>(this TBuilder builder, params string[] mediaTypes) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new ApiBody(mediaTypes));

    public static TBuilder WithCredentials<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new NeedsCredentials());

    public static TBuilder PathPerCollection<TBuilder>(this TBuilder builder, CollectionPaths paths) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new CollectionPathsMetadata(paths));

    public static TBuilder OnReadOnlyCollections<TBuilder>(this TBuilder builder, string summary, IReadOnlyList<string> bodies, params ApiResponse[] responses)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new OnReadOnlyCollections(summary, bodies, responses));

    public static TBuilder WithQueryables<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new QueryablesAsParameters());
}

namespace Spatial.Api.Features.Editing;

/// <summary>One thing wrong with a submitted feature: a JSON pointer into the body (RFC 6901) and what is wrong there.</summary>
public sealed record FieldError(string Pointer, string Detail);

namespace Spatial.Api.Features.Editing;

/// <summary>One thing wrong with a submitted feature: a JSON pointer into the body (RFC 6901) and what is wrong there.</summary>
/// <summary><see cref="Code"/>: the rule that found it (required, type, unknown_code, invalid_geometry, …), for reports that list many features.</summary>
public sealed record FieldError(string Pointer, string Detail, string? Code = null);

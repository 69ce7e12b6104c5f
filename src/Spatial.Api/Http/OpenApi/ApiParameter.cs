namespace Spatial.Api.Http.OpenApi;

/// <summary>A query, header or path parameter as the API definition describes it; the handlers read the query themselves,
/// so the framework cannot see these and each endpoint names its own (<see cref="ApiDocumentation.Parameters"/>).</summary>
public sealed record ApiParameter(string Name, ParameterIn In, string Description, string Type = "string", bool Required = false,
    string? Format = null, IReadOnlyList<string>? Enum = null, int? Minimum = null, int? Maximum = null, int? Default = null)
{
    public static ApiParameter Query(string name, string description, string type = "string", IReadOnlyList<string>? @enum = null,
        string? format = null, int? minimum = null, int? maximum = null, int? @default = null) =>
        new(name, ParameterIn.Query, description, type, Enum: @enum, Format: format, Minimum: minimum, Maximum: maximum, Default: @default);

    public static ApiParameter Header(string name, string description, bool required = false) =>
        new(name, ParameterIn.Header, description, Required: required);

    public static ApiParameter Path(string name, string description, string type = "string", IReadOnlyList<string>? @enum = null,
        int? minimum = null, int? maximum = null) =>
        new(name, ParameterIn.Path, description, type, Required: true, Enum: @enum, Minimum: minimum, Maximum: maximum);
}

public enum ParameterIn { Path, Query, Header }

namespace Spatial.Api.Features.Imports;

/// <summary>
/// Why a file cannot be imported at all (unreadable, too large, a layer to choose, a CRS missing): the status and
/// the words of the problem, and the parameter to change when one would help.
/// </summary>
public sealed class ImportRefusedException(int status, string title, string detail, string? parameter = null) : Exception(detail)
{
    public int Status { get; } = status;
    public string Title { get; } = title;
    public string? Parameter { get; } = parameter;

    public static ImportRefusedException Unreadable(string detail) => new(StatusCodes.Status400BadRequest, "Unreadable file", detail, "file");

    public static ImportRefusedException TooLarge(string detail) => new(StatusCodes.Status413PayloadTooLarge, "File too large", detail, "file");

    public static ImportRefusedException Needs(string parameter, string detail) => new(StatusCodes.Status400BadRequest, "Invalid parameter", $"{parameter}: {detail}", parameter);

    /// <summary>The problem as the import resource keeps it (<c>problem</c>): status, title, detail and the parameter.</summary>
    public System.Text.Json.Nodes.JsonObject ToJson() => new()
    {
        ["status"] = Status, ["title"] = Title, ["detail"] = Message, ["parameter"] = Parameter,
    };

    public IResult ToProblem(IDictionary<string, object?>? extensions = null)
    {
        var all = new Dictionary<string, object?>(extensions ?? new Dictionary<string, object?>());
        if (Parameter is not null) all["parameter"] = Parameter;
        return TypedResults.Problem(statusCode: Status, title: Title, detail: Message, extensions: all);
    }
}

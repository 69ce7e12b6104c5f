using System.Text.RegularExpressions;
using Spatial.Api.Http;

namespace Spatial.Api.Features.Counties;

internal enum TableFormat { Json, Csv }

/// <summary>Parameter checks shared by the county and statistics endpoints.</summary>
internal static partial class CountyRequests
{
    [GeneratedRegex(@"^\d{6}$")]
    private static partial Regex CountyCode();

    public static ParameterError? CheckCode(string code) =>
        CountyCode().IsMatch(code) ? null : new ParameterError("code", $"'{code}' is not a 6-digit county code (GB/T 2260), e.g. 230382");

    public static ParameterError? Format(HttpRequest request, IReadOnlyCollection<string> allowed, out TableFormat format)
    {
        format = TableFormat.Json;
        foreach (var key in request.Query.Keys)
            if (!allowed.Contains(key))
                return new ParameterError(key, $"unknown parameter; this resource takes {string.Join(", ", allowed)}");
        var f = request.Query["f"].ToString();
        switch (f)
        {
            case "" or "json": return null;
            case "csv": format = TableFormat.Csv; return null;
            default: return new ParameterError("f", $"'{f}' is not offered; use json or csv");
        }
    }

    public static IResult UnknownCounty(string code) => Problems.NotFound(
        $"There is no county {code}. The counties are 230302–230307, 230321, 230381, 230382 (鸡西市) and 231081 (绥芬河市); see /collections/counties/items.");
}

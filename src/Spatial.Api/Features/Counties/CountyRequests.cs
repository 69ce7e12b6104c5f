using System.Text.RegularExpressions;
using Spatial.Api.Http;

namespace Spatial.Api.Features.Counties;

/// <summary>Parameter checks shared by the county and statistics endpoints.</summary>
internal static partial class CountyRequests
{
    /// <summary>Every county table is JSON or CSV.</summary>
    public static readonly OutputFormat[] Formats = [OutputFormat.Json, OutputFormat.Csv];

    [GeneratedRegex(@"^\d{6}$")]
    private static partial Regex CountyCode();

    public static ParameterError? CheckCode(string code) =>
        CountyCode().IsMatch(code) ? null : new ParameterError("code", $"'{code}' is not a 6-digit county code (GB/T 2260), e.g. 230382");

    /// <summary>Only the <paramref name="allowed"/> parameters, and <c>f</c> one of <see cref="Formats"/>.</summary>
    public static ParameterError? Format(HttpRequest request, IReadOnlyCollection<string> allowed, out OutputFormat format)
    {
        format = Formats[0];
        return ParameterChecks.OnlyKnown(request.Query, allowed) ?? ParameterChecks.Format(request.Query, Formats, out format);
    }

    public static IResult UnknownCounty(string code) => Problems.NotFound(
        $"There is no county {code}. The counties are 230302–230307, 230321, 230381, 230382 (鸡西市) and 231081 (绥芬河市); see /collections/counties/items.");
}

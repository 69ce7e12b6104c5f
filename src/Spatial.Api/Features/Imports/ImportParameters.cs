using System.Text.Json;
using Spatial.Api.Features.Imports.Coordinates;
using Spatial.Api.Http;
using Spatial.Geo;

namespace Spatial.Api.Features.Imports;

/// <summary>How an import matches a feature of the file with a stored one: by <c>id</c> or by <c>source_ref</c>.</summary>
public enum MatchBy { Id, SourceRef }

/// <summary>The encodings a file without its own (.cpg, a BOM) may be declared in.</summary>
public enum TextEncoding { Utf8, Gbk }

/// <summary>
/// The options of an import, from the query (or the CLI's flags, checked by the same rules). The coordinates'
/// (<c>crs</c> and the legacy-datum parameters) are the coordinates plan's (<see cref="CoordinatePlans"/>).
/// </summary>
public sealed record ImportParameters(
    bool DryRun, CoordinateParameters Coordinates, TextEncoding? Encoding, IReadOnlyDictionary<string, string> Mapping, string? Layer, MatchBy Match)
{
    public static readonly string[] Names = ["dry_run", "encoding", "mapping", "layer", "match", .. CoordinateParameters.Names];

    public const int MaxMappingLength = 8192;

    public static string Code(TextEncoding encoding) => encoding == TextEncoding.Gbk ? "GBK" : "UTF-8";

    public static string Code(MatchBy match) => match == MatchBy.SourceRef ? "source_ref" : "id";

    /// <summary>
    /// Reads the options; the first bad one is the 400's parameter. <paramref name="properties"/> are the ones a file
    /// fills, <paramref name="servedOnly"/> the ones the collection derives, which a mapping may name and which are ignored.
    /// </summary>
    public static (ImportParameters? Parameters, ParameterError? Error) Read(IReadOnlyDictionary<string, string> query, IReadOnlyCollection<string> properties,
        IReadOnlyCollection<string>? servedOnly = null)
    {
        foreach (var name in query.Keys)
            if (!Names.Contains(name))
                return (null, new ParameterError(name, $"unknown parameter; an import takes {string.Join(", ", Names)}"));
        var dryRun = query.GetValueOrDefault("dry_run") switch
        {
            null or "" or "false" => false,
            "true" => true,
            _ => (bool?)null,
        };
        if (dryRun is null) return (null, new ParameterError("dry_run", $"'{query["dry_run"]}' is not true or false"));
        var coordinates = new CoordinateParameters(query.GetValueOrDefault(CoordinateParameters.CrsName), query.GetValueOrDefault(CoordinateParameters.SevenParametersName),
            query.GetValueOrDefault(CoordinateParameters.RotationConventionName), query.GetValueOrDefault(CoordinateParameters.FourParametersName));
        // A crs given is judged now (with its datum parameters), before the file is read; a file's own CRS when it has been.
        if (coordinates.Crs is not null && CoordinatePlans.Resolve(coordinates, DeclaredCrs.None).Error is { } crsError) return (null, crsError);
        TextEncoding? encoding = null;
        if (query.TryGetValue("encoding", out var encodingText))
        {
            encoding = encodingText.ToUpperInvariant() switch
            {
                "UTF-8" or "UTF8" => TextEncoding.Utf8,
                "GBK" or "GB2312" or "GB18030" or "CP936" => TextEncoding.Gbk,
                _ => null,
            };
            if (encoding is null) return (null, new ParameterError("encoding", $"'{encodingText}' is not GBK or UTF-8"));
        }
        var (mapping, mappingError) = ReadMapping(query.GetValueOrDefault("mapping"), properties, servedOnly);
        if (mappingError is not null) return (null, mappingError);
        var layer = query.GetValueOrDefault("layer");
        if (layer is { Length: 0 or > 200 } || layer?.Any(char.IsControl) == true)
            return (null, new ParameterError("layer", "a layer name is 1 to 200 characters without control characters"));
        var match = query.GetValueOrDefault("match") switch
        {
            null or "" or "id" => MatchBy.Id,
            "source_ref" => MatchBy.SourceRef,
            _ => (MatchBy?)null,
        };
        if (match is null) return (null, new ParameterError("match", $"'{query["match"]}' is not id or source_ref"));
        return (new ImportParameters(dryRun.Value, coordinates, encoding, mapping!, layer, match.Value), null);
    }

    /// <summary>
    /// <c>mapping</c>: a JSON object from a field of the file to a property of the collection (or <c>id</c>), e.g.
    /// <c>{"名称":"name_zh","XMMC":"name_zh"}</c>. Several fields may map to one property; the first one filled counts.
    /// A field mapped to a property in <paramref name="servedOnly"/> (an area, a county name: what the fields.csv of an
    /// exported Shapefile lists too) is accepted and passed over, as a single write passes over it.
    /// </summary>
    public static (IReadOnlyDictionary<string, string>? Mapping, ParameterError? Error) ReadMapping(string? text, IReadOnlyCollection<string> properties,
        IReadOnlyCollection<string>? servedOnly = null)
    {
        var mapping = new Dictionary<string, string>();
        if (text is null) return (mapping, null);
        if (text.Length > MaxMappingLength) return (null, new ParameterError("mapping", $"at most {MaxMappingLength} characters"));
        var (document, problem) = JsonInput.Parse(System.Text.Encoding.UTF8.GetBytes(text));
        if (document is null) return (null, new ParameterError("mapping", $"not JSON: {problem}"));
        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
                return (null, new ParameterError("mapping", "a JSON object from a field of the file to a property, e.g. {\"名称\":\"name_zh\"}"));
            foreach (var entry in document.RootElement.EnumerateObject())
            {
                if (entry.Name.Length is 0 or > 200 || entry.Name.Any(char.IsControl))
                    return (null, new ParameterError("mapping", "a field name is 1 to 200 characters without control characters"));
                if (entry.Value.ValueKind != JsonValueKind.String || entry.Value.GetString() is not { } target)
                    return (null, new ParameterError("mapping", $"the field '{entry.Name}' must map to a property name (a string)"));
                if (target != "id" && !properties.Contains(target) && servedOnly?.Contains(target) != true)
                    return (null, new ParameterError("mapping", $"'{target}' (for field '{entry.Name}') is not a property of this collection; " +
                                                                $"use id or one of {string.Join(", ", properties)}"));
                if (!mapping.TryAdd(entry.Name, target))
                    return (null, new ParameterError("mapping", $"the field '{entry.Name}' is mapped twice"));
            }
        }
        return (mapping, null);
    }
}

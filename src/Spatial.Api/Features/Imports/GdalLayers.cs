using System.Globalization;

namespace Spatial.Api.Features.Imports;

/// <summary>A layer of a file as <c>ogrinfo -so -al</c> describes it.</summary>
public sealed record GdalLayer(string Name, string Geometry, long Features, string? CrsWkt);

/// <summary>The layers of a file, and the one an import reads (the <c>layer</c> parameter when there are several).</summary>
public static class GdalLayers
{
    public static async Task<IReadOnlyList<GdalLayer>> ListAsync(string source, CancellationToken cancellationToken, IEnumerable<string>? openOptions = null)
    {
        var result = await Gdal.RunAsync("ogrinfo", ["-ro", "-so", "-al", "-nomd", .. openOptions ?? [], source], cancellationToken);
        if (result.ExitCode != 0) throw ImportRefusedException.Unreadable($"file: GDAL cannot read it ({FirstError(result.Errors)})");
        var layers = new List<GdalLayer>();
        string? name = null, geometry = null;
        long count = 0;
        var lines = result.Output.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].TrimEnd('\r');
            if (line.StartsWith("Layer name: ", StringComparison.Ordinal))
            {
                name = line["Layer name: ".Length..];
                geometry = null;
                count = 0;
            }
            else if (line.StartsWith("Geometry: ", StringComparison.Ordinal)) geometry = line["Geometry: ".Length..];
            else if (line.StartsWith("Feature Count: ", StringComparison.Ordinal))
                count = long.TryParse(line["Feature Count: ".Length..], NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : 0;
            else if (line.StartsWith("Layer SRS WKT:", StringComparison.Ordinal) && name is not null)
            {
                // The WKT: its first line, then every indented line after it.
                string? wkt = null;
                if (i + 1 < lines.Length && !lines[i + 1].Trim().Equals("(unknown)", StringComparison.Ordinal))
                {
                    var wktLines = new List<string> { lines[++i].TrimEnd('\r') };
                    while (i + 1 < lines.Length && lines[i + 1].StartsWith(' ')) wktLines.Add(lines[++i].TrimEnd('\r'));
                    wkt = string.Join('\n', wktLines);
                }
                layers.Add(new GdalLayer(name, geometry ?? "Unknown", count, wkt));
                name = null;
            }
        }
        if (name is not null) layers.Add(new GdalLayer(name, geometry ?? "Unknown", count, null));
        return layers;
    }

    /// <summary>The layer to read: the named one, else the only one with features; a 400 naming the choices otherwise.</summary>
    public static GdalLayer Choose(IReadOnlyList<GdalLayer> layers, string? wanted)
    {
        if (wanted is not null)
            return layers.FirstOrDefault(l => l.Name == wanted)
                   ?? throw ImportRefusedException.Needs("layer", $"the file has no layer '{wanted}'; it has {Names(layers)}");
        var filled = layers.Where(l => l.Features != 0).ToList();
        if (filled.Count == 1) return filled[0];
        if (filled.Count == 0) throw ImportRefusedException.Unreadable(layers.Count == 0 ? "file: GDAL finds no layer in it" : "file: every layer is empty");
        throw ImportRefusedException.Needs("layer", $"the file has {filled.Count} layers with features; choose one of {Names(filled)}");
    }

    private static string Names(IEnumerable<GdalLayer> layers) => string.Join(", ", layers.Select(l => $"'{l.Name}' ({l.Features} features)"));

    public static string FirstError(string errors)
    {
        var line = errors.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.StartsWith("ERROR", StringComparison.Ordinal))
                   ?? errors.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.Length > 0) ?? "no message";
        return line.Length > 500 ? line[..500] + "…" : line;
    }
}

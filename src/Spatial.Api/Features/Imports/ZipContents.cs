using System.Globalization;
using System.IO.Compression;

namespace Spatial.Api.Features.Imports;

/// <summary>
/// A zip from outside (zipped Shapefile, KMZ, XLSX), held to the limits before GDAL sees it: at most
/// <see cref="ImportSettings.MaxZipEntries"/> entries, names that stay inside (no "..", no absolute path), and
/// every entry really inflated and counted against <see cref="ImportSettings.MaxUnzippedBytes"/> — the sizes a zip
/// declares can lie, a zip bomb's do.
/// </summary>
public static class ZipContents
{
    /// <summary>
    /// Checks the zip and unpacks the entries <paramref name="wanted"/> chooses into <paramref name="directory"/>
    /// under their file names (folders flattened); returns the names of all entries.
    /// </summary>
    public static IReadOnlyList<string> CheckAndUnpack(string zipPath, ImportSettings settings, string? directory = null, Func<string, bool>? wanted = null)
    {
        ZipArchive zip;
        try
        {
            zip = ZipFile.OpenRead(zipPath);
        }
        catch (InvalidDataException e)
        {
            throw ImportRefusedException.Unreadable($"file: not a readable zip ({e.Message})");
        }
        using (zip)
        {
            if (zip.Entries.Count > settings.MaxZipEntries)
                throw ImportRefusedException.Unreadable(string.Create(CultureInfo.InvariantCulture,
                    $"file: the zip has {zip.Entries.Count} entries; at most {settings.MaxZipEntries} are read (Spatial:Imports:MaxZipEntries)"));
            foreach (var entry in zip.Entries)
                if (Unsafe(entry.FullName))
                    throw ImportRefusedException.Unreadable($"file: the zip entry '{entry.FullName}' points outside the archive (absolute path or '..'); it is not unpacked");
            long total = 0;
            var buffer = new byte[81920];
            foreach (var entry in zip.Entries)
            {
                if (entry.FullName.EndsWith('/')) continue;
                var keep = directory is not null && wanted?.Invoke(entry.FullName) == true;
                using var source = Open(entry);
                using var target = keep ? File.Create(Path.Combine(directory!, Path.GetFileName(entry.FullName))) : Stream.Null;
                int read;
                while ((read = Read(source, buffer, entry)) > 0)
                {
                    total += read;
                    if (total > settings.MaxUnzippedBytes)
                        throw ImportRefusedException.TooLarge(string.Create(CultureInfo.InvariantCulture,
                            $"file: the zip unpacks to more than {settings.MaxUnzippedBytes / 1024 / 1024} MiB (Spatial:Imports:MaxUnzippedBytes)"));
                    target.Write(buffer, 0, read);
                }
            }
            return zip.Entries.Select(e => e.FullName).ToList();
        }
    }

    private static bool Unsafe(string name)
    {
        var normalized = name.Replace('\\', '/');
        return normalized.StartsWith('/') || (normalized.Length > 1 && normalized[1] == ':')
               || normalized.Split('/').Any(part => part == "..") || name.Any(c => c == '\0');
    }

    private static Stream Open(ZipArchiveEntry entry)
    {
        try
        {
            return entry.Open();
        }
        catch (InvalidDataException e)
        {
            throw ImportRefusedException.Unreadable($"file: the zip entry '{entry.FullName}' cannot be read ({e.Message})");
        }
    }

    private static int Read(Stream source, byte[] buffer, ZipArchiveEntry entry)
    {
        try
        {
            return source.Read(buffer, 0, buffer.Length);
        }
        catch (InvalidDataException e)
        {
            throw ImportRefusedException.Unreadable($"file: the zip entry '{entry.FullName}' cannot be read ({e.Message})");
        }
    }
}

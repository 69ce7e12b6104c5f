using System.Text;
using System.Text.Json;
using Npgsql;
using Spatial.Api.Features.Collections;
using Spatial.Api.Http;

namespace Spatial.Api.Features.Exports;

/// <summary>
/// Writes the rows of <see cref="ItemsSql.Build"/> to a file one at a time, as they arrive, so an export never
/// holds the layer in memory: GeoJSON (the spool ogr2ogr reads, and the command line's .geojson) or CSV.
/// </summary>
public interface IFeatureFile : IAsyncDisposable
{
    Task WriteAsync(NpgsqlDataReader reader, CancellationToken cancellationToken);

    /// <summary>Characters written as '?' because the file's encoding lacks them.</summary>
    int Lost { get; }
}

public static class FeatureFiles
{
    /// <summary>A file for the rows of <paramref name="request"/>; <paramref name="gbk"/>: its text will be written in GBK (see <see cref="Geo.GbkText"/>).</summary>
    public static IFeatureFile Open(string path, ItemsRequest request, bool gbk = false) =>
        request.Format == OutputFormat.Csv ? new CsvFile(path, request) : new GeoJsonFile(path, request.Properties, gbk);

    /// <summary>
    /// A FeatureCollection: PostGIS's geometry text copied as it is, the properties from their columns, the feature id as
    /// "id". For a GBK file the properties are rewritten with the text GBK can hold, so nothing becomes '?' that has a GBK form.
    /// </summary>
    private sealed class GeoJsonFile : IFeatureFile
    {
        private const int FlushEvery = 200;
        private readonly FileStream _file;
        private readonly Utf8JsonWriter _writer;
        private readonly IReadOnlyList<FeatureProperty> _properties;
        private readonly bool _gbk;
        private int _written;

        public int Lost { get; private set; }

        public GeoJsonFile(string path, IReadOnlyList<FeatureProperty> properties, bool gbk)
        {
            _properties = properties;
            _gbk = gbk;
            _file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true);
            _writer = new Utf8JsonWriter(_file, JsonOutput.WriterOptions);
            _writer.WriteStartObject();
            _writer.WriteString("type", "FeatureCollection");
            _writer.WriteStartArray("features");
        }

        public async Task WriteAsync(NpgsqlDataReader reader, CancellationToken cancellationToken)
        {
            var properties = PropertyColumns.Json(reader, _properties);
            FeatureResponses.WriteFeature(_writer, reader.GetString(ItemsSql.Column.Id),
                reader.IsDBNull(ItemsSql.Column.Geometry) ? null : reader.GetString(ItemsSql.Column.Geometry), _gbk ? InGbk(properties) : properties);
            if (++_written % FlushEvery == 0) await _writer.FlushAsync(cancellationToken);
        }

        private string InGbk(string properties)
        {
            using var document = JsonDocument.Parse(properties);
            using var buffer = new MemoryStream();
            using (var writer = new Utf8JsonWriter(buffer, JsonOutput.WriterOptions))
            {
                writer.WriteStartObject();
                foreach (var property in document.RootElement.EnumerateObject())
                {
                    if (property.Value.ValueKind != JsonValueKind.String)
                    {
                        property.WriteTo(writer);
                        continue;
                    }
                    var (text, lost) = Geo.GbkText.Fit(property.Value.GetString()!);
                    Lost += lost;
                    writer.WriteString(property.Name, text);
                }
                writer.WriteEndObject();
            }
            return Encoding.UTF8.GetString(buffer.ToArray());
        }

        public async ValueTask DisposeAsync()
        {
            _writer.WriteEndArray();
            _writer.WriteNumber("numberReturned", _written);
            _writer.WriteEndObject();
            await _writer.DisposeAsync();
            await _file.DisposeAsync();
        }
    }

    /// <summary>The CSV of /items?f=csv (UTF-8 with BOM, formulas made inert, WKT), every feature instead of a page.</summary>
    private sealed class CsvFile : IFeatureFile
    {
        private readonly StreamWriter _file;
        private readonly ItemsRequest _request;
        private readonly StringBuilder _line = new();

        public int Lost => 0;

        public CsvFile(string path, ItemsRequest request)
        {
            _request = request;
            _file = new StreamWriter(new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true),
                new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
            _line.Append(CsvResult.Bom[0]);
            CsvResult.Line(_line, ItemsCsv.Header(request));
        }

        public async Task WriteAsync(NpgsqlDataReader reader, CancellationToken cancellationToken)
        {
            CsvResult.Line(_line, ItemsCsv.Row(_request, reader));
            await _file.WriteAsync(_line, cancellationToken);
            _line.Clear();
        }

        public async ValueTask DisposeAsync()
        {
            await _file.WriteAsync(_line);
            await _file.DisposeAsync();
        }
    }
}

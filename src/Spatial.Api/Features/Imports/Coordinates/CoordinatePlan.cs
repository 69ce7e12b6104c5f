using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.Json.Nodes;
using Npgsql;
using Spatial.Api.Http;
using Spatial.Geo;

namespace Spatial.Api.Features.Imports.Coordinates;

/// <summary>How an import's coordinates were made CGCS2000: nothing beyond PROJ's own, seven or four parameters.</summary>
public enum DatumTransformation { None, SevenParameters, FourParameters }

/// <summary>
/// How one import's coordinates reach CGCS2000 (EPSG:4490): the ogr2ogr arguments that go where
/// <c>-t_srs EPSG:4490</c> would, and for four parameters the adjustment of the staged geometries
/// (<see cref="AdjustStagedAsync"/>), with the <see cref="Record"/> to store with the import.
/// </summary>
public sealed record CoordinatePlan(
    SourceCrs Source, DatumTransformation Transformation, IReadOnlyList<string> Ogr2OgrArguments, PlaneAdjustment? Adjustment, JsonObject Record)
{
    /// <summary>The SRID of the geometries ogr2ogr stages: 4490, or the legacy plane's when four parameters follow.</summary>
    public int StagedSrid => Adjustment?.StagedSrid ?? Geometries.Cgcs2000;

    /// <summary>
    /// After ogr2ogr: makes <paramref name="geometryColumn"/> of the staging <paramref name="table"/> CGCS2000
    /// (EPSG:4490) when this plan has a <see cref="PlaneAdjustment"/>; otherwise ogr2ogr already did and this does nothing.
    /// </summary>
    public Task AdjustStagedAsync(NpgsqlConnection connection, string table, string geometryColumn, CancellationToken cancellationToken) =>
        Adjustment is null ? Task.CompletedTask : Adjustment.ApplyAsync(connection, table, geometryColumn, cancellationToken);
}

/// <summary>
/// The four-parameter step: the staged legacy plane coordinates (SRID <see cref="StagedSrid"/>) are moved by
/// <c>ST_Affine</c> onto the CGCS2000 plane <see cref="PlaneSrid"/> of the same central meridian, then
/// transformed to 4490.
/// </summary>
public sealed record PlaneAdjustment(AffineCoefficients Affine, int StagedSrid, int PlaneSrid)
{
    /// <summary>The SQL expression turning the staged <paramref name="geometry"/> into EPSG:4490.</summary>
    public string Sql(string geometry)
    {
        string N(double v) => v.ToString("R", CultureInfo.InvariantCulture);
        var a = Affine;
        return $"ST_Transform(ST_SetSRID(ST_Affine({geometry}, {N(a.A)}, {N(a.B)}, {N(a.D)}, {N(a.E)}, {N(a.XOff)}, {N(a.YOff)}), {PlaneSrid}), {Geometries.Cgcs2000})";
    }

    internal async Task ApplyAsync(NpgsqlConnection connection, string table, string geometryColumn, CancellationToken cancellationToken)
    {
        var column = Quote(geometryColumn);
        // The staged column is typed with the legacy SRID; ALTER … TYPE … USING rewrites it as 4490 in one statement.
        // A utility statement takes no parameters, so the six numbers (computed here, never a client's text) are literals.
        var type = await GeometryTypeAsync(connection, table, geometryColumn, cancellationToken);
        await using var alter = new NpgsqlCommand(
            $"ALTER TABLE {QuoteTable(table)} ALTER COLUMN {column} TYPE geometry({type}, {Geometries.Cgcs2000}) USING {Sql(column)}", connection);
        await alter.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<string> GeometryTypeAsync(NpgsqlConnection connection, string table, string column, CancellationToken cancellationToken)
    {
        const string sql = """
            SELECT postgis_typmod_type(a.atttypmod)
            FROM pg_attribute a
            WHERE a.attrelid = $1::regclass AND a.attname = $2 AND NOT a.attisdropped
            """;
        await using var command = new NpgsqlCommand(sql, connection) { Parameters = { new() { Value = QuoteTable(table) }, new() { Value = column } } };
        var type = await command.ExecuteScalarAsync(cancellationToken) as string
            ?? throw new InvalidOperationException($"no geometry column {column} in {table}");
        // postgis_typmod_type says e.g. 'MultiPolygonZ'; the type name takes 'MultiPolygonZ' as well.
        return type;
    }

    private static string QuoteTable(string table) => string.Join('.', table.Split('.').Select(Quote));

    private static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}

/// <summary>A plan, or the 400 that says what is missing or wrong.</summary>
public sealed record CoordinateResolution(CoordinatePlan? Plan, ParameterError? Error)
{
    [MemberNotNullWhen(true, nameof(Plan))]
    [MemberNotNullWhen(false, nameof(Error))]
    public bool Planned => Plan is not null;
}

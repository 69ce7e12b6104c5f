using Npgsql;

namespace Spatial.Api.Data.Changes;

/// <summary>The layers' current versions (schema script 003), the cheap question a cached answer asks first.</summary>
public static class LayerVersions
{
    private const string SomeSql = "SELECT layer, version FROM layer_versions WHERE layer = ANY($1)";
    private const string AllSql = "SELECT layer, version FROM layer_versions";

    public static Task<Dictionary<string, long>> ReadAsync(NpgsqlConnection connection, IReadOnlyCollection<string> layers, CancellationToken cancellationToken)
    {
        var command = new NpgsqlCommand(SomeSql, connection);
        command.Parameters.Add(new NpgsqlParameter { Value = layers.ToArray() });
        return ReadAsync(command, cancellationToken);
    }

    public static Task<Dictionary<string, long>> ReadAllAsync(NpgsqlConnection connection, CancellationToken cancellationToken) =>
        ReadAsync(new NpgsqlCommand(AllSql, connection), cancellationToken);

    private static async Task<Dictionary<string, long>> ReadAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        await using var _ = command;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var versions = new Dictionary<string, long>(StringComparer.Ordinal);
        while (await reader.ReadAsync(cancellationToken)) versions[reader.GetString(0)] = reader.GetInt64(1);
        return versions;
    }
}

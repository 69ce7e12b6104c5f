using Npgsql;
using NpgsqlTypes;

namespace Spatial.Api.Http.Auth;

/// <summary>A key as listed: never the key itself.</summary>
public sealed record ApiKeyListing(long Id, string Name, string Role, string Prefix, DateTimeOffset CreatedAt, string CreatedBy, DateTimeOffset? RevokedAt);

/// <summary>Makes, lists and revokes API keys (the CLI and the admin endpoints).</summary>
public static class ApiKeyStore
{
    private const string InsertSql = """
        INSERT INTO api_keys (name, role, key_hash, key_prefix, created_by) VALUES ($1, $2, $3, $4, $5) RETURNING id
        """;

    private const string ListSql = """
        SELECT id, name, role, key_prefix, created_at, created_by, revoked_at FROM api_keys ORDER BY id
        """;

    private const string RevokeSql = "UPDATE api_keys SET revoked_at = coalesce(revoked_at, now()) WHERE id = $1 RETURNING revoked_at";

    /// <summary>A new key for <paramref name="name"/>; the key is returned once and only its hash is stored.</summary>
    public static async Task<(long Id, string Key)> CreateAsync(NpgsqlDataSource dataSource, string name, Role role, string createdBy, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Length > 200 || name.Any(char.IsControl))
            throw new ArgumentException("a key's name is 1 to 200 characters without control characters", nameof(name));
        var key = ApiKeys.NewKey();
        await using var command = dataSource.CreateCommand(InsertSql);
        command.Parameters.Add(new NpgsqlParameter { Value = name.Trim(), NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = role.Code(), NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = ApiKeys.Hash(key), NpgsqlDbType = NpgsqlDbType.Bytea });
        command.Parameters.Add(new NpgsqlParameter { Value = ApiKeys.Prefix(key), NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = createdBy, NpgsqlDbType = NpgsqlDbType.Text });
        var id = (long)(await command.ExecuteScalarAsync(cancellationToken))!;
        return (id, key);
    }

    public static async Task<List<ApiKeyListing>> ListAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(ListSql);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var keys = new List<ApiKeyListing>();
        while (await reader.ReadAsync(cancellationToken))
            keys.Add(new(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetFieldValue<DateTimeOffset>(4),
                reader.GetString(5), reader.IsDBNull(6) ? null : reader.GetFieldValue<DateTimeOffset>(6)));
        return keys;
    }

    /// <summary>Revokes a key (again: no change); false when there is no such key.</summary>
    public static async Task<bool> RevokeAsync(NpgsqlDataSource dataSource, long id, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(RevokeSql);
        command.Parameters.Add(new NpgsqlParameter { Value = id, NpgsqlDbType = NpgsqlDbType.Bigint });
        return await command.ExecuteScalarAsync(cancellationToken) is not null;
    }
}

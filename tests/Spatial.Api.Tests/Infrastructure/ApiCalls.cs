using System.Net;
using System.Text.Json;
using Npgsql;

namespace Spatial.Api.Tests.Infrastructure;

/// <summary>Small helpers for reading the API and the database's ground truth side by side.</summary>
internal static class ApiCalls
{
    public static async Task<(HttpResponseMessage Response, JsonElement Body)> GetJsonAsync(this HttpClient client, string url)
    {
        var response = await client.GetAsync(new Uri(url, UriKind.RelativeOrAbsolute));
        var text = await response.Content.ReadAsStringAsync();
        return (response, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }

    public static async Task<JsonElement> GetOkJsonAsync(this HttpClient client, string url)
    {
        var (response, body) = await client.GetJsonAsync(url);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url} → {(int)response.StatusCode}: {body}");
        return body;
    }

    /// <summary>Ids of the features on one page.</summary>
    public static List<string> Ids(this JsonElement featureCollection) =>
        featureCollection.GetProperty("features").EnumerateArray().Select(f => f.GetProperty("id").GetString()!).ToList();

    public static string? NextLink(this JsonElement page) =>
        page.GetProperty("links").EnumerateArray().Where(l => l.GetProperty("rel").GetString() == "next")
            .Select(l => l.GetProperty("href").GetString()).FirstOrDefault();

    /// <summary>Follows 'next' links from the first page; returns every id in the order received.</summary>
    public static async Task<List<string>> WalkAsync(this HttpClient client, string firstPage, int maxPages = 1000)
    {
        var ids = new List<string>();
        string? url = firstPage;
        for (var page = 0; url is not null; page++)
        {
            Assert.True(page < maxPages, "too many pages");
            var body = await client.GetOkJsonAsync(url);
            ids.AddRange(body.Ids());
            url = body.NextLink();
        }
        return ids;
    }

    public static async Task<List<T>> RowsAsync<T>(this TestDatabase database, string sql, Func<NpgsqlDataReader, T> read, params object[] parameters)
    {
        await using var command = database.DataSource.CreateCommand(sql);
        foreach (var p in parameters) command.Parameters.Add(new NpgsqlParameter { Value = p });
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<T>();
        while (await reader.ReadAsync()) rows.Add(read(reader));
        return rows;
    }

    public static Task<List<string>> IdsAsync(this TestDatabase database, string sql, params object[] parameters) =>
        database.RowsAsync(sql, r => r.GetString(0), parameters);
}

using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;
using Npgsql;
using Spatial.Api.Data;
using Spatial.Api.Features.Collections;
using Spatial.Api.Tests.Infrastructure;

namespace Spatial.Api.Tests.Features.Collections;

/// <summary>
/// The plan PostgreSQL keeps for a page under a property filter. The reads pool prepares its statements, so after five runs
/// the generic plan — made without the parameter's value — serves every county: it must read the page's entries of the
/// (county_code, id) index and nothing else, for the county of most projects, one of few and one of none, from a cursor too.
/// Before, it was the primary key with a filter: 101 rows for a dense county, the whole layer for an empty one.
/// </summary>
[Collection(ApiTests.Name)]
public sealed class FilterPagePlanTests
{
    [Fact]
    public async Task A_filtered_page_is_read_from_the_index_alone_in_the_generic_plan_whatever_the_county()
    {
        await using var database = await TestDatabase.CreateWithGisdataAsync();
        await using var connection = await database.DataSource.OpenConnectionAsync();
        // 20 000 projects of its own (the history trigger off: nobody reads it here), 1 in 100 in 230302, the others in 230382;
        // vacuumed, as autovacuum leaves a table that is read far more than written.
        await using (var fill = new NpgsqlCommand("""
            ALTER TABLE projects DISABLE TRIGGER USER;
            INSERT INTO projects (id, name_zh, name_en, sector, county_code, investment_cny, summary_zh, status, scope, plan, source_ref, geometry_source, geom)
            SELECT 'ZZ-' || lpad(g::text, 5, '0'), p.name_zh, p.name_en, p.sector, CASE WHEN g % 100 = 0 THEN '230302' ELSE '230382' END,
                   p.investment_cny, p.summary_zh, p.status, p.scope, p.plan, 'ZZ-' || g, p.geometry_source, p.geom
            FROM generate_series(1, 20000) g, (SELECT * FROM projects WHERE geom IS NOT NULL ORDER BY id LIMIT 1) p;
            """, connection)) await fill.ExecuteNonQueryAsync();
        await using (var vacuum = new NpgsqlCommand("VACUUM ANALYZE projects", connection)) await vacuum.ExecuteNonQueryAsync();
        await using (var generic = new NpgsqlCommand("SET plan_cache_mode = force_generic_plan", connection)) await generic.ExecuteNonQueryAsync();

        foreach (var query in new[] { "county_code=230382", "county_code=230302", "county_code=239999", "county_code=230302&cursor=" + ItemsRequest.EncodeCursor(["ZZ-10000"]) })
        {
            var plan = await PlanAsync(connection, query + "&limit=100");
            Assert.True(plan.Any(line => line.Contains("Index Only Scan using projects_county_id_idx on projects t_1", StringComparison.Ordinal)), query + "\n" + string.Join('\n', plan));
            Assert.DoesNotContain(plan, line => line.Contains("Sort Key: t_1.id", StringComparison.Ordinal)); // the page comes in id order, unsorted
        }
    }

    private static async Task<List<string>> PlanAsync(NpgsqlConnection connection, string query)
    {
        var values = query.Split('&').Select(p => p.Split('=', 2)).ToDictionary(p => p[0], p => new StringValues(p[1]));
        Assert.Null(ItemsRequest.TryParse(CollectionCatalog.Find("projects")!, new QueryCollection(values), out var request));
        var parameters = new SqlParameters();
        await using var explain = new NpgsqlCommand("EXPLAIN " + ItemsSql.Build(request, parameters, countMatched: false), connection);
        parameters.AddTo(explain.Parameters);
        var plan = new List<string>();
        await using var reader = await explain.ExecuteReaderAsync();
        while (await reader.ReadAsync()) plan.Add(reader.GetString(0));
        return plan;
    }
}

using System.Globalization;
using Npgsql;
using Spatial.Api.Http.Auth;
using Spatial.Api.Tests.Infrastructure;

namespace Spatial.Web.Tests.Editing;

/// <summary>
/// A database and server of the editing tests' own (they write rows): one county south-west of the plan's
/// counties, a row of projects inside it — one per test, ED-1 … ED-9, each 0.02° square, 0.03° apart — and
/// API keys for two land officers, a planner and an administrator.
/// </summary>
public sealed class EditingFixture : IAsyncLifetime
{
    public const string CountyCode = "999999";
    public const double South = 43.99, North = 44.01;

    public TestDatabase Database { get; private set; } = null!;
    public RealServer Server { get; private set; } = null!;
    public string LandOfficerKey { get; private set; } = null!;
    public string OtherLandOfficerKey { get; private set; } = null!;
    public string PlannerKey { get; private set; } = null!;
    public string AdminKey { get; private set; } = null!;
    public long LandOfficerKeyId { get; private set; }

    public const string LandOfficer = "王明";
    public const string OtherLandOfficer = "李华";

    /// <summary>The west edge of project ED-<paramref name="n"/>.</summary>
    public static double West(int n) => 129.41 + 0.03 * n;

    public static double CentreLongitude(int n) => West(n) + 0.01;

    /// <summary>The map centred on project ED-<paramref name="n"/> at zoom 14 (it spans about 230 px), projects only.</summary>
    public string MapAt(int n) => Server.Url + ViewOf(n);

    public static string ViewOf(int n) =>
        string.Create(CultureInfo.InvariantCulture, $"/#z=14&lat=44.00000&lon={CentreLongitude(n):0.00000}&layers=counties,projects");

    public async Task InitializeAsync()
    {
        Database = await TestDatabase.CreateWithSchemaAsync();
        await InsertRowsAsync();
        var none = CancellationToken.None;
        (LandOfficerKeyId, LandOfficerKey) = await ApiKeyStore.CreateAsync(Database.DataSource, LandOfficer, Role.LandOfficer, "test", none);
        (_, OtherLandOfficerKey) = await ApiKeyStore.CreateAsync(Database.DataSource, OtherLandOfficer, Role.LandOfficer, "test", none);
        (_, PlannerKey) = await ApiKeyStore.CreateAsync(Database.DataSource, "张规划", Role.Planner, "test", none);
        (_, AdminKey) = await ApiKeyStore.CreateAsync(Database.DataSource, "管理员", Role.Admin, "test", none);
        Server = RealServer.Start(Database.ConnectionString);
    }

    private async Task InsertRowsAsync()
    {
        await using var batch = Database.DataSource.CreateBatch();
        batch.BatchCommands.Add(new("INSERT INTO plans (code, name_zh, name_en, issued_by, source_file) VALUES ('jixi-2022', '测试规划', 'Test plan', 'test', 'test')"));
        batch.BatchCommands.Add(new($"""
            INSERT INTO counties (code, name_zh, name_en, city_zh, city_en, seat, source_ref, geometry_source, geom)
            VALUES ('{CountyCode}', '测试县', 'Test county', '测试市', 'Test city', ST_SetSRID(ST_MakePoint(129.55, 44.0), 4490), 'test: editing', 'indicative',
                    ST_Multi(ST_MakeEnvelope(129.3, 43.9, 129.8, 44.1, 4490)))
            """));
        for (var n = 1; n <= 9; n++)
        {
            var command = new NpgsqlBatchCommand("""
                INSERT INTO projects (id, name_zh, name_en, sector, county_code, summary_zh, status, scope, plan, source_ref, geometry_source, geom)
                VALUES ($1, $2, $3, 'biomedicine', $4, '原有概要', 'planned', 'site', 'jixi-2022', $5, 'indicative',
                        ST_Multi(ST_MakeEnvelope($6, $7, $8, $9, 4490)))
                """);
            foreach (var value in new object[] { $"ED-{n}", $"编辑测试项目{n}", $"Editing test project {n}", CountyCode, $"test: editing {n}", West(n), South, West(n) + 0.02, North })
                command.Parameters.Add(new NpgsqlParameter { Value = value });
            batch.BatchCommands.Add(command);
        }
        await batch.ExecuteNonQueryAsync();
    }

    public async Task DisposeAsync()
    {
        await Server.DisposeAsync();
        await Database.DisposeAsync();
    }
}

using System.Text.Json;

namespace Spatial.Cli.Gisdata;

/// <summary>How an indicative footprint is placed (gisdata/plan/*.json, "placement").</summary>
public sealed record Placement(
    string? Within = null, string? Near = null, string? Shape = null, double? NominalAreaM2 = null, string? Note = null,
    bool KeepClear = true, string? Derived = null);

public sealed record PlanRecord(string Code, string NameZh, string NameEn, string IssuedBy, DateOnly? IssuedOn, string SourceFile);

public sealed record TargetRecord(
    string Plan, string Key, string LabelZh, string LabelEn, decimal Value, string Unit, int? Year, string SourceRef);

public sealed record PlansFile(IReadOnlyList<PlanRecord> Plans, IReadOnlyList<TargetRecord> Targets);

public sealed record CountyRecord(string Code, string NameEn, string CityZh, string CityEn);

public sealed record PlaceRecord(string Id, string NameZh, string CountyCode, double Lon, double Lat, string Basis);

public sealed record ZoneRecord(
    string Id, string NameZh, string NameEn, string Category, string[] CropsZh, string[] CropsEn, string CountyCode,
    string? TownshipZh, string? OperatorZh, string Plan, string SourceRef, Placement Placement);

public sealed record EcologicalAreaRecord(
    string Id, string NameZh, string NameEn, string Kind, string[] TownshipsZh, string CountyCode, string Plan, string SourceRef,
    Placement Placement);

public sealed record ParkRecord(
    string Id, string NameZh, string NameEn, string[] AliasesZh, string? Level, string[] Sectors, string CountyCode, string Plan,
    string SourceRef, Placement Placement);

public sealed record ProjectRecord(
    string Id, string NameZh, string NameEn, string Sector, string? CountyCode, string? ParkId, decimal? InvestmentCny,
    string SummaryZh, double? LandAreaM2, double? BuildingAreaM2, string Status, string Scope, string Plan, string SourceRef,
    Placement? Placement, string? LocationNote);

public sealed record EnterpriseRecord(
    string Id, string NameZh, string NameEn, string Sector, string? ProductsZh, string CountyCode, string Plan, string SourceRef,
    Placement Placement);

/// <summary>The curated plan files under gisdata/plan.</summary>
public sealed record PlanData(
    PlansFile Plans, IReadOnlyList<CountyRecord> Counties, IReadOnlyList<PlaceRecord> Places, IReadOnlyList<ZoneRecord> Zones,
    IReadOnlyList<EcologicalAreaRecord> EcologicalAreas, IReadOnlyList<ParkRecord> Parks, IReadOnlyList<ProjectRecord> Projects,
    IReadOnlyList<EnterpriseRecord> Enterprises)
{
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
    };

    public static PlanData Read(string gisdataDirectory)
    {
        T Load<T>(string name)
        {
            var path = Path.Combine(gisdataDirectory, "plan", name);
            try
            {
                return JsonSerializer.Deserialize<T>(File.ReadAllText(path), Json)
                       ?? throw new InvalidDataException($"{path} is empty");
            }
            catch (JsonException e)
            {
                throw new InvalidDataException($"{path}: {e.Message}", e);
            }
        }
        return new PlanData(
            Load<PlansFile>("plans.json"), Load<List<CountyRecord>>("counties.json"), Load<List<PlaceRecord>>("places.json"),
            Load<List<ZoneRecord>>("planting-zones.json"), Load<List<EcologicalAreaRecord>>("ecological-areas.json"),
            Load<List<ParkRecord>>("industrial-parks.json"), Load<List<ProjectRecord>>("projects.json"),
            Load<List<EnterpriseRecord>>("enterprises.json"));
    }
}

using System.Text.Json;

namespace Spatial.Api.Features.Vocabulary;

/// <summary>
/// The closed vocabularies: each is a lookup table of the same name (<c>code</c>, <c>name_zh</c>,
/// <c>name_en</c> and its own attributes, see Data/Schema/004_vocabulary.sql) that layer columns refer to.
/// The codes and labels live only there; this names the tables.
/// </summary>
public enum CodeList
{
    Sectors,
    ZoneCategories,
    GeometrySources,
    ProjectStatuses,
    ProjectScopes,
    WaterBodyKinds,
    EcologicalAreaKinds,
    ParkLevels,
    Plans,
    ImportStatuses,
}

public static class CodeLists
{
    /// <summary>The lookup table, which is also the vocabulary's name in /vocabulary: zone_categories.</summary>
    public static string Table(this CodeList list) => JsonNamingPolicy.SnakeCaseLower.ConvertName(list.ToString());

    /// <summary>One member, as a refusal names it: "'x' is not a sector".</summary>
    public static string Member(this CodeList list) => list switch
    {
        CodeList.Sectors => "a sector",
        CodeList.ZoneCategories => "a zone category",
        CodeList.GeometrySources => "a geometry source",
        CodeList.ProjectStatuses => "a project status",
        CodeList.ProjectScopes => "a project scope",
        CodeList.WaterBodyKinds => "a kind of water body",
        CodeList.EcologicalAreaKinds => "a kind of ecological area",
        CodeList.ParkLevels => "a park level",
        CodeList.Plans => "a plan",
        CodeList.ImportStatuses => "an import status",
        _ => throw new ArgumentOutOfRangeException(nameof(list), list, null),
    };
}

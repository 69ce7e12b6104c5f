using Spatial.Api.Features.Vocabulary;

namespace Spatial.Api.Features.Collections;

public enum PropertyType { String, Number, Integer, Boolean, StringArray, DateTime, Date }

/// <summary>
/// One property of a collection: its name in the API and the SQL that reads it. SQL identifiers come
/// only from here, so no request can name a column that is not listed. A coded property names the
/// <see cref="Vocabulary"/> its values come from (a foreign key in the schema), whose codes the
/// queryables list as its enum. A property read from another table names the <see cref="Join"/> that brings
/// it in: a LEFT JOIN on that table's primary key, so it never adds or removes a row.
/// </summary>
public sealed record FeatureProperty(
    string Name, string Sql, PropertyType Type, string Title, string? Output = null, CodeList? Vocabulary = null, string? Join = null)
{
    /// <summary>
    /// The SQL that writes the value into the response. Numbers have two decimals even when whole
    /// (30000.00): clients that infer field types from a sample page (GDAL 3.6) then see a real, not an integer.
    /// They keep every decimal they have (13333333.3333333), so a file exported and imported again holds the same number.
    /// </summary>
    public string OutputSql => Output ?? (Type == PropertyType.Number ? $"round(({Sql})::numeric, greatest(2, scale(({Sql})::numeric)))" : Sql);

    /// <summary>Sortable and comparable as a scalar (arrays are filterable by membership only).</summary>
    public bool IsScalar => Type != PropertyType.StringArray;
}

/// <summary>A layer served as a collection; its title is in the <c>layers</c> table with the other names.</summary>
public sealed record FeatureCollectionDefinition(
    string Id, string Table, string Description, string IdSql, string GeometryType, bool Areal,
    IReadOnlyList<FeatureProperty> Properties)
{
    public FeatureProperty? Property(string name) => Properties.FirstOrDefault(p => p.Name == name);

    /// <summary>
    /// The lookup tables its properties read, each joined once per statement rather than one sub-select per row and
    /// property; PostgreSQL drops a join whose columns a statement does not use.
    /// </summary>
    public string Joins { get; } = string.Join(" ", Properties.Select(p => p.Join).OfType<string>().Distinct());

    /// <summary>The layer as <c>t</c> with its lookup joins.</summary>
    public string From => Joins.Length == 0 ? $"{Table} t" : $"{Table} t {Joins}";
}

/// <summary>The layers served as OGC API Features collections.</summary>
public static class CollectionCatalog
{
    private static FeatureProperty Text(string name, string title) => new(name, $"t.{name}", PropertyType.String, title);
    private static FeatureProperty Texts(string name, string title) => new(name, $"t.{name}", PropertyType.StringArray, title);
    private static FeatureProperty Coded(string name, string title, CodeList list) => new(name, $"t.{name}", PropertyType.String, title, Vocabulary: list);
    private static readonly FeatureProperty GeometrySource = Coded("geometry_source", "几何来源 Geometry source", CodeList.GeometrySources);

    private static readonly FeatureProperty[] Stamps =
    [
        new("created_at", "t.created_at", PropertyType.DateTime, "创建时间 Created"),
        new("updated_at", "t.updated_at", PropertyType.DateTime, "更新时间 Updated"),
    ];

    private static readonly FeatureProperty[] Areas =
    [
        new("area_m2", "t.area_m2", PropertyType.Number, "面积（平方米） Area (m²)", "round(t.area_m2::numeric, 2)"),
        new("area_ha", "(t.area_m2 / 10000)", PropertyType.Number, "面积（公顷） Area (ha)", "round((t.area_m2 / 10000)::numeric, 4)"),
        new("area_mu", "(t.area_m2 * 15 / 10000)", PropertyType.Number, "面积（亩） Area (mu)", "round((t.area_m2 * 15 / 10000)::numeric, 2)"),
    ];

    private const string CountyJoin = "LEFT JOIN counties county ON county.code = t.county_code";

    private static readonly FeatureProperty[] Located =
    [
        Text("county_code", "县（市）区代码 County code (GB/T 2260)"),
        new("county_name_zh", "county.name_zh", PropertyType.String, "县（市）区 County", Join: CountyJoin),
        new("county_name_en", "county.name_en", PropertyType.String, "County (English)", Join: CountyJoin),
    ];

    private static readonly FeatureProperty[] Planned =
    [
        Coded("plan", "规划 Plan", CodeList.Plans),
        Text("source_ref", "规划出处 Source in the plan"),
        GeometrySource,
        Text("location_note", "位置说明 Location note"),
    ];

    private static readonly FeatureProperty[] Named =
    [
        Text("name_zh", "名称 Name (Chinese)"),
        Text("name_en", "Name (English)"),
    ];

    public static IReadOnlyList<FeatureCollectionDefinition> All { get; } =
    [
        new("counties", "counties",
            "The 9 county-level units of 鸡西市 and 绥芬河市 (BD-09 boundaries converted to CGCS2000).",
            "t.code", "MultiPolygon", true,
            [
                Text("code", "代码 Code (GB/T 2260)"), .. Named, Text("city_zh", "地级市 City"), Text("city_en", "City (English)"),
                Text("source_ref", "来源 Source"), GeometrySource, .. Areas, .. Stamps,
            ]),
        new("water-bodies", "water_bodies", "Lake Khanka and Lesser Khanka from GSHHG.",
            "t.id", "MultiPolygon", true,
            [.. Named, Coded("kind", "类型 Kind", CodeList.WaterBodyKinds), Text("county_code", "县（市）区代码 County code"), Text("source_ref", "来源 Source"),
             GeometrySource, .. Areas, .. Stamps]),
        new("rivers", "rivers", "WDBII rivers from GSHHG; border rivers flagged.",
            "t.id", "MultiLineString", false,
            [.. Named, new("wdbii_level", "t.wdbii_level", PropertyType.Integer, "WDBII 级别 WDBII level"),
             new("border_river", "t.border_river", PropertyType.Boolean, "界河 Border river"), Text("source_ref", "来源 Source"),
             GeometrySource, .. Stamps]),
        new("borders", "borders", "The China–Russia border from GSHHG.",
            "t.id", "MultiLineString", false,
            [.. Named, Text("source_ref", "来源 Source"), GeometrySource, .. Stamps]),
        new("ecological-areas", "ecological_areas",
            "Lakes, reservoirs and wetlands the Jixi plan protects (专栏2 湖).",
            "t.id", "MultiPolygon", true,
            [.. Named, Coded("kind", "类型 Kind", CodeList.EcologicalAreaKinds), Texts("townships_zh", "乡镇 Townships"), .. Located, .. Planned, .. Areas, .. Stamps]),
        new("planting-zones", "planting_zones",
            "Planting and farming zones named by the plans (专栏2 草/田/食, text).",
            "t.id", "MultiPolygon", true,
            [
                .. Named, Coded("category", "类别 Category", CodeList.ZoneCategories),
                new("category_zh", "category.name_zh", PropertyType.String, "类别 Category (Chinese)",
                    Join: "LEFT JOIN zone_categories category ON category.code = t.category"),
                Texts("crops_zh", "作物 Crops"), Texts("crops_en", "Crops (English)"), Text("township_zh", "乡镇 Township"),
                Text("operator_zh", "经营主体 Operator"), .. Located, .. Planned, .. Areas, .. Stamps,
            ]),
        new("industrial-parks", "industrial_parks",
            "Parks and zones the plans name, with their designated sectors.",
            "t.id", "MultiPolygon", true,
            [.. Named, Texts("aliases_zh", "简称 Aliases"), Coded("level", "级别 Level", CodeList.ParkLevels),
             new("sectors", "t.sectors", PropertyType.StringArray, "主导产业 Designated sectors", Vocabulary: CodeList.Sectors),
             .. Located, .. Planned, .. Areas, .. Stamps]),
        new("projects", "projects",
            "All 40 key projects of Jixi (专栏16) and every project of Suifenhe (专栏1–5).",
            "t.id", "MultiPolygon", true,
            [
                .. Named, Coded("sector", "领域 Sector", CodeList.Sectors),
                new("sector_zh", "sector.name_zh", PropertyType.String, "领域 Sector (Chinese)", Join: "LEFT JOIN sectors sector ON sector.code = t.sector"),
                Text("park_id", "所在园区 Park"),
                new("investment_cny", "t.investment_cny", PropertyType.Number, "投资（元） Investment (CNY)"),
                Text("summary_zh", "重点内容 Summary"),
                new("land_area_m2", "t.land_area_m2", PropertyType.Number, "占地面积（平方米） Stated land area (m²)"),
                new("building_area_m2", "t.building_area_m2", PropertyType.Number, "建筑面积（平方米） Stated building area (m²)"),
                Coded("status", "状态 Status", CodeList.ProjectStatuses), Coded("scope", "范围 Scope", CodeList.ProjectScopes),
                .. Located, .. Planned, .. Areas, .. Stamps,
            ]),
        new("enterprises", "enterprises", "Enterprises listed by county in 专栏2 (indicative points).",
            "t.id", "Point", false,
            [.. Named, Coded("sector", "领域 Sector", CodeList.Sectors), Text("products_zh", "产品 Products"), .. Located, .. Planned, .. Stamps]),
    ];

    public static FeatureCollectionDefinition? Find(string id) => All.FirstOrDefault(c => c.Id == id);
}

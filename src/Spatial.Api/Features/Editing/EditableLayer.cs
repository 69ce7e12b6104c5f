using Spatial.Api.Features.Collections;

namespace Spatial.Api.Features.Editing;

/// <summary>A column a client writes: its API type, whether it must be given, and the lookup or parent table its value must name.</summary>
public sealed record EditableColumn(string Name, PropertyType Type, bool Required, string? References);

/// <summary>
/// A layer that can be edited, as the database describes it: the layers of <c>role_layers</c>, their
/// columns (less the ones the database fills: id, version, stamps, generated areas) and foreign keys.
/// </summary>
public sealed record EditableLayer(FeatureCollectionDefinition Collection, IReadOnlyList<EditableColumn> Columns, bool GeometryRequired)
{
    public string Table => Collection.Table;

    public EditableColumn? Column(string name) => Columns.FirstOrDefault(c => c.Name == name);

    /// <summary>A property the API serves but derives (names, areas, stamps, version): sent back, it is ignored.</summary>
    public bool IsReadOnly(string name) => Column(name) is null && (Collection.Property(name) is not null || name == "version");

    /// <summary>Every property of <see cref="IsReadOnly"/>: what an exported file carries beside the columns a client writes.</summary>
    public IReadOnlyList<string> ServedOnly => [.. Collection.Properties.Select(p => p.Name).Where(IsReadOnly), "version"];

    public bool Point => Collection.GeometryType == "Point";
}

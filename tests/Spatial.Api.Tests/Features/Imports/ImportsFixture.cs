using Spatial.Api.Tests.Features.Editing;

namespace Spatial.Api.Tests.Features.Imports;

/// <summary>A database of the import class's own (schema, gisdata, a key per role) and the service on it: imports write rows.</summary>
public sealed class ImportsFixture : EditingFixture;

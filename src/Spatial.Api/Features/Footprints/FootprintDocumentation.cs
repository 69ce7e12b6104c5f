using Spatial.Api.Http;
using Spatial.Api.Http.OpenApi;
using Spatial.Geo;

namespace Spatial.Api.Features.Footprints;

/// <summary>The parameters of the footprint checks, as the API definition describes them.</summary>
public static class FootprintDocumentation
{
    public static readonly ApiParameter Crs = ApiParameter.Query("crs",
        "CRS of the outlines and overlaps in the answer (default CRS84); without Content-Crs also the body's CRS, as before",
        @enum: CrsReference.Supported.Select(c => c.Uri).ToList());

    public static readonly ApiParameter ContentCrs = ApiParameter.Header("Content-Crs",
        "CRS of the submitted coordinates (GeoJSON, WKT; a land-parcel TXT says its own), e.g. <http://www.opengis.net/def/crs/EPSG/0/4528>");

    public static readonly ApiParameter Tolerance = ApiParameter.Query("tolerance",
        $"overlaps smaller than this area in m² are not conflicts (0 to {ParameterChecks.MaxToleranceM2})", "number");

    public static readonly ApiParameter Sector = ApiParameter.Query("sector", "the project's sector (the vocabulary's code): checks what it may overlap");

    public static readonly ApiParameter ReportFormat = ApiParameter.Query("f", "json, or html: the printable report", @enum: ["json", "html"]);
}

using System.Globalization;
using System.Text;
using Spatial.Api.Tests.Infrastructure;

namespace Spatial.Web.Tests.Editing;

/// <summary>
/// A land-parcel TXT (界址点坐标, CGCS2000 3° Gauss–Krüger zone 43, Y zone-prefixed) of a lon/lat box, its
/// coordinates computed by PostGIS (PROJ, EPSG:4531) — not by the service's own Gauss–Krüger code it is read with.
/// </summary>
public static class SurveyedTxt
{
    public static async Task<byte[]> BoxAsync(TestDatabase database, double west, double south, double east, double north)
    {
        // North-west, north-east, south-east, south-west, back to north-west: clockwise, as surveyors list them.
        var corners = new[] { (west, north), (east, north), (east, south), (west, south), (west, north) };
        var text = new StringBuilder("""
            [属性描述]
            格式版本号=1.01版本
            坐标系=2000国家大地坐标系
            几度分带=3
            投影类型=高斯克吕格
            计量单位=米
            带号=43
            精度=0.001
            [地块坐标]
            ,,SURVEY-1,测绘地块,面,,,,@

            """);
        for (var i = 0; i < corners.Length; i++)
        {
            var point = await database.ScalarAsync<string>(
                "SELECT round(ST_Y(p)::numeric, 3) || ',' || round(ST_X(p)::numeric, 3) FROM ST_Transform(ST_SetSRID(ST_MakePoint($1, $2), 4490), 4531) p",
                corners[i].Item1, corners[i].Item2);
            text.Append(CultureInfo.InvariantCulture, $"J{(i == corners.Length - 1 ? 1 : i + 1)},1,{point}\n");
        }
        // GB18030, as the land offices' software writes these files.
        return Spatial.Geo.TextDecoding.Gb18030.GetBytes(text.ToString());
    }
}

using Npgsql;

namespace Spatial.Api.Data;

/// <summary>Collects values for positional parameters ($1, $2, …) while SQL text is assembled.</summary>
public sealed class SqlParameters
{
    private readonly List<object> _values = [];

    /// <summary>Adds a value; returns its placeholder.</summary>
    public string Add(object value)
    {
        _values.Add(value);
        return "$" + _values.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    public void AddTo(NpgsqlParameterCollection parameters)
    {
        foreach (var value in _values) parameters.Add(new NpgsqlParameter { Value = value });
    }
}

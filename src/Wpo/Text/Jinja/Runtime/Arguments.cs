namespace Wpo.Text.Jinja.Runtime;

/// <summary>The positional and keyword arguments of one call, filter or test.</summary>
internal sealed class Arguments(object?[] positional, KeyValuePair<string, object?>[] keywords)
{
    static readonly KeyValuePair<string, object?>[] NoKeywords = [];

    public static readonly Arguments None = new([], NoKeywords);

    public object?[] Positional { get; } = positional;

    public KeyValuePair<string, object?>[] Keywords { get; } = keywords;

    /// <summary>
    /// Matches the arguments to named parameters as Python does: positionals first, then keywords by name.
    /// Fails on too many positionals, an unknown or repeated keyword, or a missing required parameter.
    /// </summary>
    public BoundArguments Bind(string function, string[] parameters, int required = 0)
    {
        if (Positional.Length > parameters.Length)
            throw new JinjaError($"{function}() takes at most {parameters.Length} argument(s) ({Positional.Length} given)");
        var values = new object?[parameters.Length];
        Array.Fill(values, BoundArguments.Missing);
        Array.Copy(Positional, values, Positional.Length);
        foreach (var (name, value) in Keywords)
        {
            int index = Array.IndexOf(parameters, name);
            if (index < 0) throw new JinjaError($"{function}() got an unexpected keyword argument '{name}'");
            if (!ReferenceEquals(values[index], BoundArguments.Missing))
                throw new JinjaError($"{function}() got multiple values for argument '{name}'");
            values[index] = value;
        }
        for (int i = 0; i < required; i++)
            if (ReferenceEquals(values[i], BoundArguments.Missing))
                throw new JinjaError($"{function}() missing required argument '{parameters[i]}'");
        return new BoundArguments(function, parameters, values);
    }
}

/// <summary>Arguments matched to parameter names; absent ones read as the caller's fallback.</summary>
internal readonly struct BoundArguments(string function, string[] parameters, object?[] values)
{
    public static readonly object Missing = new();

    public bool Has(int index) => !ReferenceEquals(values[index], Missing);

    public object? Get(int index, object? fallback = null) => Has(index) ? values[index] : fallback;

    public long GetInteger(int index, long fallback)
    {
        object? value = Get(index, fallback);
        return value switch
        {
            long l => l,
            bool b => b ? 1 : 0,
            _ => throw new JinjaError($"{function}(): '{parameters[index]}' must be an integer, not {Py.TypeName(value)}"),
        };
    }

    public string GetString(int index, string fallback)
    {
        object? value = Get(index, fallback);
        return value as string ?? throw new JinjaError($"{function}(): '{parameters[index]}' must be a string, not {Py.TypeName(value)}");
    }

    public string? GetOptionalString(int index) => Get(index) is null ? null : GetString(index, "");

    public bool GetFlag(int index, bool fallback) => Has(index) ? Py.IsTrue(values[index]) : fallback;
}

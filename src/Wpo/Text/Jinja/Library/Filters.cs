using Wpo.Text.Jinja.Runtime;

namespace Wpo.Text.Jinja.Library;

/// <summary>A filter: <c>value | name(arguments)</c>.</summary>
internal delegate object? Filter(RenderState state, object? value, Arguments arguments);

/// <summary>The filters templates can use, by name (Jinja's built-ins, with transformers' <c>tojson</c>).</summary>
internal static class Filters
{
    static readonly Dictionary<string, Filter> All = StringFilters.All
        .Concat(ConversionFilters.All)
        .Concat(SequenceFilters.All)
        .ToDictionary(entry => entry.Key, entry => entry.Value, StringComparer.Ordinal);

    public static bool TryGet(string name, out Filter filter) => All.TryGetValue(name, out filter!);

    public static bool Exists(string name) => All.ContainsKey(name);

    /// <summary>Applies a filter chosen by name at render time (<c>map('upper')</c>).</summary>
    public static object? Apply(RenderState state, string name, object? value, Arguments arguments) =>
        TryGet(name, out Filter filter) ? filter(state, value, arguments) : throw new JinjaError($"No filter named '{name}'.");
}

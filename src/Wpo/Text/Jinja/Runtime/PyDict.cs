namespace Wpo.Text.Jinja.Runtime;

/// <summary>
/// A Python dict: insertion-ordered, keys compared as Python compares them (<c>1 == 1.0 == True</c>).
/// None keys are not supported.
/// </summary>
internal sealed class PyDict : OrderedDictionary<object, object?>
{
    public PyDict() : base(PyKeyComparer.Instance) { }

    public PyDict(int capacity) : base(capacity, PyKeyComparer.Instance) { }

    /// <summary>Sets a key from a template value, failing as Python does for unhashable or None keys.</summary>
    public void SetItem(object? key, object? value)
    {
        if (key is null) throw new JinjaError("None is not supported as a dict key here");
        if (key is List<object?> or PyDict or Namespace) throw new JinjaError($"unhashable type: '{Py.TypeName(key)}'");
        this[key] = value;
    }

    sealed class PyKeyComparer : IEqualityComparer<object>
    {
        public static readonly PyKeyComparer Instance = new();

        public new bool Equals(object? x, object? y) => Py.AreEqual(x, y);

        public int GetHashCode(object value) => value switch
        {
            string s => string.GetHashCode(s, StringComparison.Ordinal),
            bool b => b ? 1 : 0,
            long l => l.GetHashCode(),
            double d when d == Math.Floor(d) && Math.Abs(d) < 9.2e18 => ((long)d).GetHashCode(),
            object?[] tuple => tuple.Aggregate(17, (hash, item) => hash * 31 + (item is null ? 0 : GetHashCode(item))),
            _ => value.GetHashCode(),
        };
    }
}

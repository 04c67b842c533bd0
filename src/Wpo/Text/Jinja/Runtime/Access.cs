using Wpo.Text.Jinja.Library;

namespace Wpo.Text.Jinja.Runtime;

/// <summary>
/// Attribute, item and slice access as Jinja's sandboxed environment does it: <c>x.name</c> tries the Python
/// attribute (a method of str/list/dict) before the item, <c>x[key]</c> the item before the attribute, and a
/// miss gives <see cref="Undefined"/> rather than an error (only access on an undefined value fails).
/// </summary>
internal static class Access
{
    public static object? GetAttribute(object? target, string name)
    {
        switch (target)
        {
            case Undefined undefined: throw undefined.Fail();
            case PyDict dict:
                if (Methods.Has(dict, name)) return new BoundMethod(dict, name);
                return dict.TryGetValue(name, out object? value) ? value : Undefined.Member(dict, name);
            case Namespace ns:
                return ns.Attributes.TryGetValue(name, out object? attribute) ? attribute : Undefined.Member(ns, name);
            case LoopContext loop: return loop.GetAttribute(name);
            default:
                return Methods.Has(target, name) ? new BoundMethod(target!, name) : Undefined.Member(target, name);
        }
    }

    public static object? GetItem(object? target, object? key)
    {
        switch (target)
        {
            case Undefined undefined: throw undefined.Fail();
            case PyDict dict when key is not (null or List<object?> or PyDict) && dict.TryGetValue(key, out object? value):
                return value;
            case List<object?> or object?[] when key is long or bool:
                var items = (IReadOnlyList<object?>)target;
                long index = Py.ToLong(key);
                if (index < 0) index += items.Count;
                return index >= 0 && index < items.Count ? items[(int)index] : Undefined.Member(target, key);
            case string s when key is long or bool:
                return (object?)CharAt(s, Py.ToLong(key)) ?? Undefined.Member(target, key);
        }
        return key is string name ? GetAttribute(target, name) : Undefined.Member(target, key);
    }

    static string? CharAt(string s, long index)
    {
        if (!PyString.HasSurrogates(s))
        {
            if (index < 0) index += s.Length;
            return index >= 0 && index < s.Length ? s[(int)index].ToString() : null;
        }
        object?[] codePoints = PyString.CodePoints(s);
        if (index < 0) index += codePoints.Length;
        return index >= 0 && index < codePoints.Length ? (string?)codePoints[index] : null;
    }

    /// <summary><c>target[start:stop:step]</c> on a string, list or tuple, with Python's clamping of indices.</summary>
    public static object? Slice(object? target, object? start, object? stop, object? step)
    {
        if (target is Undefined undefined) throw undefined.Fail();
        long stride = step is null ? 1 : SliceIndex(step);
        if (stride == 0) throw new JinjaError("slice step cannot be zero");
        IReadOnlyList<object?> items = target switch
        {
            string s when !PyString.HasSurrogates(s) => new CharList(s),
            string s => PyString.CodePoints(s),
            List<object?> list => list,
            object?[] tuple => tuple,
            _ => [],
        };
        if (target is not (string or List<object?> or object?[]))
            return Undefined.WithHint($"{Py.TypeName(target)} object is not subscriptable with a slice");
        var (first, count) = Indices(items.Count, start, stop, stride);
        if (target is string text && stride == 1 && items is CharList) return text.Substring((int)first, (int)count);
        var picked = new object?[count];
        for (long i = 0; i < count; i++) picked[i] = items[(int)(first + i * stride)];
        return target switch
        {
            string => string.Concat(picked.Cast<string>()),
            List<object?> => new List<object?>(picked),
            _ => picked,
        };
    }

    static long SliceIndex(object? value) => value is long or bool
        ? Py.ToLong(value)
        : throw new JinjaError("slice indices must be integers or None");

    /// <summary>Python's <c>slice.indices</c>: the first index and the number of items picked.</summary>
    static (long First, long Count) Indices(int length, object? start, object? stop, long step)
    {
        long Clamp(object? bound, long fallback, long low, long high)
        {
            if (bound is null) return fallback;
            long index = SliceIndex(bound);
            if (index < 0) index += length;
            return Math.Clamp(index, low, high);
        }
        if (step > 0)
        {
            long from = Clamp(start, 0, 0, length), to = Clamp(stop, length, 0, length);
            return (from, Math.Max(0, (to - from + step - 1) / step));
        }
        long begin = Clamp(start, length - 1, -1, length - 1), end = Clamp(stop, -1, -1, length - 1);
        return (begin, Math.Max(0, (begin - end - step - 1) / -step));
    }

    /// <summary>A string's characters as a read-only list, without allocating them all.</summary>
    sealed class CharList(string s) : IReadOnlyList<object?>
    {
        public object? this[int index] => s[index].ToString();
        public int Count => s.Length;
        public IEnumerator<object?> GetEnumerator() => s.Select(c => (object?)c.ToString()).GetEnumerator();
        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }
}

namespace Wpo.Text.Jinja.Runtime;

/// <summary>
/// Python's arithmetic on template values: int op int stays int (<c>/</c> always gives a float), <c>//</c> and
/// <c>%</c> round toward negative infinity, <c>+</c> joins strings, lists and tuples, <c>*</c> repeats them.
/// Integers are 64-bit; an overflow fails instead of wrapping.
/// </summary>
internal static class PyArithmetic
{
    public static object? Add(object? a, object? b)
    {
        if (a is string sa && b is string sb) return string.Concat(sa, sb);
        if (a is long la && b is long lb) return Sum(la, lb);
        if (Py.IsNumber(a) && Py.IsNumber(b))
            return a is double || b is double ? (object)(Py.ToDouble(a) + Py.ToDouble(b)) : Sum(Py.ToLong(a), Py.ToLong(b));
        if (a is List<object?> xa && b is List<object?> xb) return new List<object?>(xa.Concat(xb));
        if (a is object?[] ta && b is object?[] tb) return ta.Concat(tb).ToArray();
        if (a is string && b is not Undefined) throw new JinjaError($"can only concatenate str (not \"{Py.TypeName(b)}\") to str");
        throw Unsupported("+", a, b);
    }

    public static object? Subtract(object? a, object? b)
    {
        if (a is long la && b is long lb) return Sum(la, Negate(lb));
        if (Py.IsNumber(a) && Py.IsNumber(b))
            return a is double || b is double ? (object)(Py.ToDouble(a) - Py.ToDouble(b)) : Sum(Py.ToLong(a), Negate(Py.ToLong(b)));
        throw Unsupported("-", a, b);
    }

    public static object? Multiply(object? a, object? b)
    {
        if (Py.IsNumber(a) && Py.IsNumber(b))
            return a is double || b is double ? (object)(Py.ToDouble(a) * Py.ToDouble(b)) : Product(Py.ToLong(a), Py.ToLong(b));
        if (b is long or bool && a is string or List<object?> or object?[]) return Repeat(a, Py.ToLong(b));
        if (a is long or bool && b is string or List<object?> or object?[]) return Repeat(b, Py.ToLong(a));
        throw Unsupported("*", a, b);
    }

    /// <summary>The longest string .NET can allocate.</summary>
    const long MaxStringLength = 0x3FFF_FFDF;

    static object Repeat(object? sequence, long times)
    {
        int count = (int)Math.Clamp(times, 0, int.MaxValue);
        // .NET's own limits on a string's or an array's length; beyond them Python would run out of memory too.
        (long length, long maxLength) = sequence switch
        {
            string s => (s.Length, MaxStringLength),
            List<object?> list => (list.Count, Array.MaxLength),
            _ => (((object?[])sequence!).Length, Array.MaxLength),
        };
        if (length * count > maxLength) throw new JinjaError($"MemoryError: repeating a {Py.TypeName(sequence)} of length {length} {times} times");
        return sequence switch
        {
            string s => string.Concat(Enumerable.Repeat(s, count)),
            List<object?> list => new List<object?>(Enumerable.Repeat(list, count).SelectMany(x => x)),
            _ => Enumerable.Repeat((object?[])sequence!, count).SelectMany(x => x).ToArray(),
        };
    }

    public static object? Divide(object? a, object? b)
    {
        RequireNumbers("/", a, b);
        double divisor = Py.ToDouble(b);
        if (divisor == 0) throw new JinjaError("division by zero");
        return Py.ToDouble(a) / divisor;
    }

    public static object? FloorDivide(object? a, object? b)
    {
        RequireNumbers("//", a, b);
        if (a is double || b is double)
        {
            double divisor = Py.ToDouble(b);
            if (divisor == 0) throw new JinjaError("float floor division by zero");
            return FloatDivMod(Py.ToDouble(a), divisor).Quotient;
        }
        long x = Py.ToLong(a), y = Py.ToLong(b);
        if (y == 0) throw new JinjaError("integer division or modulo by zero");
        if (x == long.MinValue && y == -1) throw Overflow();
        long quotient = x / y;
        return (x % y != 0) && ((x < 0) != (y < 0)) ? quotient - 1 : quotient;
    }

    public static object? Modulo(object? a, object? b)
    {
        if (a is string format) return PyPercentFormat.Format(format, b);
        RequireNumbers("%", a, b);
        if (a is double || b is double)
        {
            double x = Py.ToDouble(a), y = Py.ToDouble(b);
            if (y == 0) throw new JinjaError("float modulo");
            return FloatDivMod(x, y).Remainder;
        }
        long p = Py.ToLong(a), q = Py.ToLong(b);
        if (q == 0) throw new JinjaError("integer division or modulo by zero");
        if (q == -1) return 0L; // long.MinValue % -1 overflows in .NET
        long r = p % q;
        return r != 0 && (r < 0) != (q < 0) ? r + q : r;
    }

    /// <summary>
    /// Python's float <c>divmod</c> (CPython's <c>float_divmod</c>): the quotient is rounded from (x − fmod(x, y)) / y,
    /// not floor(x / y), so <c>12 // 0.1</c> is 119.0 as in Python; a zero remainder takes the divisor's sign.
    /// </summary>
    static (double Quotient, double Remainder) FloatDivMod(double x, double y)
    {
        double remainder = x % y; // C's fmod
        double quotient = (x - remainder) / y;
        if (remainder != 0)
        {
            if ((y < 0) != (remainder < 0))
            {
                remainder += y;
                quotient -= 1.0;
            }
        }
        else remainder = Math.CopySign(0.0, y);
        if (quotient == 0) return (Math.CopySign(0.0, x / y), remainder);
        double floor = Math.Floor(quotient);
        return (quotient - floor > 0.5 ? floor + 1.0 : floor, remainder);
    }

    public static object? Power(object? a, object? b)
    {
        RequireNumbers("**", a, b);
        if (Py.ToDouble(a) == 0 && Py.ToDouble(b) < 0) throw new JinjaError("0.0 cannot be raised to a negative power");
        if (a is double || b is double || Py.ToLong(b) < 0) return Math.Pow(Py.ToDouble(a), Py.ToDouble(b));
        // By squaring, so a huge exponent of 0, 1 or -1 takes no time; a square that overflows means the result would.
        long result = 1, value = Py.ToLong(a);
        for (long exponent = Py.ToLong(b); exponent > 0; exponent >>= 1)
        {
            if ((exponent & 1) == 1) result = Product(result, value);
            if (exponent > 1) value = Product(value, value);
        }
        return result;
    }

    public static object? Negate(object? a) => a switch
    {
        long l => (object)Negate(l),
        double d => -d,
        bool b => b ? -1L : 0L,
        Undefined u => throw u.Fail(),
        _ => throw new JinjaError($"bad operand type for unary -: '{Py.TypeName(a)}'"),
    };

    public static object? Positive(object? a) => a switch
    {
        long or double => a,
        bool b => b ? 1L : 0L,
        Undefined u => throw u.Fail(),
        _ => throw new JinjaError($"bad operand type for unary +: '{Py.TypeName(a)}'"),
    };

    static void RequireNumbers(string op, object? a, object? b)
    {
        if (!Py.IsNumber(a) || !Py.IsNumber(b)) throw Unsupported(op, a, b);
    }

    static JinjaError Unsupported(string op, object? a, object? b)
    {
        if (a is Undefined ua) return ua.Fail();
        if (b is Undefined ub) return ub.Fail();
        return new JinjaError($"unsupported operand type(s) for {op}: '{Py.TypeName(a)}' and '{Py.TypeName(b)}'");
    }

    static long Sum(long a, long b)
    {
        long result = unchecked(a + b);
        if (((a ^ result) & (b ^ result)) < 0) throw Overflow();
        return result;
    }

    static long Negate(long a) => a == long.MinValue ? throw Overflow() : -a;

    static long Product(long a, long b)
    {
        long high = Math.BigMul(a, b, out long low);
        if ((high != 0 || low < 0) && (high != -1 || low >= 0)) throw Overflow();
        return low;
    }

    static JinjaError Overflow() => new("integer result does not fit in 64 bits");
}

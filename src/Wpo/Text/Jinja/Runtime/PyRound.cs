using System.Globalization;
using System.Numerics;

namespace Wpo.Text.Jinja.Runtime;

/// <summary>
/// Python's <c>round(number, ndigits)</c>: the exact value of the number rounded half to even at that decimal
/// digit, so <c>round(2.675, 2)</c> is 2.67 (the double lies just below 2.675) and <c>round(15, -1)</c> is 20.
/// An int stays an int; a float stays a float.
/// </summary>
internal static class PyRound
{
    /// <summary>Python's bounds: beyond them a float is returned as it is, or rounds to zero.</summary>
    const long MaxFloatDigits = 323, MinFloatDigits = -308;

    public static object Round(object? number, long digits) => number is double d ? Round(d, digits) : (object)Round(Py.ToLong(number), digits);

    static long Round(long value, long digits)
    {
        if (digits >= 0) return value;
        if (digits < -19) return 0; // every long is below half of 10^20
        BigInteger rounded = RoundedScaled(BigInteger.Abs(value), BigInteger.One, digits) * BigInteger.Pow(10, (int)-digits);
        rounded = value < 0 ? -rounded : rounded;
        return rounded >= long.MinValue && rounded <= long.MaxValue ? (long)rounded : throw new JinjaError("integer result does not fit in 64 bits");
    }

    static double Round(double value, long digits)
    {
        if (!double.IsFinite(value) || value == 0 || digits > MaxFloatDigits) return value;
        if (digits < MinFloatDigits) return 0.0 * value;
        long bits = BitConverter.DoubleToInt64Bits(Math.Abs(value));
        int exponent = (int)(bits >> 52);
        BigInteger mantissa = exponent == 0 ? bits & 0xF_FFFF_FFFF_FFFF : (bits & 0xF_FFFF_FFFF_FFFF) | 1L << 52;
        int power = Math.Max(exponent, 1) - 1075;
        BigInteger numerator = power >= 0 ? mantissa << power : mantissa, denominator = power >= 0 ? BigInteger.One : BigInteger.One << -power;
        BigInteger rounded = RoundedScaled(numerator, denominator, digits);
        return double.Parse($"{(value < 0 ? "-" : "")}{rounded}E{-digits}", NumberStyles.Float, CultureInfo.InvariantCulture);
    }

    /// <summary>numerator / denominator × 10^digits (|digits| within the bounds above), rounded half to even to an integer.</summary>
    static BigInteger RoundedScaled(BigInteger numerator, BigInteger denominator, long digits)
    {
        if (digits >= 0) numerator *= BigInteger.Pow(10, (int)digits);
        else denominator *= BigInteger.Pow(10, (int)-digits);
        BigInteger quotient = BigInteger.DivRem(numerator, denominator, out BigInteger remainder);
        int half = (remainder * 2).CompareTo(denominator);
        return half > 0 || half == 0 && !quotient.IsEven ? quotient + 1 : quotient;
    }
}

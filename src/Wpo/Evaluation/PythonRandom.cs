using System.Numerics;
using System.Security.Cryptography;
using System.Text;

namespace Wpo.Evaluation;

/// <summary>
/// Python's <c>random.Random</c> seeded with a string, as far as AlpacaEval uses it: the Mersenne Twister (MT19937)
/// seeded as CPython's <c>seed(a, version=2)</c> seeds it (the UTF-8 bytes followed by their SHA-512, read as one
/// big-endian integer, fed to <c>init_by_array</c> in 32-bit words, least significant first), and <c>random()</c>,
/// a double in [0, 1) from 53 random bits.
/// </summary>
public sealed class PythonRandom
{
    readonly Mt19937 generator;

    public PythonRandom(string seed)
    {
        byte[] text = Encoding.UTF8.GetBytes(seed);
        byte[] bytes = [.. text, .. SHA512.HashData(text)];
        var value = new BigInteger(bytes, isUnsigned: true, isBigEndian: true);
        byte[] little = value.ToByteArray(isUnsigned: true, isBigEndian: false);
        int words = Math.Max(1, (little.Length + 3) / 4);
        var key = new uint[words];
        for (int i = 0; i < little.Length; i++) key[i / 4] |= (uint)little[i] << (8 * (i % 4));
        generator = Mt19937.FromKey(key);
    }

    /// <summary>The next double in [0, 1), as Python's <c>random()</c>.</summary>
    public double NextDouble()
    {
        uint a = generator.NextUInt32() >> 5, b = generator.NextUInt32() >> 6;
        return (a * 67108864.0 + b) * (1.0 / 9007199254740992.0);
    }

    /// <summary>Python's <c>choices(population, k=1)[0]</c> without weights: <c>population[floor(random() · n)]</c>.</summary>
    public T Choice<T>(IReadOnlyList<T> population) => population[(int)Math.Floor(NextDouble() * population.Count)];
}

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
    const int N = 624, M = 397;
    readonly uint[] state = new uint[N];
    int next = N;

    public PythonRandom(string seed)
    {
        byte[] text = Encoding.UTF8.GetBytes(seed);
        byte[] bytes = [.. text, .. SHA512.HashData(text)];
        var value = new BigInteger(bytes, isUnsigned: true, isBigEndian: true);
        byte[] little = value.ToByteArray(isUnsigned: true, isBigEndian: false);
        int words = Math.Max(1, (little.Length + 3) / 4);
        var key = new uint[words];
        for (int i = 0; i < little.Length; i++) key[i / 4] |= (uint)little[i] << (8 * (i % 4));
        InitByArray(key);
    }

    /// <summary>The next double in [0, 1), as Python's <c>random()</c>.</summary>
    public double NextDouble()
    {
        uint a = NextUInt32() >> 5, b = NextUInt32() >> 6;
        return (a * 67108864.0 + b) * (1.0 / 9007199254740992.0);
    }

    /// <summary>Python's <c>choices(population, k=1)[0]</c> without weights: <c>population[floor(random() · n)]</c>.</summary>
    public T Choice<T>(IReadOnlyList<T> population) => population[(int)Math.Floor(NextDouble() * population.Count)];

    void InitGenrand(uint s)
    {
        state[0] = s;
        for (int i = 1; i < N; i++) state[i] = 1812433253u * (state[i - 1] ^ (state[i - 1] >> 30)) + (uint)i;
        next = N;
    }

    void InitByArray(uint[] key)
    {
        InitGenrand(19650218u);
        int i = 1, j = 0;
        for (int k = Math.Max(N, key.Length); k > 0; k--)
        {
            state[i] = (state[i] ^ ((state[i - 1] ^ (state[i - 1] >> 30)) * 1664525u)) + key[j] + (uint)j;
            i++;
            j++;
            if (i >= N) { state[0] = state[N - 1]; i = 1; }
            if (j >= key.Length) j = 0;
        }
        for (int k = N - 1; k > 0; k--)
        {
            state[i] = (state[i] ^ ((state[i - 1] ^ (state[i - 1] >> 30)) * 1566083941u)) - (uint)i;
            i++;
            if (i >= N) { state[0] = state[N - 1]; i = 1; }
        }
        state[0] = 0x80000000u;
    }

    uint NextUInt32()
    {
        if (next >= N) Twist();
        uint y = state[next++];
        y ^= y >> 11;
        y ^= (y << 7) & 0x9d2c5680u;
        y ^= (y << 15) & 0xefc60000u;
        return y ^ (y >> 18);
    }

    void Twist()
    {
        for (int k = 0; k < N; k++)
        {
            uint y = (state[k] & 0x80000000u) | (state[(k + 1) % N] & 0x7fffffffu);
            state[k] = state[(k + M) % N] ^ (y >> 1) ^ ((y & 1) == 0 ? 0u : 0x9908b0dfu);
        }
        next = 0;
    }
}

namespace Wpo.Evaluation;

/// <summary>
/// The Mersenne Twister MT19937 (Matsumoto and Nishimura 1998), 32-bit outputs: the generator behind CPython's
/// <c>random</c>, numpy's legacy <c>RandomState</c> and C++'s <c>std::mt19937</c> (which scikit-learn's liblinear uses).
/// </summary>
public sealed class Mt19937
{
    const int N = 624, M = 397;
    readonly uint[] state = new uint[N];
    int next = N;

    /// <summary>Seeded with one 32-bit value (<c>init_genrand</c>), as <c>std::mt19937(seed)</c> and <c>RandomState(seed)</c> seed it.</summary>
    public Mt19937(uint seed)
    {
        state[0] = seed;
        for (int i = 1; i < N; i++) state[i] = 1812433253u * (state[i - 1] ^ (state[i - 1] >> 30)) + (uint)i;
    }

    /// <summary>Seeded with a key of 32-bit words (<c>init_by_array</c>), as CPython seeds it.</summary>
    public static Mt19937 FromKey(uint[] key)
    {
        var mt = new Mt19937(19650218u);
        var state = mt.state;
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
        return mt;
    }

    /// <summary>The next 32-bit output.</summary>
    public uint NextUInt32()
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

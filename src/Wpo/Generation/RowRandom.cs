namespace Wpo.Generation;

/// <summary>
/// The random stream of one generated sequence: xoshiro256** seeded through SplitMix64 from the run's seed, the
/// prompt's index and the sample's index only, so a sequence draws the same numbers whatever batch it is decoded in,
/// whichever prompts precede it, and whether the run was resumed.
/// </summary>
public sealed class RowRandom
{
    ulong s0, s1, s2, s3;

    public RowRandom(long seed, long prompt, int sample)
    {
        ulong state = SplitMix((ulong)seed) ^ SplitMix((ulong)prompt + 0x632BE59BD9B4E019UL) ^ SplitMix((ulong)sample + 0xD1B54A32D192ED03UL);
        s0 = Next(ref state);
        s1 = Next(ref state);
        s2 = Next(ref state);
        s3 = Next(ref state);
    }

    /// <summary>A uniform double in [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (NextBits() >> 11) * (1.0 / (1UL << 53));

    ulong NextBits()
    {
        ulong result = RotateLeft(s1 * 5, 7) * 9;
        ulong t = s1 << 17;
        s2 ^= s0;
        s3 ^= s1;
        s1 ^= s2;
        s0 ^= s3;
        s2 ^= t;
        s3 = RotateLeft(s3, 45);
        return result;
    }

    static ulong RotateLeft(ulong x, int k) => (x << k) | (x >> (64 - k));

    static ulong Next(ref ulong state)
    {
        state += 0x9E3779B97F4A7C15UL;
        return SplitMix(state);
    }

    static ulong SplitMix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}

using System.Globalization;
using System.Text.RegularExpressions;

namespace Wpo.Checkpoints;

/// <summary>
/// Parses a shard size as <c>transformers</c>' <c>max_shard_size</c> takes it: plain bytes (<c>"1000000"</c>), or a
/// number with a decimal unit (<c>KB</c>, <c>MB</c>, <c>GB</c>, <c>TB</c>: powers of 1000) or a binary one
/// (<c>KiB</c>, <c>MiB</c>, <c>GiB</c>, <c>TiB</c>: powers of 1024), case-insensitive: <c>"5GB"</c> = 5,000,000,000.
/// As in transformers, a decimal unit ending in a lower-case <c>b</c> counts bits: <c>"5Gb"</c> = 625,000,000 bytes.
/// </summary>
static partial class ShardSize
{
    public static long Parse(string size)
    {
        var match = Syntax().Match(size);
        string unit = match.Groups["unit"].Value;
        if (match.Success && Multiplier(unit) is long multiplier
            && decimal.TryParse(match.Groups["number"].Value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out decimal number)
            && number <= long.MaxValue / multiplier)
        {
            bool bits = unit.Length == 2 && unit[1] == 'b';
            decimal bytes = decimal.Floor(number * multiplier / (bits ? 8 : 1));
            if (bytes >= 1) return (long)bytes;
        }
        throw new WpoException($"max_shard_size '{size}' is not a size: use a positive number of bytes, optionally with a unit (KB, MB, GB, TB or KiB, MiB, GiB, TiB), e.g. '5GB'.");
    }

    static long? Multiplier(string unit) => unit.ToUpperInvariant() switch
    {
        "" or "B" => 1L,
        "KB" => 1_000L,
        "MB" => 1_000_000L,
        "GB" => 1_000_000_000L,
        "TB" => 1_000_000_000_000L,
        "KIB" => 1L << 10,
        "MIB" => 1L << 20,
        "GIB" => 1L << 30,
        "TIB" => 1L << 40,
        _ => null,
    };

    [GeneratedRegex(@"^\s*(?<number>\d+(\.\d+)?)\s*(?<unit>[A-Za-z]*)\s*$")]
    private static partial Regex Syntax();
}

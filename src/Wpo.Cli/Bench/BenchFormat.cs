using System.Globalization;

namespace Wpo.Cli.Bench;

/// <summary>How benchmark tables print rates, shares and sizes.</summary>
public static class BenchFormat
{
    public static string Number(double value) => value.ToString(value >= 100 ? "N0" : "N1", CultureInfo.InvariantCulture);

    public static string Percent(double fraction) => fraction.ToString("P0", CultureInfo.InvariantCulture);

    public static string Bytes(long bytes) => ByteSize.Format(bytes);
}

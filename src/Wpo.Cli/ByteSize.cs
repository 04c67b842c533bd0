using System.Globalization;

namespace Wpo.Cli;

/// <summary>Byte counts for people: binary units chosen so the number reads well (0.30 MiB, 14.96 GiB).</summary>
public static class ByteSize
{
    static readonly string[] Units = ["B", "KiB", "MiB", "GiB", "TiB"];

    public static string Format(long bytes)
    {
        double value = bytes;
        int unit = 0;
        while (Math.Abs(value) >= 1024 && unit < Units.Length - 1)
        {
            value /= 1024;
            unit++;
        }
        return unit == 0
            ? string.Create(CultureInfo.InvariantCulture, $"{bytes} B")
            : string.Create(CultureInfo.InvariantCulture, $"{value:F2} {Units[unit]}");
    }
}

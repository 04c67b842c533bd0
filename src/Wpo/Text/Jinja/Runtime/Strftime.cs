using System.Globalization;
using System.Text;

namespace Wpo.Text.Jinja.Runtime;

/// <summary>
/// Python's <c>datetime.strftime</c> on Linux (glibc) in the C locale, for <c>strftime_now</c>: the common
/// directives, and glibc's <c>%-d</c> style flag that drops the zero padding.
/// </summary>
internal static class Strftime
{
    public static string Format(DateTime time, string format)
    {
        var result = new StringBuilder();
        for (int i = 0; i < format.Length; i++)
        {
            if (format[i] != '%' || i + 1 >= format.Length)
            {
                result.Append(format[i]);
                continue;
            }
            bool unpadded = format[i + 1] == '-' && i + 2 < format.Length;
            char directive = format[unpadded ? i + 2 : i + 1];
            string? text = Directive(time, directive);
            if (text is null)
            {
                result.Append(format[i]);
                continue;
            }
            if (unpadded && text.Length > 1 && char.IsAsciiDigit(text[0])) text = text.TrimStart('0') is { Length: > 0 } t ? t : "0";
            result.Append(text);
            i += unpadded ? 2 : 1;
        }
        return result.ToString();
    }

    static string? Directive(DateTime t, char directive)
    {
        var c = CultureInfo.InvariantCulture;
        return directive switch
        {
            'a' => t.ToString("ddd", c),
            'A' => t.ToString("dddd", c),
            'b' or 'h' => t.ToString("MMM", c),
            'B' => t.ToString("MMMM", c),
            'd' => t.Day.ToString("00", c),
            'e' => t.Day.ToString(c).PadLeft(2),
            'm' => t.Month.ToString("00", c),
            'y' => (t.Year % 100).ToString("00", c),
            'Y' => t.Year.ToString(c),
            'H' => t.Hour.ToString("00", c),
            'I' => ((t.Hour + 11) % 12 + 1).ToString("00", c),
            'p' => t.Hour < 12 ? "AM" : "PM",
            'M' => t.Minute.ToString("00", c),
            'S' => t.Second.ToString("00", c),
            'f' => (t.Ticks % TimeSpan.TicksPerSecond / 10).ToString("000000", c),
            'j' => t.DayOfYear.ToString("000", c),
            'w' => ((int)t.DayOfWeek).ToString(c),
            'u' => (t.DayOfWeek == DayOfWeek.Sunday ? 7 : (int)t.DayOfWeek).ToString(c),
            'U' => ((t.DayOfYear + 6 - (int)t.DayOfWeek) / 7).ToString("00", c),
            'W' => ((t.DayOfYear + 6 - ((int)t.DayOfWeek + 6) % 7) / 7).ToString("00", c),
            'G' => ISOWeek.GetYear(t).ToString(c),
            'V' => ISOWeek.GetWeekOfYear(t).ToString("00", c),
            'c' => t.ToString("ddd MMM ", c) + t.Day.ToString(c).PadLeft(2) + t.ToString(" HH:mm:ss yyyy", c),
            'x' => t.ToString("MM/dd/yy", c),
            'X' => t.ToString("HH:mm:ss", c),
            'D' => t.ToString("MM/dd/yy", c),
            'F' => t.ToString("yyyy-MM-dd", c),
            'T' => t.ToString("HH:mm:ss", c),
            'R' => t.ToString("HH:mm", c),
            'z' => t.Kind == DateTimeKind.Utc ? "+0000" : "",
            'Z' => t.Kind == DateTimeKind.Utc ? "UTC" : "",
            'n' => "\n",
            't' => "\t",
            '%' => "%",
            _ => null,
        };
    }
}

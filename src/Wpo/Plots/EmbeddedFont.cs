using ScottPlot;
using SkiaSharp;

namespace Wpo.Plots;

/// <summary>
/// DejaVu Sans, embedded in the library, for all text in the plots. The SkiaSharp build ScottPlot brings
/// (NativeAssets.Linux.NoDependencies, chosen so the library loads without libfontconfig) finds fonts only as files,
/// and a bare Debian 12 with .NET has none: with the system's fonts its plots would have no text. The one font
/// also makes a run's plots look the same on every machine. Every style asked for gets the regular face.
/// </summary>
public sealed class EmbeddedFont : IFontResolver
{
    /// <summary>A name no installed font has, so the system's resolver, asked first, never answers for it.</summary>
    public const string Name = "Wpo DejaVu Sans";
    const string Resource = "Wpo.Plots.DejaVuSans.ttf";

    static readonly Lazy<string> Registered = new(() =>
    {
        ScottPlot.Fonts.FontResolvers.Add(new EmbeddedFont(Load()));
        return Name;
    });

    readonly SKTypeface typeface;

    EmbeddedFont(SKTypeface typeface) => this.typeface = typeface;

    /// <summary>The font's name, once the font is known to ScottPlot (the first call adds it; ScottPlot's resolvers are process-wide).</summary>
    public static string Use() => Registered.Value;

    public SKTypeface? CreateTypeface(string fontName, bool bold, bool italic) => fontName == Name ? typeface : null;

    public SKTypeface? CreateTypeface(string fontName, FontWeight weight, FontSlant slant, FontSpacing spacing) => fontName == Name ? typeface : null;

    static SKTypeface Load()
    {
        using Stream stream = typeof(EmbeddedFont).Assembly.GetManifestResourceStream(Resource)
            ?? throw new InvalidOperationException($"The library lacks its embedded resource {Resource}.");
        return SKTypeface.FromStream(stream) ?? throw new InvalidOperationException($"SkiaSharp cannot read the embedded font {Resource}.");
    }
}

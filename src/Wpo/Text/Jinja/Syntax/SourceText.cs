namespace Wpo.Text.Jinja.Syntax;

/// <summary>
/// The template source as the lexer sees it (newlines normalised to <c>\n</c>, one trailing newline dropped
/// unless kept, as Jinja does), with the template's name, and a way back from an offset to line and column.
/// </summary>
internal sealed class SourceText
{
    readonly int[] lineStarts;

    public SourceText(string source, string? name, bool keepTrailingNewline)
    {
        string text = source.Replace("\r\n", "\n").Replace('\r', '\n');
        if (!keepTrailingNewline && text.EndsWith('\n')) text = text[..^1];
        Text = text;
        Name = name;
        var starts = new List<int> { 0 };
        for (int i = 0; i < text.Length; i++)
            if (text[i] == '\n') starts.Add(i + 1);
        lineStarts = [.. starts];
    }

    public string Text { get; }

    public string? Name { get; }

    /// <summary>1-based line and column of an offset into <see cref="Text"/>.</summary>
    public (int Line, int Column) Locate(int offset)
    {
        int index = Array.BinarySearch(lineStarts, offset);
        int line = index >= 0 ? index : ~index - 1;
        return (line + 1, offset - lineStarts[line] + 1);
    }

    public TemplateException Error(int offset, string description)
    {
        var (line, column) = Locate(offset);
        return new TemplateException(Name, line, column, description);
    }
}

namespace Wpo.Text.Jinja;

/// <summary>
/// A template that does not parse, or that fails while rendering (including <c>raise_exception</c>).
/// The message names the template (when known), the line and column, and what went wrong.
/// </summary>
public sealed class TemplateException : WpoException
{
    public TemplateException(string? templateName, int line, int column, string description)
        : base(Describe(templateName, line, column, description))
    {
        TemplateName = templateName;
        Line = line;
        Column = column;
        Description = description;
    }

    /// <summary>The template's name or file, when the caller gave one.</summary>
    public string? TemplateName { get; }

    /// <summary>1-based line of the construct that failed.</summary>
    public int Line { get; }

    /// <summary>1-based column of the construct that failed.</summary>
    public int Column { get; }

    /// <summary>What went wrong, without the location.</summary>
    public string Description { get; }

    static string Describe(string? name, int line, int column, string description) =>
        name is null
            ? $"Chat template error at line {line}, column {column}: {description}"
            : $"Chat template error in '{name}' at line {line}, column {column}: {description}";
}

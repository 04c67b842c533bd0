using Wpo.Text.Jinja.Nodes;
using Wpo.Text.Jinja.Runtime;
using Wpo.Text.Jinja.Syntax;

namespace Wpo.Text.Jinja;

/// <summary>
/// A parsed Jinja template, rendered by walking its tree. It covers the Jinja subset real chat templates use (see
/// the README's chat-template section) with Python's value semantics, and fails with a
/// <see cref="TemplateException"/> naming the line and column where Jinja would fail. Parse once; rendering is
/// thread-safe (each render has its own state).
/// </summary>
public sealed class JinjaTemplate
{
    readonly SourceText source;
    readonly Statement[] body;

    JinjaTemplate(SourceText source, Statement[] body)
    {
        this.source = source;
        this.body = body;
    }

    /// <summary>Parses <paramref name="source"/>; a syntax error names the line and column.</summary>
    /// <param name="source">The template text.</param>
    /// <param name="options">Lexer switches; <see cref="TemplateOptions.Transformers"/> for chat templates.</param>
    /// <param name="name">The template's name or file, for error messages.</param>
    public static JinjaTemplate Parse(string source, TemplateOptions options, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        var text = new SourceText(source, name, options.KeepTrailingNewline);
        return new JinjaTemplate(text, Parser.Parse(text, options));
    }

    /// <summary>Renders with the given variables (converted to Python-like values first).</summary>
    /// <param name="variables">Strings, numbers, bools, null, lists, dictionaries or JSON elements, by name.</param>
    /// <param name="clock">The time <c>strftime_now</c> formats.</param>
    public RenderResult Render(IReadOnlyDictionary<string, object?> variables, Func<DateTime> clock)
    {
        var context = new Dictionary<string, object?>(variables.Count, StringComparer.Ordinal);
        foreach (var (key, value) in variables) context[key] = ValueConverter.Convert(value, key);
        var state = new RenderState(source, new Scope(new Scope(null, context)), clock);
        Statement.RunAll(body, state);
        return new RenderResult(state.Text, state.GenerationSpans);
    }
}

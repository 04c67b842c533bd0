namespace Wpo.Text.Jinja;

/// <summary>
/// The lexer switches of a Jinja environment. The defaults are Jinja's own; Hugging Face transformers renders
/// chat templates with <see cref="TrimBlocks"/> and <see cref="LstripBlocks"/> on (<see cref="Transformers"/>).
/// </summary>
/// <param name="TrimBlocks">Drop the first newline after a block or comment tag.</param>
/// <param name="LstripBlocks">Strip spaces and tabs from the start of a line up to a block or comment tag.</param>
/// <param name="KeepTrailingNewline">Keep the single newline that ends the template source.</param>
public sealed record TemplateOptions(bool TrimBlocks = false, bool LstripBlocks = false, bool KeepTrailingNewline = false)
{
    /// <summary>The settings of transformers' <c>apply_chat_template</c>.</summary>
    public static TemplateOptions Transformers { get; } = new(TrimBlocks: true, LstripBlocks: true);
}

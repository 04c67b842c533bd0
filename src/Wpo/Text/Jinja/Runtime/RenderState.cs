using System.Text;
using Wpo.Text.Jinja.Library;
using Wpo.Text.Jinja.Nodes;
using Wpo.Text.Jinja.Syntax;

namespace Wpo.Text.Jinja.Runtime;

/// <summary>
/// Everything one render needs: where output goes (the top-level text, or a capture for a macro, a block
/// <c>set</c> or a <c>filter</c> block), the current scope, the clock for <c>strftime_now</c>, and the character
/// spans of <c>{% generation %}</c> blocks written at top level.
/// </summary>
internal sealed class RenderState(SourceText source, Scope scope, Func<DateTime> clock)
{
    const int MaxCaptureDepth = 100;

    readonly StringBuilder root = new();
    StringBuilder? capture;
    int captureDepth;

    public Scope Scope { get; set; } = scope;

    public Func<DateTime> Clock { get; } = clock;

    public List<(int Start, int Length)> GenerationSpans { get; } = [];

    public StringBuilder Output => capture ?? root;

    /// <summary>Whether output goes straight to the rendered text (so its offsets are final).</summary>
    public bool WritesToRoot => capture is null;

    public string Text => root.ToString();

    public void Write(string text) => Output.Append(text);

    /// <summary>A variable from the scopes, else a global, else undefined.</summary>
    public object? Lookup(string name) =>
        Scope.TryGet(name, out object? value) ? value : Globals.TryGet(name, out value) ? value : Undefined.Variable(name);

    /// <summary>Runs <paramref name="body"/> in <paramref name="bodyScope"/> and returns what it wrote.</summary>
    public string Capture(Statement[] body, Scope bodyScope) => Capture(bodyScope, state => Statement.RunAll(body, state));

    /// <summary>Runs <paramref name="render"/> in <paramref name="bodyScope"/> and returns what it wrote.</summary>
    public string Capture(Scope bodyScope, Action<RenderState> render)
    {
        if (captureDepth >= MaxCaptureDepth) throw new JinjaError("maximum recursion depth exceeded (macro, caller or block nesting)");
        var savedCapture = capture;
        var savedScope = Scope;
        capture = new StringBuilder();
        captureDepth++;
        Scope = bodyScope;
        try
        {
            render(this);
            return capture.ToString();
        }
        finally
        {
            capture = savedCapture;
            Scope = savedScope;
            captureDepth--;
        }
    }

    public TemplateException Error(int offset, string description) => source.Error(offset, description);
}

namespace Wpo.Text.Jinja.Syntax;

/// <summary>
/// What the parser tracks about the code around a tag, as Jinja's compiler does with its frames: how many loops
/// enclose it (for <c>break</c>/<c>continue</c>; a macro, call, filter, block set or generation body is a new
/// function that no outer loop reaches), and whether it sits in an <c>if</c> or a conditional expression, where
/// an unknown filter or test is an error only if it runs (elsewhere it is an error when the template is parsed).
/// </summary>
internal sealed partial class Parser
{
    readonly List<UnknownName> unknownNames = [];
    int loopDepth;
    bool softFrame;

    sealed class UnknownName(int offset, string message, bool conditional)
    {
        public int Offset { get; } = offset;
        public string Message { get; } = message;
        public bool Conditional { get; set; } = conditional;
    }

    /// <summary>Parses a body that runs as its own function in Jinja.</summary>
    T InNewFrame<T>(Func<T> parse) => InFrame(0, soft: false, parse);

    T InFrame<T>(int loops, bool soft, Func<T> parse)
    {
        var (savedLoops, savedSoft) = (loopDepth, softFrame);
        (loopDepth, softFrame) = (loops, soft);
        try
        {
            return parse();
        }
        finally
        {
            (loopDepth, softFrame) = (savedLoops, savedSoft);
        }
    }

    /// <summary>A stand-in for an unknown filter or test that fails when it runs; recorded for the parse-time check.</summary>
    T DeferUnknown<T>(Token name, string kind, Func<string, T> failing)
    {
        unknownNames.Add(new UnknownName(name.Offset, $"No {kind} named '{name.Text}'.", softFrame));
        return failing($"No {kind} named '{name.Text}' found.");
    }

    /// <summary>Unknown names met since <paramref name="first"/> belong to a conditional expression.</summary>
    void MarkUnknownNamesConditional(int first)
    {
        for (int i = first; i < unknownNames.Count; i++) unknownNames[i].Conditional = true;
    }

    void FailOnUnknownNamesOutsideConditions()
    {
        foreach (var unknown in unknownNames)
            if (!unknown.Conditional) throw stream.Error(unknown.Offset, unknown.Message);
    }
}

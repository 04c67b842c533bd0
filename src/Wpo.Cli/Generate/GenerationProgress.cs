using System.Diagnostics;
using System.Globalization;
using Spectre.Console;

namespace Wpo.Cli.Generate;

/// <summary>
/// Progress of <c>wpo generate</c>: on a terminal a bar of prompts done with the tokens/s so far, updated every
/// decoding step; otherwise one line per finished batch, so logs read it.
/// </summary>
sealed class GenerationProgress
{
    readonly int total;
    readonly Action<string, int> update;
    readonly bool everyStep;
    readonly Stopwatch clock = Stopwatch.StartNew();
    int done;
    long tokens;

    GenerationProgress(int total, int done, Action<string, int> update, bool everyStep)
    {
        this.total = total;
        this.done = done;
        this.update = update;
        this.everyStep = everyStep;
    }

    public static void Run(IAnsiConsole console, int total, int done, Action<GenerationProgress> work)
    {
        if (!console.Profile.Capabilities.Interactive)
        {
            work(new GenerationProgress(total, done, (line, _) => console.WriteLine(line), everyStep: false));
            return;
        }
        console.Progress()
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .Start(context =>
            {
                var task = context.AddTask(Markup.Escape($"prompts {done}/{total}"), maxValue: total);
                task.Value = done;
                work(new GenerationProgress(total, done, (line, value) =>
                {
                    task.Description = Markup.Escape(line);
                    task.Value = value;
                }, everyStep: true));
            });
    }

    /// <summary>Tokens a decoding step just added.</summary>
    public void Tokens(int added)
    {
        tokens += added;
        if (everyStep) Update();
    }

    /// <summary>Prompts whose lines are in the file so far.</summary>
    public void Prompts(int written)
    {
        done = written;
        Update();
    }

    void Update() => update(string.Create(CultureInfo.InvariantCulture,
        $"prompts {done}/{total}  {tokens} tokens  {tokens / Math.Max(clock.Elapsed.TotalSeconds, 1e-9):F0} tokens/s"), done);
}

using Spectre.Console;

namespace Wpo.Cli.Train;

/// <summary>
/// The first Ctrl-C asks the run to stop at the next step boundary (a training step, a generate or score batch, so
/// what is done is saved whole), saying <c>stopping after this …</c>; a second one ends the process at once.
/// </summary>
sealed class ConsoleInterrupt : IDisposable
{
    readonly CancellationTokenSource source = new();
    readonly IAnsiConsole console;
    readonly string step;

    /// <remarks><paramref name="step"/>: what the run finishes before it stops ("step", "batch").</remarks>
    public ConsoleInterrupt(IAnsiConsole console, string step = "step")
    {
        this.console = console;
        this.step = step;
        Console.CancelKeyPress += OnCancel;
    }

    public CancellationToken Token => source.Token;

    void OnCancel(object? sender, ConsoleCancelEventArgs e)
    {
        if (source.IsCancellationRequested) return;
        e.Cancel = true;
        source.Cancel();
        console.MarkupLineInterpolated($"[yellow]stopping after this {step} (Ctrl-C again to quit at once)[/]");
    }

    public void Dispose()
    {
        Console.CancelKeyPress -= OnCancel;
        source.Dispose();
    }
}

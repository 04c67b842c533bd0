using Spectre.Console;

namespace Wpo.Cli.Train;

/// <summary>
/// The first Ctrl-C asks the run to stop at the next step boundary (so the model is saved whole); a second one
/// ends the process at once.
/// </summary>
sealed class ConsoleInterrupt : IDisposable
{
    readonly CancellationTokenSource source = new();
    readonly IAnsiConsole console;

    public ConsoleInterrupt(IAnsiConsole console)
    {
        this.console = console;
        Console.CancelKeyPress += OnCancel;
    }

    public CancellationToken Token => source.Token;

    void OnCancel(object? sender, ConsoleCancelEventArgs e)
    {
        if (source.IsCancellationRequested) return;
        e.Cancel = true;
        source.Cancel();
        console.MarkupLine("[yellow]stopping after this step (Ctrl-C again to quit at once)[/]");
    }

    public void Dispose()
    {
        Console.CancelKeyPress -= OnCancel;
        source.Dispose();
    }
}

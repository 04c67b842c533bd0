using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Wpo.Modeling;

namespace Wpo.Cli.Bench;

/// <summary>What the peer script (<c>../shared/tools/peer_step_bench.py</c>, the seed's step in plain PyTorch) measured.</summary>
public sealed record PeerStepResult(string Torch, double TokensPerSecond, double MedianStepSeconds, long PeakResidentBytes);

/// <summary>The peer's result, or why it has none (a peer killed for memory is a result too).</summary>
public sealed record PeerOutcome(PeerStepResult? Result, string? Failure)
{
    public static PeerOutcome Of(Func<PeerStepResult> run)
    {
        try
        {
            return new PeerOutcome(run(), null);
        }
        catch (WpoException e)
        {
            return new PeerOutcome(null, e.Message);
        }
    }
}

/// <summary>
/// Runs the peer script at the benchmark's shape in its own process (before Wpo's model exists, so the two never
/// share the machine's memory) and reads its JSON line; a peer killed for memory is reported as such.
/// </summary>
public static class PeerStep
{
    public static PeerStepResult Run(string script, string python, ModelConfig config, int pairs, int tokens, int steps, string dtype, int threads)
    {
        if (!File.Exists(script)) throw new WpoException($"--peer {script}: no such file (the peer script is ../shared/tools/peer_step_bench.py).");
        string Arg(int value) => value.ToString(CultureInfo.InvariantCulture);
        var start = new ProcessStartInfo(python)
        {
            ArgumentList =
            {
                script, "--hidden", Arg(config.HiddenSize), "--layers", Arg(config.NumHiddenLayers), "--heads", Arg(config.NumAttentionHeads),
                "--kv", Arg(config.NumKeyValueHeads), "--inter", Arg(config.IntermediateSize), "--vocab", Arg(config.VocabSize),
                "--pairs", Arg(pairs), "--seq", Arg(tokens), "--steps", Arg(steps), "--dtype", dtype, "--threads", Arg(threads),
            },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new WpoException($"--peer: could not start {python}.");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new WpoException($"--peer: could not start {python} ({e.Message}); the peer needs PyTorch (Debian: apt-get install python3-torch).");
        }
        using (process)
        {
            var error = process.StandardError.ReadToEndAsync();
            string output = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            if (process.ExitCode != 0)
            {
                string why = process.ExitCode == 137 || process.ExitCode == -9 ? "killed (out of memory?)" : $"exit code {process.ExitCode}";
                throw new WpoException($"--peer: {script} failed, {why}: {LastLine(error.Result)}");
            }
            var line = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).LastOrDefault()
                ?? throw new WpoException($"--peer: {script} printed nothing.");
            var json = JsonNode.Parse(line)!.AsObject();
            return new PeerStepResult((string)json["torch"]!, (double)json["tokens_per_s"]!, (double)json["median_step_s"]!, (long)json["peak_rss_bytes"]!);
        }
    }

    static string LastLine(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries).LastOrDefault() ?? "";
}

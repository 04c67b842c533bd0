using Wpo.Cli.Bench;
using static TorchSharp.torch;

namespace Wpo.Tests.Objectives;

public sealed class ObjectiveBenchmarkTests
{
    [Fact]
    public void Both_paths_are_measured_on_the_same_inputs_and_loss()
    {
        const int vocab = 300, hidden = 16, tokens = 64;
        var chunked = ObjectiveBenchmark.Measure(new ObjectiveBenchmarkSettings(true, vocab, hidden, tokens, ScalarType.Float32, Chunk: 20));
        var plain = ObjectiveBenchmark.Measure(new ObjectiveBenchmarkSettings(false, vocab, hidden, tokens, ScalarType.Float32, Chunk: 20));

        Assert.Equal(plain.Loss, chunked.Loss, 1e-6);
        Assert.True(double.IsFinite(chunked.Loss) && chunked.Loss > 0);
        // Hidden states and head with their gradients (float32), labels (int64), two reference log-probs (float32).
        Assert.Equal(2 * 4 * (tokens * hidden + vocab * hidden) + 8 * tokens + 2 * 4, chunked.HeldBytes);
        Assert.Equal(chunked.PeakResidentBytes - chunked.BaselineResidentBytes, chunked.TransientBytes);
        Assert.Equal((20, (int?)null), (chunked.Chunk!.Value, plain.Chunk));
    }
}

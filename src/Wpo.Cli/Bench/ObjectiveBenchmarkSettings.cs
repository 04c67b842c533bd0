using static TorchSharp.torch;

namespace Wpo.Cli.Bench;

/// <summary>One configuration of <c>wpo bench objective</c>.</summary>
public sealed record ObjectiveBenchmarkSettings(bool Chunked, int Vocab, int Hidden, int Tokens, ScalarType DType, int Chunk);

/// <summary>What one run of <c>wpo bench objective</c> measured (JSON with snake_case names).</summary>
public sealed record ObjectiveMeasurement(
    string Objective,
    int Vocab,
    int Hidden,
    int Tokens,
    string Dtype,
    int? Chunk,
    int Threads,
    double Seconds,
    long PeakResidentBytes,
    long BaselineResidentBytes,
    long TransientBytes,
    long HeldBytes,
    bool PeakReset,
    double Loss);

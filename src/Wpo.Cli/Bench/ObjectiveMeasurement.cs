namespace Wpo.Cli.Bench;

/// <summary>What one run of <c>wpo bench objective</c> measured (JSON with snake_case names).</summary>
public sealed record ObjectiveMeasurement(
    string Objective,
    int Vocab,
    int Hidden,
    int Tokens,
    string Dtype,
    int? Chunk,
    int Threads,
    string Allocator,
    double Seconds,
    double CpuSeconds,
    long PeakResidentBytes,
    long BaselineResidentBytes,
    long TransientBytes,
    long HeldBytes,
    bool PeakReset,
    double Loss);

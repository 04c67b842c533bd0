using static TorchSharp.torch;

namespace Wpo.Cli.Bench;

/// <summary>One configuration of <c>wpo bench objective</c>.</summary>
public sealed record ObjectiveBenchmarkSettings(bool Chunked, int Vocab, int Hidden, int Tokens, ScalarType DType, int Chunk);

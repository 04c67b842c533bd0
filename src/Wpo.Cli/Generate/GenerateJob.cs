using Wpo.Data;
using Wpo.Generation;

namespace Wpo.Cli.Generate;

/// <summary>What <c>wpo generate</c> was asked to do (<see cref="Adapter"/>: a PEFT adapter on the model; <see cref="Tokenizer"/>: a tokenizer directory other than the model's); <see cref="Sampling"/> turns the model's defaults into the effective settings.</summary>
public sealed record GenerateJob(
    string Model,
    string? Adapter,
    string? Tokenizer,
    string Prompts,
    string Output,
    Func<SamplingSettings, SamplingSettings> Sampling,
    int BatchSize,
    int? Limit,
    string DType,
    string? Template,
    DataSchema? Schema,
    BadRowPolicy BadRows);

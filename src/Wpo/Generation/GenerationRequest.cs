namespace Wpo.Generation;

/// <summary>One sequence to generate: its prompt's token ids, and the prompt and sample indices that seed its draws.</summary>
public sealed record GenerationRequest(IReadOnlyList<int> PromptIds, long PromptIndex = 0, int Sample = 0);

/// <summary>
/// One generated sequence: the new tokens (an ending EOS id included; with a stop string, up to the token that
/// completed it), why it ended, and, when a decoder was given, its text (without the EOS, cut before a stop string).
/// </summary>
public sealed record GeneratedSequence(IReadOnlyList<int> Tokens, FinishReason Reason, string? Text);

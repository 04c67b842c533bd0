namespace Wpo.Data;

/// <summary>Why a row cannot become a training example.</summary>
public enum BadRowReason
{
    /// <summary>A required key is absent or null (or a list it needs is empty).</summary>
    MissingField,
    /// <summary>A message's content, or a field that must be text, is not a string.</summary>
    NonStringContent,
    /// <summary>The chosen or the rejected answer is empty or only whitespace.</summary>
    EmptyResponse,
    /// <summary>The chosen and the rejected conversations have different prompts.</summary>
    PromptMismatch,
    /// <summary>The chosen answer equals the rejected one: the pair carries no preference.</summary>
    IdenticalResponses,
    /// <summary>The prompt alone has more tokens than <c>max_length</c>.</summary>
    PromptOverBudget,
}

namespace Wpo.Data;

/// <summary>
/// The one bad-row rule that needs tokens: a prompt whose own length (with BOS) exceeds <c>max_length</c>. The seed
/// keeps such rows with the prompt cut to <c>max_prompt_length</c> tokens, which can drop the question itself;
/// here they are skipped unless <c>keep_over_budget_prompts</c> asks for the seed's behaviour.
/// </summary>
public static class PromptBudget
{
    public static TokenizedPair Check(TokenizedPair pair, int maxLength, bool keepOverBudgetPrompts) =>
        keepOverBudgetPrompts || pair.Untruncated.Prompt <= maxLength
            ? pair
            : throw new BadRowException(BadRowReason.PromptOverBudget, pair.Origin,
                $"the prompt alone has {pair.Untruncated.Prompt} tokens, more than max_length {maxLength}");
}

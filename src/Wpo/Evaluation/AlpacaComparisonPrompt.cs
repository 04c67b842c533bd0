using System.Text.RegularExpressions;
using Wpo.Text;

namespace Wpo.Evaluation;

/// <summary>
/// The comparison prompt of AlpacaEval's <c>weighted_alpaca_eval_gpt4_turbo</c> annotator
/// (<c>evaluators_configs/alpaca_eval_clf_gpt4_turbo/alpaca_eval_clf.txt</c>): the instruction and two outputs,
/// identified as "m" (output_1) and "M" (output_2), the judge to answer with one identifier. The placeholders are
/// replaced in one pass (braces inside the texts are left alone) and the ChatML text is split into messages as
/// AlpacaEval's <c>prompt_to_chatml</c> splits it: a system and a user message, each stripped.
/// </summary>
public static partial class AlpacaComparisonPrompt
{
    const string System = "You are a highly efficient assistant, who evaluates and selects the best large language model (LLMs) based on the quality of their responses to a given instruction. This process will be used to create a leaderboard reflecting the most accurate and human-preferred answers.";

    const string User = """"
        I require a leaderboard for various large language models. I'll provide you with prompts given to these models and their corresponding outputs. Your task is to assess these responses, and select the model that produces the best output from a human perspective.

        ## Instruction

        {
            "instruction": """{instruction}""",
        }

        ## Model Outputs

        Here are the unordered outputs from the models. Each output is associated with a specific model, identified by a unique model identifier.

        {
            {
                "model_identifier": "m",
                "output": """{output_1}"""
            },
            {
                "model_identifier": "M",
                "output": """{output_2}"""
            }
        }

        ## Task

        Evaluate the models based on the quality and relevance of their outputs, and select the model that generated the best output. Answer by providing the model identifier of the best model. We will use your output as the name of the best model, so make sure your output only contains one of the following model identifiers and nothing else (no quotes, no spaces, no new lines, ...): m or M.

        ## Best Model Identifier
        """";

    /// <summary>The judge's messages for <paramref name="instruction"/> with <paramref name="output1"/> as "m" and <paramref name="output2"/> as "M".</summary>
    public static IReadOnlyList<ChatMessage> Messages(string instruction, string output1, string output2)
    {
        string user = Placeholder().Replace(User, match => match.Groups[1].Value switch
        {
            "instruction" => instruction,
            "output_1" => output1,
            _ => output2,
        });
        return [new ChatMessage("system", System), new ChatMessage("user", user.Trim())];
    }

    [GeneratedRegex(@"\{(instruction|output_1|output_2)\}")]
    private static partial Regex Placeholder();
}

namespace Wpo.Judging;

/// <summary>
/// A pairwise judge of AlpacaEval's weighted GPT-4-turbo comparison: the preference of (output_1 = reference,
/// output_2 = model) with the per-instruction order switch undone (<see cref="Evaluation.AlpacaOutputOrder"/>).
/// </summary>
public interface IAlpacaPairJudge
{
    /// <summary>The judge as AlpacaEval names it in <c>annotator</c>.</summary>
    string Annotator { get; }

    /// <summary>The judgement of <paramref name="output1"/> (reference) against <paramref name="output2"/> (model).</summary>
    Task<PairJudgement> JudgeAsync(string instruction, string output1, string output2, CancellationToken cancel);
}

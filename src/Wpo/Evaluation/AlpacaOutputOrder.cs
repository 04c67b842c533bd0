namespace Wpo.Evaluation;

/// <summary>
/// AlpacaEval's order randomisation of a pairwise judge (<c>RandomSwitchTwoColumnsProcessor</c> of
/// <c>PairwiseAnnotator</c>): per instruction, the judge sees output_1 and output_2 switched when
/// <c>random.Random("is_switched_outputs" + instruction + str(seed)).choices([False, True])</c> draws True (the
/// annotator's seed is 0 by default); a preference given on the switched pair is undone as 3 − p.
/// </summary>
public static class AlpacaOutputOrder
{
    /// <summary>The seed AlpacaEval's annotators use unless told otherwise.</summary>
    public const int DefaultSeed = 0;

    static readonly bool[] Choices = [false, true];

    /// <summary>Whether the judge sees the two outputs of <paramref name="instruction"/> in switched order.</summary>
    public static bool IsSwitched(string instruction, int seed = DefaultSeed) =>
        new PythonRandom("is_switched_outputs" + instruction + seed.ToString(System.Globalization.CultureInfo.InvariantCulture)).Choice(Choices);

    /// <summary>The preference on (output_1, output_2) of a preference the judge gave on the pair in the order it saw.</summary>
    public static double Undo(double preferenceAsSeen, bool switched) => switched ? 3 - preferenceAsSeen : preferenceAsSeen;
}

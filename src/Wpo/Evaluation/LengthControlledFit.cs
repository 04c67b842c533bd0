namespace Wpo.Evaluation;

/// <summary>
/// AlpacaEval's length-controlled GLM fit (<c>metrics/glm_winrate.py</c>, <c>length_controlled_v1</c>):
/// features tanh(standardised length difference), difficulty and the model's bias; soft labels; L1 penalty; the C
/// of <see cref="Cs"/> with the best 5-fold grouped cross-validated log loss, then a refit on every row; LC = the
/// mean prediction with the length term at zero. Each fit is liblinear's, stopped where AlpacaEval's scikit-learn
/// stops it (<see cref="LiblinearL1Logistic"/>), or the exact optimum (<see cref="L1Logistic"/>) when asked.
/// </summary>
/// <param name="Weights">The fitted weights (all zero when the model is the baseline).</param>
/// <param name="C">The chosen inverse regularisation strength (null when the model is the baseline).</param>
/// <param name="CvScores">The negated log loss of each fold (rows) at each C (columns), as scikit-learn's scores_.</param>
/// <param name="WinRate">The length-controlled win rate, 100 · mean prediction.</param>
/// <param name="StandardError">100 · the standard error of the mean of the predictions.</param>
public sealed record LengthControlledFit(GlmWeights Weights, double? C, double[][]? CvScores, double WinRate, double StandardError)
{
    /// <summary>The weight of each gamed row, AlpacaEval's regularize_to_baseline_lambda = 0.2 halved (two gamed baselines).</summary>
    public const double GamedWeight = 0.2 / 2;

    /// <summary>The number of cross-validation folds.</summary>
    public const int Splits = 5;

    /// <summary>scikit-learn's default grid, numpy.logspace(−4, 4, 10).</summary>
    public static readonly double[] Cs = Enumerable.Range(0, 10).Select(k => k == 9 ? 1e4 : Math.Pow(10, k * (8.0 / 9) - 4)).ToArray();

    /// <summary>
    /// Fits the GLM of one model's annotations against one baseline, optionally regularised toward the baseline with
    /// <paramref name="gamed"/> rows; <paramref name="converged"/> solves each fit exactly instead of as liblinear at
    /// AlpacaEval's tol 1e-4 does.
    /// </summary>
    public static LengthControlledFit Of(IReadOnlyList<AlpacaAnnotation> annotations, InstructionDifficulty difficulty, IReadOnlyList<GamedRow>? gamed = null, bool converged = false)
    {
        var metrics = AlpacaMetrics.Of(annotations);
        var present = annotations.Where(a => a.Preference is not null).ToList();
        if (metrics.Model == metrics.Baseline)
            return Predicted(new GlmWeights(0, 0, 0), null, null, present.Select(_ => 0.5).ToList());

        var delta = annotations.Select(a => (double)(Statistics.CodePoints(a.Output1) - Statistics.CodePoints(a.Output2))).ToList();
        double std = Statistics.StandardDeviation(delta);
        if (!(std > 0)) throw new WpoException($"every answer of '{metrics.Model}' has the same length difference to the baseline's: the length term cannot be standardised");
        var x = new List<double[]>();
        var p = new List<double>();
        var s = new List<double>();
        foreach (var row in (gamed ?? []).Where(g => g.Preference is not null))
            Add([Math.Tanh(row.StdDeltaLen), row.InstructionDifficulty, 0], row.Preference!.Value, gamed is null ? 1 : GamedWeight);
        foreach (var a in present)
            Add([Math.Tanh(delta[a.Index] / std), difficulty[a.Index], 1], (a.Preference == 0 ? 1.5 : a.Preference!.Value) - 1, 1);

        // scikit-learn seeds liblinear anew for each path (a fold's grid, the refit at the best C) and draws one seed per C along it.
        Solver solve = converged
            ? (rows, labels, rowWeights, c, _) => L1Logistic.Fit(rows, labels, rowWeights, c)
            : (rows, labels, rowWeights, c, draw) => LiblinearL1Logistic.Fit(rows, labels, rowWeights, c, LiblinearL1Logistic.AlpacaEvalTolerance,
                LiblinearL1Logistic.AlpacaEvalMaxIterations, LiblinearL1Logistic.Seed(LiblinearL1Logistic.AlpacaEvalRandomState, draw));
        var folds = GroupFolds.Assign(x.Count, Splits);
        var scores = Enumerable.Range(0, Splits).Select(fold => Cs.Select((c, k) => Score(x, p, s, folds, fold, c, k, solve)).ToArray()).ToArray();
        var totals = Cs.Select((_, k) => scores.Sum(fold => fold[k])).ToList();
        double best = Cs[totals.IndexOf(totals.Max())];
        var w = solve(x, p, s, best, 0);
        var weights = new GlmWeights(w[0], w[1], w[2]);
        return Predicted(weights, best, scores, annotations.Select(a => LengthControlled.Logistic(weights.Difficulty * difficulty[a.Index] + weights.Bias)).ToList());

        void Add(double[] features, double preference, double weight) { x.Add(features); p.Add(preference); s.Add(weight); }
    }

    static LengthControlledFit Predicted(GlmWeights weights, double? c, double[][]? scores, IReadOnlyList<double> predictions) =>
        new(weights, c, scores, 100 * predictions.Average(), 100 * Statistics.StandardErrorOfMean(predictions));

    /// <summary>One L1 logistic fit at C <paramref name="c"/>, the <paramref name="draw"/>-th of its regularisation path.</summary>
    delegate double[] Solver(List<double[]> x, List<double> p, List<double> s, double c, int draw);

    /// <summary>AlpacaEval's logloss_continuous on fold <paramref name="fold"/> of a fit on the other folds, negated (sklearn's scorer).</summary>
    static double Score(List<double[]> x, List<double> p, List<double> s, int[] folds, int fold, double c, int draw, Solver solve)
    {
        var train = Enumerable.Range(0, x.Count).Where(i => folds[i] != fold).ToList();
        var w = solve(train.Select(i => x[i]).ToList(), train.Select(i => p[i]).ToList(), train.Select(i => s[i]).ToList(), c, draw);
        var test = Enumerable.Range(0, x.Count).Where(i => folds[i] == fold).ToList();
        return test.Average(i =>
        {
            double q = Math.Clamp(LengthControlled.Logistic(w[0] * x[i][0] + w[1] * x[i][1] + w[2] * x[i][2]), 1e-15, 1 - 1e-15);
            return s[i] * (p[i] * Math.Log(q) + (1 - p[i]) * Math.Log(1 - q));
        });
    }
}

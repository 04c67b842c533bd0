namespace Wpo.Evaluation;

/// <summary>
/// The L1 logistic fit of <see cref="L1Logistic"/> solved the way scikit-learn 1.2's bundled liblinear solves it
/// (<c>solve_l1r_lr</c> in <c>sklearn/svm/src/liblinear/linear.cpp</c>, newGLMNET of Yuan, Ho and Lin 2012) when
/// AlpacaEval calls <c>LogisticRegression(penalty="l1", solver="liblinear", fit_intercept=False)</c>, so that the fit
/// stops where scikit-learn's stops: each soft-labelled row becomes a label-0 row weighted s(1 − p) and a label-1 row
/// weighted s·p, zero-weight rows are dropped and the label-0 rows come first (liblinear's <c>remove_zero_weight</c>
/// and <c>group_classes</c>); Newton iterations with outer shrinking stop when the 1-norm of the minimum-norm
/// subgradient falls to eps = tol · max(min(#label 1, #label 0), 1) / #rows of the one at w = 0 (or after
/// <c>max_iter</c>, or ten iterations without a coordinate move); each Newton step is cyclic coordinate descent in
/// an order shuffled by <c>std::mt19937</c> through scikit-learn's <c>bounded_rand_int</c>, with inner shrinking and
/// an inner tolerance that starts at 1 and is quartered whenever one sweep was enough; then a line search halving
/// the step until the objective falls by 0.01 of the model's predicted decrease.
/// </summary>
public static class LiblinearL1Logistic
{
    /// <summary>scikit-learn's default <c>tol</c>, which AlpacaEval keeps.</summary>
    public const double AlpacaEvalTolerance = 1e-4;

    /// <summary>scikit-learn's default <c>max_iter</c> (Newton iterations), which AlpacaEval keeps.</summary>
    public const int AlpacaEvalMaxIterations = 100;

    /// <summary>AlpacaEval's <c>random_state</c>.</summary>
    public const uint AlpacaEvalRandomState = 123;

    const double Nu = 1e-12, Sigma = 0.01;
    const int MaxSweeps = 1000, MaxLineSearches = 20, MaxStalls = 10;

    /// <summary>
    /// The liblinear seed of the <paramref name="draw"/>-th fit (from 0) of one scikit-learn regularisation path:
    /// <c>RandomState(randomState).randint(2³¹ − 1)</c> drawn <paramref name="draw"/> + 1 times (numpy's masked rejection
    /// on 31 bits of MT19937).
    /// </summary>
    public static uint Seed(uint randomState, int draw)
    {
        var generator = new Mt19937(randomState);
        uint value = 0;
        for (int k = 0; k <= draw; k++)
            do value = generator.NextUInt32() & 0x7fffffffu; while (value == 0x7fffffffu);
        return value;
    }

    /// <summary>The weights liblinear returns for rows <paramref name="x"/>, soft labels <paramref name="p"/>, sample weights <paramref name="s"/> and C <paramref name="c"/>.</summary>
    public static double[] Fit(IReadOnlyList<double[]> x, IReadOnlyList<double> p, IReadOnlyList<double> s, double c, double tolerance, int maxIterations, uint seed)
    {
        var rows = new List<(double[] X, bool Positive, double C)>();
        for (int i = 0; i < x.Count; i++) if (s[i] * (1 - p[i]) > 0) rows.Add((x[i], false, s[i] * (1 - p[i]) * c));
        for (int i = 0; i < x.Count; i++) if (s[i] * p[i] > 0) rows.Add((x[i], true, s[i] * p[i] * c));
        int l = rows.Count, d = x[0].Length;
        var w = new double[d];
        if (l == 0) return w;
        int positives = rows.Count(r => r.Positive);
        double eps = tolerance * Math.Max(Math.Min(positives, l - positives), 1) / l;
        var random = new Mt19937(seed);

        var negativeSum = new double[d];
        for (int j = 0; j < d; j++)
            foreach (var r in rows) if (!r.Positive) negativeSum[j] += r.C * r.X[j];
        var expMargin = Enumerable.Repeat(1.0, l).ToArray();
        var (tau, curvature) = (new double[l], new double[l]);
        Refresh();

        var index = Enumerable.Range(0, d).ToArray();
        // trial (liblinear's w + d) carries over between Newton iterations, also after a failed line search.
        var (gradient, hessian, trial, xTd, expTrial) = (new double[d], new double[d], new double[d], new double[l], new double[l]);
        double wNorm = 0, innerEps = 1, gnormInit = 0, gmaxOld = double.PositiveInfinity;
        int stalls = 0;
        for (int newton = 0; newton < maxIterations; newton++)
        {
            double gmax = 0, gnorm = 0;
            int active = d;
            for (int k = 0; k < active; k++)
            {
                int j = index[k];
                hessian[j] = Nu;
                double sum = 0;
                for (int i = 0; i < l; i++)
                {
                    hessian[j] += rows[i].X[j] * rows[i].X[j] * curvature[i];
                    sum += rows[i].X[j] * tau[i];
                }
                gradient[j] = -sum + negativeSum[j];
                if (Violation(gradient[j], w[j], gmaxOld / l) is not { } violation) { Shrink(index, k--, --active); continue; }
                gmax = Math.Max(gmax, violation);
                gnorm += violation;
            }
            if (newton == 0) gnormInit = gnorm;
            if (gnorm <= eps * gnormInit || stalls >= MaxStalls) break;
            stalls++;

            Array.Clear(xTd);
            int sweeps = 0, qpActive = active;
            double qpGmaxOld = double.PositiveInfinity;
            while (sweeps < MaxSweeps)
            {
                double qpGmax = 0, qpGnorm = 0;
                for (int k = 0; k < qpActive; k++)
                {
                    int pick = k + BoundedInt(random, qpActive - k);
                    (index[pick], index[k]) = (index[k], index[pick]);
                }
                for (int k = 0; k < qpActive; k++)
                {
                    int j = index[k];
                    double g = gradient[j] + (trial[j] - w[j]) * Nu;
                    for (int i = 0; i < l; i++) g += rows[i].X[j] * curvature[i] * xTd[i];
                    if (Violation(g, trial[j], qpGmaxOld / l) is not { } violation) { Shrink(index, k--, --qpActive); continue; }
                    double h = hessian[j];
                    double z = g + 1 < h * trial[j] ? -(g + 1) / h : g - 1 > h * trial[j] ? -(g - 1) / h : -trial[j];
                    if (Math.Abs(z) < 1e-12) continue;
                    z = Math.Clamp(z, -10, 10);
                    stalls = 0;
                    qpGmax = Math.Max(qpGmax, violation);
                    qpGnorm += violation;
                    trial[j] += z;
                    for (int i = 0; i < l; i++) xTd[i] += rows[i].X[j] * z;
                }
                sweeps++;
                if (qpGnorm <= innerEps * gnormInit)
                {
                    if (qpActive == active) break;
                    (qpActive, qpGmaxOld) = (active, double.PositiveInfinity);
                    continue;
                }
                qpGmaxOld = qpGmax;
            }

            double delta = 0, trialNorm = 0, negativeXTd = 0;
            for (int j = 0; j < d; j++)
            {
                delta += gradient[j] * (trial[j] - w[j]);
                trialNorm += Math.Abs(trial[j]);
            }
            delta += trialNorm - wNorm;
            for (int i = 0; i < l; i++) if (!rows[i].Positive) negativeXTd += rows[i].C * xTd[i];
            bool accepted = false;
            for (int search = 0; search < MaxLineSearches && !accepted; search++)
            {
                double condition = trialNorm - wNorm + negativeXTd - Sigma * delta;
                for (int i = 0; i < l; i++)
                {
                    double expStep = Math.Exp(xTd[i]);
                    expTrial[i] = expMargin[i] * expStep;
                    condition += rows[i].C * Math.Log((1 + expTrial[i]) / (expStep + expTrial[i]));
                }
                if (condition <= 0)
                {
                    (wNorm, accepted) = (trialNorm, true);
                    Array.Copy(trial, w, d);
                    Array.Copy(expTrial, expMargin, l);
                    Refresh();
                    continue;
                }
                trialNorm = 0;
                for (int j = 0; j < d; j++)
                {
                    trial[j] = (w[j] + trial[j]) * 0.5;
                    trialNorm += Math.Abs(trial[j]);
                }
                (delta, negativeXTd) = (delta * 0.5, negativeXTd * 0.5);
                for (int i = 0; i < l; i++) xTd[i] *= 0.5;
            }
            if (!accepted)
                for (int i = 0; i < l; i++)
                {
                    double margin = 0;
                    for (int j = 0; j < d; j++) if (w[j] != 0) margin += w[j] * rows[i].X[j];
                    expMargin[i] = Math.Exp(margin);
                }
            if (sweeps == 1) innerEps *= 0.25;
            gmaxOld = gmax;
        }
        return w;

        void Refresh()
        {
            for (int i = 0; i < l; i++)
            {
                double q = 1 / (1 + expMargin[i]);
                tau[i] = rows[i].C * q;
                curvature[i] = rows[i].C * expMargin[i] * q * q;
            }
        }
    }

    /// <summary>
    /// The minimum-norm subgradient's size for a coordinate with gradient <paramref name="g"/> at <paramref name="w"/>,
    /// or null when the coordinate is at zero strictly inside the band |g| &lt; 1 − <paramref name="shrink"/> and is shrunk.
    /// </summary>
    static double? Violation(double g, double w, double shrink) =>
        w > 0 ? Math.Abs(g + 1)
        : w < 0 ? Math.Abs(g - 1)
        : g + 1 < 0 ? -(g + 1)
        : g - 1 > 0 ? g - 1
        : g + 1 > shrink && g - 1 < -shrink ? null
        : 0;

    /// <summary>Moves the coordinate at position <paramref name="k"/> out of the active set, which now ends before <paramref name="end"/>.</summary>
    static void Shrink(int[] index, int k, int end) => (index[k], index[end]) = (index[end], index[k]);

    /// <summary>scikit-learn's <c>bounded_rand_int</c>: an integer in [0, <paramref name="range"/>) by Lemire's multiply-and-reject.</summary>
    static int BoundedInt(Mt19937 random, int range)
    {
        uint r = (uint)range;
        ulong m = (ulong)random.NextUInt32() * r;
        if ((uint)m < r)
        {
            uint threshold = (uint)-r % r;
            while ((uint)m < threshold) m = (ulong)random.NextUInt32() * r;
        }
        return (int)(m >> 32);
    }
}

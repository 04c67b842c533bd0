namespace Wpo.Evaluation;

/// <summary>
/// An L1-penalised logistic regression with soft labels and sample weights and no intercept, the problem liblinear
/// solves for scikit-learn's <c>LogisticRegression(penalty="l1", solver="liblinear", fit_intercept=False)</c> when
/// AlpacaEval duplicates each row with labels 1 and 0 weighted p and 1 − p:
/// minimise ‖w‖₁ + C Σᵢ sᵢ [−pᵢ log σ(w·xᵢ) − (1 − pᵢ) log(1 − σ(w·xᵢ))].
/// Solved by proximal Newton steps (the L1 quadratic model minimised by coordinate descent, then a backtracking
/// line search) until the minimum-norm subgradient vanishes to <see cref="Tolerance"/>; written here because the
/// problem has three features and no maintained .NET library offers an L1 logistic fit with soft labels.
/// </summary>
public static class L1Logistic
{
    /// <summary>The largest minimum-norm subgradient component accepted, relative to the one at w = 0 (at least 1e-12 absolute).</summary>
    public const double Tolerance = 1e-11;

    /// <summary>The weights minimising the objective for rows <paramref name="x"/> with soft labels <paramref name="p"/> and sample weights <paramref name="s"/>.</summary>
    public static double[] Fit(IReadOnlyList<double[]> x, IReadOnlyList<double> p, IReadOnlyList<double> s, double c)
    {
        int d = x[0].Length;
        var w = new double[d];
        double scale = Math.Max(1e-12, MinimumNormSubgradient(x, p, s, c, w).Max(Math.Abs) * Tolerance);
        double objective = Objective(x, p, s, c, w);
        for (int iteration = 0; iteration < 500; iteration++)
        {
            var (gradient, hessian) = Derivatives(x, p, s, c, w);
            if (Subgradient(gradient, w).Max(Math.Abs) <= scale) break;
            var step = NewtonStep(gradient, hessian, w);
            double decrease = Enumerable.Range(0, d).Sum(j => gradient[j] * step[j] + Math.Abs(w[j] + step[j]) - Math.Abs(w[j]));
            if (decrease >= 0) break;
            for (double t = 1; t > 1e-12; t /= 2)
            {
                var trial = Enumerable.Range(0, d).Select(j => w[j] + t * step[j]).ToArray();
                double value = Objective(x, p, s, c, trial);
                if (value <= objective + 1e-4 * t * decrease) { (w, objective) = (trial, value); break; }
            }
        }
        return w;
    }

    /// <summary>The objective ‖w‖₁ + C · weighted cross-entropy.</summary>
    public static double Objective(IReadOnlyList<double[]> x, IReadOnlyList<double> p, IReadOnlyList<double> s, double c, double[] w)
    {
        double loss = 0;
        for (int i = 0; i < x.Count; i++)
        {
            double z = Dot(w, x[i]);
            loss += s[i] * (p[i] * Softplus(-z) + (1 - p[i]) * Softplus(z));
        }
        return w.Sum(Math.Abs) + c * loss;
    }

    /// <summary>The minimum-norm subgradient of the objective at <paramref name="w"/>: zero at the optimum (the KKT conditions).</summary>
    public static double[] MinimumNormSubgradient(IReadOnlyList<double[]> x, IReadOnlyList<double> p, IReadOnlyList<double> s, double c, double[] w) =>
        Subgradient(Derivatives(x, p, s, c, w).Gradient, w);

    static double[] Subgradient(double[] gradient, double[] w) => gradient.Select((g, j) =>
        w[j] != 0 ? g + Math.Sign(w[j]) : Math.Max(Math.Abs(g) - 1, 0) * Math.Sign(g)).ToArray();

    static (double[] Gradient, double[,] Hessian) Derivatives(IReadOnlyList<double[]> x, IReadOnlyList<double> p, IReadOnlyList<double> s, double c, double[] w)
    {
        int d = w.Length;
        var gradient = new double[d];
        var hessian = new double[d, d];
        for (int i = 0; i < x.Count; i++)
        {
            double q = LengthControlled.Logistic(Dot(w, x[i]));
            double residual = c * s[i] * (q - p[i]), curvature = c * s[i] * q * (1 - q);
            for (int j = 0; j < d; j++)
            {
                gradient[j] += residual * x[i][j];
                for (int k = 0; k < d; k++) hessian[j, k] += curvature * x[i][j] * x[i][k];
            }
        }
        return (gradient, hessian);
    }

    /// <summary>The step minimising g·δ + ½ δᵀHδ + ‖w + δ‖₁, by cyclic coordinate descent to convergence.</summary>
    static double[] NewtonStep(double[] gradient, double[,] hessian, double[] w)
    {
        int d = w.Length;
        var step = new double[d];
        for (int sweep = 0; sweep < 1000; sweep++)
        {
            double change = 0;
            for (int j = 0; j < d; j++)
            {
                double slope = gradient[j];
                for (int k = 0; k < d; k++) slope += hessian[j, k] * step[k];
                double updated = hessian[j, j] > 0
                    ? SoftThreshold(w[j] + step[j] - slope / hessian[j, j], 1 / hessian[j, j]) - w[j]
                    : -w[j];
                change = Math.Max(change, Math.Abs(updated - step[j]));
                step[j] = updated;
            }
            if (change <= 1e-15 * (1 + step.Max(Math.Abs))) break;
        }
        return step;
    }

    static double SoftThreshold(double value, double threshold) => Math.Sign(value) * Math.Max(Math.Abs(value) - threshold, 0);

    static double Softplus(double z) => z > 0 ? z + double.LogP1(Math.Exp(-z)) : double.LogP1(Math.Exp(z));

    static double Dot(double[] a, double[] b)
    {
        double sum = 0;
        for (int j = 0; j < a.Length; j++) sum += a[j] * b[j];
        return sum;
    }
}

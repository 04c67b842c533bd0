using System.Globalization;
using System.Text;
using Wpo.Evaluation;

namespace Wpo.Cli.Demo;

/// <summary>The demo's Markdown tables: each model's held-out scores as mean ± sd over the seeds, and the knob sweep.</summary>
static class DemoTable
{
    public static string Markdown(DemoReport report)
    {
        var text = new StringBuilder();
        int seeds = report.Seeds.Count;
        string spread = seeds > 1 ? $"mean ± sd over {seeds} seeds" : "one seed";
        text.AppendLine($"Held-out prompts, gold reward in [-0.5, 1.5] ({spread}); off-policy data at distance {F(report.Distance)}.").AppendLine();
        text.AppendLine("| data | method | pairs | greedy reward | sampled reward | win rate vs SFT | KL to SFT | mean pair weight |");
        text.AppendLine("|---|---|---:|---:|---:|---:|---:|---:|");
        var main = report.Runs.Where(r => r.Distance is null || r.Distance == report.Distance);
        foreach (var group in main.GroupBy(r => (r.Data, r.Method)))
        {
            var runs = group.ToList();
            string weight = runs[0].MeanWeight is null ? "—" : Cell(runs.Select(r => r.MeanWeight!.Value));
            text.AppendLine($"| {group.Key.Data} | {group.Key.Method} | {Cell(runs.Select(r => (double)r.Pairs), "0")} | {Cell(runs.Select(r => r.Scores.GreedyReward))} | " +
                $"{Cell(runs.Select(r => r.Scores.SampledReward))} | {Cell(runs.Select(r => r.Scores.WinRate))} | {Cell(runs.Select(r => r.Scores.Kl))} | {weight} |");
        }
        text.AppendLine().AppendLine("Off-policy distance sweep: the SFT model's mean log-prob per behaviour answer, and greedy reward of DPO and WPO (sampled) on that data.").AppendLine();
        text.AppendLine("| distance | SFT log-prob of behaviour answers | DPO greedy reward | WPO greedy reward | WPO − DPO |");
        text.AppendLine("|---:|---:|---:|---:|---:|");
        foreach (var point in Gaps(report))
            text.AppendLine($"| {F(point.Distance)} | {Cell(point.LogProbs, "0.00")} | {Cell(point.Dpo)} | {Cell(point.Wpo)} | {Cell(point.Gap)} |");
        return text.ToString();
    }

    /// <summary>Per knob value: the SFT log-probs, DPO's and WPO's greedy rewards and their per-seed differences.</summary>
    public static IEnumerable<(double Distance, double[] LogProbs, double[] Dpo, double[] Wpo, double[] Gap)> Gaps(DemoReport report)
    {
        string wpo = DemoReport.Wpo(Objectives.Alignment.Sampled);
        foreach (var distance in report.Knob.Select(k => k.Distance).Distinct().Order())
        {
            double Reward(int seed, string method) => report.Runs.Single(r => r.Seed == seed && r.Distance == distance && r.Method == method).Scores.GreedyReward;
            double[] dpo = [.. report.Seeds.Select(s => Reward(s, DemoReport.Dpo))];
            double[] wpoRewards = [.. report.Seeds.Select(s => Reward(s, wpo))];
            yield return (distance, [.. report.Knob.Where(k => k.Distance == distance).Select(k => k.SftLogProb)], dpo, wpoRewards, [.. wpoRewards.Zip(dpo, (w, d) => w - d)]);
        }
    }

    public static string Cell(IEnumerable<double> values, string format = "0.000")
    {
        var list = values.ToList();
        string mean = list.Average().ToString(format, CultureInfo.InvariantCulture);
        return list.Count < 2 ? mean : $"{mean} ± {Statistics.StandardDeviation(list).ToString(format, CultureInfo.InvariantCulture)}";
    }

    static string F(double value) => value.ToString("0.00", CultureInfo.InvariantCulture);
}

using System.Text.Json;
using Wpo.Evaluation;

namespace Wpo.Tests.Evaluation;

/// <summary>
/// AlpacaEval's judging rules: Python's seeded random draws, the per-instruction order switch and its undoing, the
/// log-probability preference, the comparison prompt and the reward-model preference, checked against CPython's
/// values and against every row of the two real annotation files.
/// </summary>
public class AlpacaJudgingTests
{
    [Theory]
    [InlineData("", 0.9602256525641875, 0.595411957851699)]
    [InlineData("abc", 0.7720246314157545, 0.5581691373899791)]
    [InlineData("is_switched_outputs2+20", 0.28642635449077236, 0.5076789234679329)]
    [InlineData("héllo ✓ 😀", 0.8326071629561529, 0.3259540030871346)]
    public void StringSeedsDrawAsCPython(string seed, double first, double second)
    {
        var random = new PythonRandom(seed);
        Assert.Equal(first, random.NextDouble());
        Assert.Equal(second, random.NextDouble());
    }

    [Fact]
    public void DrawsPastOneTwistAgreeWithCPython()
    {
        var random = new PythonRandom("x");
        for (int i = 0; i < 700; i++) random.NextDouble();
        Assert.Equal(0.290818124174665, random.NextDouble());
    }

    [Fact]
    public void SwitchDecisionIsCPythonsChoice()
    {
        Assert.False(new PythonRandom("is_switched_outputs2+20").Choice(new[] { false, true }));
        Assert.True(new PythonRandom("abc").Choice(new[] { false, true }));
    }

    /// <summary>
    /// Each real annotation keeps the judge's raw completion (top log-probabilities of the first token, in the order
    /// the judge saw the outputs): parsing it and undoing the switch must give the stored preference, on every row.
    /// </summary>
    [Theory]
    [InlineData("alpaca-7b", 802)]
    [InlineData("gpt-3.5-turbo-1106", 801)]
    public void RealAnnotationsAreTheUndoneLogprobPreference(string model, int withLogprobs)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(AlpacaLeaderboard.Annotations(model)));
        int checkedRows = 0, switched = 0;
        foreach (JsonElement row in document.RootElement.EnumerateArray())
        {
            if (!row.TryGetProperty("raw_completion", out var raw) || raw.ValueKind != JsonValueKind.Object) continue;
            if (row.GetProperty("preference").ValueKind != JsonValueKind.Number) continue;
            var top = raw.GetProperty("logprobs").GetProperty("content")[0].GetProperty("top_logprobs").EnumerateArray()
                .Select(t => (t.GetProperty("token").GetString()!, t.GetProperty("logprob").GetDouble()));
            if (LogprobPreference.Of(top) is not double asSeen) continue;
            bool isSwitched = AlpacaOutputOrder.IsSwitched(row.GetProperty("instruction").GetString()!);
            Assert.Equal(row.GetProperty("preference").GetDouble(), AlpacaOutputOrder.Undo(asSeen, isSwitched), 1e-6);
            checkedRows++;
            if (isSwitched) switched++;
        }
        Assert.Equal(withLogprobs, checkedRows);
        Assert.InRange(switched, checkedRows / 3, 2 * checkedRows / 3);
    }

    [Fact]
    public void LogprobPreferenceWeighsTheTwoIdentifiers()
    {
        Assert.Equal(1.5, LogprobPreference.Of([("m", Math.Log(0.3)), ("M", Math.Log(0.3)), ("The", -0.1)])!.Value, 12);
        Assert.Equal(2 - 0.8, LogprobPreference.Of([("M", Math.Log(0.2)), ("m", Math.Log(0.8))])!.Value, 12);
        Assert.Equal(2, LogprobPreference.Of([("M", -3.0), ("Both", -0.1)]));
        Assert.Equal(1, LogprobPreference.Of([("m", -50.0)]));
        Assert.Null(LogprobPreference.Of([("The", -0.1), ("mm", -1.0)]));
        Assert.Null(LogprobPreference.Of([]));
        Assert.Equal(1, LogprobPreference.OfText(" m\n"));
        Assert.Equal(2, LogprobPreference.OfText("M"));
        Assert.Null(LogprobPreference.OfText("Model M"));
    }

    [Fact]
    public void UndoingTwiceIsTheIdentity()
    {
        foreach (double p in new[] { 1.0, 1.25, 1.5, 2.0 })
        {
            Assert.Equal(3 - p, AlpacaOutputOrder.Undo(p, switched: true));
            Assert.Equal(p, AlpacaOutputOrder.Undo(AlpacaOutputOrder.Undo(p, true), true));
            Assert.Equal(p, AlpacaOutputOrder.Undo(p, switched: false));
        }
    }

    [Fact]
    public void ComparisonPromptPlacesTheTextsVerbatim()
    {
        var messages = AlpacaComparisonPrompt.Messages("say {output_2} {x}", "first {instruction}", "second \"\"\"");
        Assert.Equal(["system", "user"], messages.Select(m => m.Role));
        Assert.StartsWith("You are a highly efficient assistant", messages[0].Content);
        string user = messages[1].Content;
        Assert.Contains("\"instruction\": \"\"\"say {output_2} {x}\"\"\",", user);
        Assert.Contains("\"model_identifier\": \"m\",\n        \"output\": \"\"\"first {instruction}\"\"\"", user);
        Assert.Contains("\"model_identifier\": \"M\",\n        \"output\": \"\"\"second \"\"\"\"\"\"", user);
        Assert.EndsWith("## Best Model Identifier", user);
    }

    [Fact]
    public void RewardPreferenceIsOnePlusTheSigmoidOfTheDifference()
    {
        Assert.Equal(1.5, RewardPreference.Of(0.7, 0.7));
        Assert.Equal(1 + 1 / (1 + Math.Exp(-2.0)), RewardPreference.Of(3, 1), 12);
        Assert.Equal(3, RewardPreference.Of(-1, 1) + RewardPreference.Of(1, -1), 12);
    }
}

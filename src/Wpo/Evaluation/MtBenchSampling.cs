namespace Wpo.Evaluation;

/// <summary>FastChat's answer-generation settings (<c>gen_model_answer.py</c>): a temperature per category and 1,024 new tokens.</summary>
public static class MtBenchSampling
{
    /// <summary>FastChat's <c>--max-new-token</c> default.</summary>
    public const int MaxNewTokens = 1024;

    /// <summary>The temperature of a category not in <c>temperature_config</c>.</summary>
    public const double DefaultTemperature = 0.7;

    static readonly Dictionary<string, double> Temperatures = new()
    {
        ["writing"] = 0.7,
        ["roleplay"] = 0.7,
        ["extraction"] = 0.0,
        ["math"] = 0.0,
        ["coding"] = 0.0,
        ["reasoning"] = 0.0,
        ["stem"] = 0.1,
        ["humanities"] = 0.1,
        ["arena-hard-200"] = 0.0,
    };

    /// <summary>The temperature FastChat answers a category's questions with.</summary>
    public static double TemperatureOf(string category) => Temperatures.GetValueOrDefault(category, DefaultTemperature);

    /// <summary>FastChat samples when the temperature is at least 1e-4, else decodes greedily.</summary>
    public static bool Samples(double temperature) => temperature >= 1e-4;
}

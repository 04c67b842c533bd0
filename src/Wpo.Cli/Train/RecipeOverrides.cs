namespace Wpo.Cli.Train;

/// <summary>
/// The <c>--key value</c> pairs after a recipe path (<c>wpo train cfg.yaml --learning_rate 5e-7 --max_steps 20</c>):
/// any recipe key, hyphens read as underscores; <c>--key=value</c> works too, and a key followed by another key or by
/// nothing is <c>true</c> (<c>--bf16</c>).
/// </summary>
public static class RecipeOverrides
{
    public static IReadOnlyList<KeyValuePair<string, string>> Parse(IReadOnlyList<string> tokens)
    {
        var overrides = new List<KeyValuePair<string, string>>();
        for (int i = 0; i < tokens.Count; i++)
        {
            string token = tokens[i];
            if (!token.StartsWith("--", StringComparison.Ordinal) || token.Length == 2)
                throw new WpoException($"unexpected argument '{token}': recipe overrides are written --key value (e.g. --learning_rate 5e-7).");
            string key = token[2..];
            string? value = null;
            int equals = key.IndexOf('=', StringComparison.Ordinal);
            if (equals >= 0) (key, value) = (key[..equals], key[(equals + 1)..]);
            else if (i + 1 < tokens.Count && !tokens[i + 1].StartsWith("--", StringComparison.Ordinal)) value = tokens[++i];
            key = key.Replace('-', '_');
            if (overrides.Any(pair => pair.Key == key)) throw new WpoException($"--{key} is given twice on the command line.");
            overrides.Add(new(key, value ?? "true"));
        }
        return overrides;
    }
}

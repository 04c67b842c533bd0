namespace Wpo.Cli.Eval;

/// <summary>Finds AlpacaEval's GPT-4-turbo reference outputs without depending on the working directory.</summary>
static class AlpacaReference
{
    public const string RelativePath = "shared/data/alpaca_eval/results/gpt4_1106_preview/model_outputs.json";

    /// <summary>The first <c>shared/data/…/model_outputs.json</c> in the working directory, the CLI's folder or any folder above them.</summary>
    public static string Find()
    {
        foreach (string start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
            for (var folder = new DirectoryInfo(start); folder is not null; folder = folder.Parent)
            {
                string path = Path.Combine(folder.FullName, RelativePath);
                if (File.Exists(path)) return path;
            }
        throw new WpoException($"{RelativePath}: not found in {Directory.GetCurrentDirectory()}, {AppContext.BaseDirectory} or any folder above them; give the reference outputs with --reference");
    }
}

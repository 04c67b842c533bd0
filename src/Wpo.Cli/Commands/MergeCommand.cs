using System.CommandLine;
using Spectre.Console;
using Wpo.Modeling;
using Wpo.Modeling.Lora;
using Wpo.Rewards;
using Wpo.Training;

namespace Wpo.Cli.Commands;

/// <summary>
/// <c>wpo merge BASE ADAPTER OUT</c>: folds a PEFT LoRA adapter into its base model (<c>W += scaling · B·A</c>, as
/// PEFT's <c>merge_and_unload</c>) and writes a plain Hugging Face model directory, with the tokenizer files of the
/// adapter directory (else of the base). A reward model (<c>*ForSequenceClassification</c>) merges the same way, its
/// <c>score</c> head taken from the adapter when PEFT saved it there.
/// </summary>
public static class MergeCommand
{
    public static Command Create()
    {
        var baseDirectory = new Argument<DirectoryInfo>("BASE") { Description = "The base model directory the adapter was trained on." };
        var adapterDirectory = new Argument<DirectoryInfo>("ADAPTER") { Description = "A PEFT LoRA adapter directory (adapter_config.json + adapter_model.safetensors)." };
        var output = new Argument<DirectoryInfo>("OUT") { Description = "Where to write the merged model (created; its weight files and config.json are replaced)." };
        var command = new Command("merge", "Merge a LoRA adapter into its base model and save the result as a Hugging Face model.") { baseDirectory, adapterDirectory, output };
        command.SetAction(parse =>
        {
            string basePath = parse.GetValue(baseDirectory)!.FullName, adapterPath = parse.GetValue(adapterDirectory)!.FullName, outPath = parse.GetValue(output)!.FullName;
            Merge(basePath, adapterPath, outPath);
            AnsiConsole.MarkupLineInterpolated($"merged {adapterPath} into {basePath}: {outPath}");
            return 0;
        });
        return command;
    }

    /// <summary>Loads the base in its stored dtype, merges the adapter and saves; the tokenizer files follow.</summary>
    public static void Merge(string basePath, string adapterPath, string outPath)
    {
        var config = PeftAdapter.ReadConfig(adapterPath);
        var dtype = ModelInspection.Of(basePath).StoredDType;
        AnsiConsole.MarkupLineInterpolated($"loading {basePath} ({dtype}) with a rank-{config.Rank} adapter on {string.Join(", ", config.TargetModules)}");
        if (RewardModel.IsRewardModel(basePath))
        {
            using var reward = RewardModel.Load(basePath, adapterPath, dtype, TorchSharp.torch.CPU);
            reward.Adapters.Merge();
            reward.Save(outPath);
        }
        else
        {
            using var model = CausalLM.Load(basePath, adapterPath, dtype, TorchSharp.torch.CPU);
            model.Adapters.Merge();
            model.Save(outPath);
        }
        foreach (string name in TrainingRun.TokenizerFiles)
        {
            string source = File.Exists(Path.Combine(adapterPath, name)) ? Path.Combine(adapterPath, name) : Path.Combine(basePath, name);
            if (File.Exists(source)) File.Copy(source, Path.Combine(outPath, name), overwrite: true);
        }
    }
}

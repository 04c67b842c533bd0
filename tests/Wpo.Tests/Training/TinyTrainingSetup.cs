using TorchSharp;
using Wpo.Cli.Demo;
using Wpo.Modeling;
using Wpo.Text;

namespace Wpo.Tests.Training;

/// <summary>
/// A model directory (the demo's byte-level tokenizer and a freshly initialised 0.75 M-parameter Llama) and a data
/// directory with the demo's 32 pairs split 24 train / 8 test, in a temporary folder; <see cref="Recipe"/> writes a
/// recipe over them that trains in well under a second a step.
/// </summary>
sealed class TinyTrainingSetup : IDisposable
{
    readonly TemporaryFolder folder = new();

    public TinyTrainingSetup()
    {
        ModelDirectory = Path.Combine(folder.Path, "model");
        DemoResources.WriteTo(ModelDirectory);
        using (var model = CausalLM.Create(DemoModel.Config(Tokenizer.Load(ModelDirectory)), torch.float32, torch.CPU, seed: 1))
            model.Save(ModelDirectory);
        DataDirectory = Path.Combine(folder.Path, "data");
        Directory.CreateDirectory(DataDirectory);
        string[] rows = File.ReadAllLines(Path.Combine(ModelDirectory, DemoResources.PairsFile));
        File.WriteAllLines(Path.Combine(DataDirectory, "train.jsonl"), rows[..24]);
        File.WriteAllLines(Path.Combine(DataDirectory, "test.jsonl"), rows[24..]);
    }

    public string ModelDirectory { get; }
    public string DataDirectory { get; }
    public string Root => folder.Path;

    /// <summary>Writes <c>NAME.yaml</c> (output to <c>runs/NAME</c>) with the common keys and <paramref name="extra"/> lines, and returns its path.</summary>
    public string Recipe(string name, string extra = "") => folder.File(name + ".yaml", $"""
        model_name_or_path: {ModelDirectory}
        dataset_mixer:
          {DataDirectory}: 1.0
        dataset_splits:
        - train
        - test
        max_length: 256
        max_prompt_length: 128
        learning_rate: 1.0e-4
        lr_scheduler_type: cosine
        warmup_ratio: 0.1
        per_device_train_batch_size: 4
        per_device_eval_batch_size: 4
        gradient_accumulation_steps: 2
        num_train_epochs: 2
        logging_steps: 1
        seed: 7
        output_dir: {OutputDirectory(name)}
        {extra}
        """);

    public string OutputDirectory(string name) => Path.Combine(folder.Path, "runs", name);

    public void Dispose() => folder.Dispose();
}

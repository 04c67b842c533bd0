using System.Diagnostics;
using System.Globalization;
using Spectre.Console;
using Wpo.Data;
using Wpo.Generation;
using Wpo.Modeling;
using Wpo.Text.Jinja;
using static TorchSharp.torch;

namespace Wpo.Cli.Generate;

/// <summary>
/// <c>wpo generate</c>: the model's defaults and the flags, the prompts rendered with the chat template and its
/// generation prompt, batches of prompts × n samples through <see cref="SequenceGenerator"/>, each prompt's line
/// appended to the output as soon as its batch is done (so a rerun resumes after the last complete line).
/// </summary>
public static class GenerateRun
{
    /// <remarks><paramref name="cancel"/> stops the run after the batch in progress, its lines written.</remarks>
    public static void Run(GenerateJob job, IAnsiConsole console, CancellationToken cancel)
    {
        if (job.BatchSize < 1) throw new WpoException($"--batch-size must be at least 1 (got {job.BatchSize}).");
        if (job.Limit is < 0) throw new WpoException($"--limit must be at least 0 (got {job.Limit}).");
        string directory = Path.GetFullPath(job.Model);
        if (!Directory.Exists(directory)) throw new WpoException($"{job.Model}: model directory not found.");
        var config = ModelConfig.Load(directory);
        SamplingSettings settings = job.Sampling(GenerationConfigFile.Read(directory, config)).Validate();
        string? adapter = job.Adapter is null ? null : ExistingDirectory(job.Adapter, "--adapter");
        var pipeline = PreferencePipeline.Create(new DataConfig { ChatTemplate = job.Template }, job.Tokenizer is null ? directory : ExistingDirectory(job.Tokenizer, "--tokenizer"));
        var settingsJson = GenerationRecords.Settings(settings, directory, adapter, job.DType);

        var badRows = new BadRowLog();
        var prompts = PromptReader.Read(job.Prompts, job.Schema, job.BadRows, badRows).Take(job.Limit ?? int.MaxValue).ToList();
        using var output = GenerationOutputFile.Open(job.Output, settingsJson);
        if (output.Completed > prompts.Count)
            throw new WpoException($"{job.Output} has {output.Completed} lines but {job.Prompts} gives {prompts.Count} prompts: it was written for other prompts.");
        Describe(console, job, settings, prompts.Count, output.Completed);
        if (output.Completed == prompts.Count)
        {
            console.WriteLine($"{job.Output} already has all {prompts.Count} prompts; nothing to do.");
            return;
        }

        ScalarType dtype = job.DType == "bf16" ? ScalarType.BFloat16 : ScalarType.Float32;
        using var model = adapter is null ? CausalLM.Load(directory, dtype, CPU) : CausalLM.Load(directory, adapter, dtype, CPU);
        model.eval();
        if (pipeline.Tokenizer.VocabularySize > model.Config.VocabSize)
            throw new WpoException($"{job.Tokenizer ?? job.Model}: the tokenizer has {pipeline.Tokenizer.VocabularySize} tokens, more than the model's vocab_size {model.Config.VocabSize}.");
        var tokenizer = pipeline.Tokenizer;
        var generator = new SequenceGenerator(model, settings, ids => tokenizer.Decode(ids, skipSpecialTokens: true));
        var totals = new GenerationTotals();
        var clock = Stopwatch.StartNew();
        GenerationProgress.Run(console, prompts.Count, output.Completed, progress =>
        {
            for (int start = output.Completed; start < prompts.Count; start += job.BatchSize)
            {
                var batch = Enumerable.Range(start, Math.Min(job.BatchSize, prompts.Count - start)).ToList();
                var requests = batch.SelectMany(index =>
                {
                    int[] ids = Encode(pipeline, prompts[index]);
                    return Enumerable.Range(0, settings.SamplesPerPrompt).Select(sample => new GenerationRequest(ids, index, sample));
                }).ToList();
                var sequences = generator.Generate(requests, added => progress.Tokens(added));
                for (int i = 0; i < batch.Count; i++)
                {
                    var outputs = sequences.Skip(i * settings.SamplesPerPrompt).Take(settings.SamplesPerPrompt).ToList();
                    output.Write(GenerationRecords.Line(batch[i], prompts[batch[i]], outputs, settingsJson));
                    totals.Add(outputs);
                }
                progress.Prompts(batch[^1] + 1);
                if (cancel.IsCancellationRequested && batch[^1] + 1 < prompts.Count)
                    throw new WpoException($"interrupted after {batch[^1] + 1} of {prompts.Count} prompts, all written to {job.Output}; rerun the same command to continue.");
            }
        });
        totals.Write(console, prompts.Count - output.Completed, clock.Elapsed, job.Output);
        if (badRows.Count > 0) console.Write(new Spectre.Console.Text(badRows.Summary()));
    }

    static string ExistingDirectory(string path, string flag) =>
        Directory.Exists(path) ? Path.GetFullPath(path) : throw new WpoException($"{flag} {path}: no such directory.");

    static int[] Encode(PreferencePipeline pipeline, PromptRecord prompt)
    {
        try
        {
            return pipeline.Encoder.EncodeGenerationPrompt(prompt.Messages);
        }
        catch (TemplateException e)
        {
            throw new WpoException($"{prompt.Origin}: {e.Message}", e);
        }
    }

    static void Describe(IAnsiConsole console, GenerateJob job, SamplingSettings settings, int prompts, int completed)
    {
        var invariant = CultureInfo.InvariantCulture;
        string decoding = settings.IsGreedy
            ? "greedy"
            : string.Create(invariant, $"sampling: temperature {settings.Temperature}, top_k {settings.TopK}, top_p {settings.TopP}, min_p {settings.MinP?.ToString(invariant) ?? "off"}");
        console.WriteLine(string.Create(invariant, $"{job.Model}: {prompts} prompts × {settings.SamplesPerPrompt} samples, {decoding}, ") +
            $"max_new_tokens {settings.MaxNewTokens?.ToString(invariant) ?? $"max_length {settings.MaxLength} − prompt"}, EOS ids [{string.Join(", ", settings.EosTokenIds)}], seed {settings.Seed}, {job.DType}.");
        if (completed > 0) console.WriteLine($"{job.Output}: resuming after the {completed} prompts already in it.");
        if (settings.IsGreedy && settings.SamplesPerPrompt > 1)
            console.WriteLine("note: decoding is greedy (generation_config.json's do_sample, --greedy or --temperature 0), so the samples of a prompt are identical; pass --temperature to sample.");
    }
}

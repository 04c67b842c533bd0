using System.CommandLine;
using Spectre.Console;
using Wpo.Cli.Generate;
using Wpo.Cli.Train;
using Wpo.Data;

namespace Wpo.Cli.Commands;

/// <summary>
/// <c>wpo generate MODEL_DIR --prompts DATA [--adapter DIR] [--tokenizer DIR] [--output FILE] [--n N] [sampling flags] [--batch-size B] [--limit L]</c>:
/// samples answers to each prompt with the model's chat template and writes one JSON line per prompt, resumably.
/// </summary>
public static class GenerateCommand
{
    public static Command Create(IAnsiConsole? console = null)
    {
        var model = new Argument<string>("MODEL_DIR") { Description = "A Hugging Face model directory with its tokenizer (and generation_config.json for the defaults)." };
        var prompts = new Option<string>("--prompts") { Description = "A dataset file or folder: preference rows, or rows with 'instruction', 'prompt' or 'messages'.", Required = true };
        var adapter = new Option<string?>("--adapter") { Description = "A PEFT LoRA adapter directory to attach to the model (as wpo train with use_peft writes it)." };
        var tokenizer = new Option<string?>("--tokenizer") { Description = "A tokenizer directory to use instead of the model's (e.g. examples/tokenizer-211 for the golden models)." };
        var output = new Option<string>("--output") { Description = "The JSONL file to write (an existing one is resumed).", DefaultValueFactory = _ => "generations.jsonl" };
        var sampling = new SamplingOptions();
        var batchSize = new Option<int>("--batch-size") { Description = "Prompts decoded together (each with its n samples).", DefaultValueFactory = _ => 8 };
        var limit = new Option<int?>("--limit") { Description = "Only the first L prompts." };
        var dtype = new Option<string>("--dtype") { Description = "Weights and compute dtype.", DefaultValueFactory = _ => "fp32" };
        dtype.AcceptOnlyFromAmong("fp32", "bf16");
        var template = new Option<string?>("--template") { Description = "Chat template file (Jinja) instead of the tokenizer's." };
        var schema = new Option<string?>("--schema") { Description = $"Force the preference row schema: {string.Join(", ", DataSchemaNames.All)}." };
        var strict = new Option<bool>("--strict") { Description = "Stop at the first bad row instead of skipping and counting it." };
        var command = new Command("generate", "Sample answers to each prompt of a dataset with a model (on-policy data), one JSON line per prompt, resumable.")
        {
            model, prompts, adapter, tokenizer, output, batchSize, limit, dtype, template, schema, strict,
        };
        foreach (Option option in sampling.All) command.Add(option);
        command.SetAction(parse =>
        {
            var job = new GenerateJob(
                parse.GetValue(model)!, parse.GetValue(adapter), parse.GetValue(tokenizer), parse.GetValue(prompts)!, parse.GetValue(output)!, sampling.Read(parse),
                parse.GetValue(batchSize), parse.GetValue(limit), parse.GetValue(dtype)!, parse.GetValue(template),
                parse.GetValue(schema) is { } name ? DataSchemaNames.Parse(name, "--schema") : null,
                parse.GetValue(strict) ? BadRowPolicy.Fail : BadRowPolicy.Skip);
            IAnsiConsole screen = console ?? AnsiConsole.Console;
            using var interrupt = new ConsoleInterrupt(screen, "batch");
            GenerateRun.Run(job, screen, interrupt.Token);
            return 0;
        });
        return command;
    }
}

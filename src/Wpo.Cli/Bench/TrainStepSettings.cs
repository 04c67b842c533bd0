namespace Wpo.Cli.Bench;

/// <summary>What <c>wpo bench train</c> measures: the model shape and dtype, the batch, the step's switches, the comparison.</summary>
public sealed record TrainStepSettings
{
    public string Preset { get; init; } = "tiny";
    public string DType { get; init; } = "bf16";
    /// <summary>Pairs per step (random pairs), or null for the recipe's <c>per_device_train_batch_size</c>.</summary>
    public int? Pairs { get; init; }
    /// <summary>Tokens per sequence of the random pairs.</summary>
    public int Tokens { get; init; } = 256;
    public int Steps { get; init; } = 5;
    public bool GradientCheckpointing { get; init; }
    /// <summary>LoRA rank on every linear layer (alpha 2r, no dropout; the reference is the base with the adapters off), or null: full fine-tuning.</summary>
    public int? LoraRank { get; init; }
    /// <summary>A frozen reference model scored each step (as the peer does), or log-probs precomputed before the steps.</summary>
    public bool FrozenReference { get; init; } = true;
    /// <summary>A recipe whose train pairs replace the random pairs (their ids folded into the model's vocabulary).</summary>
    public string? Recipe { get; init; }
    /// <summary>Packing on or off; null: the recipe's <c>packing</c> (off for random pairs).</summary>
    public bool? Packing { get; init; }
    /// <summary>The peer script to run at the same shape first, and the Python that runs it.</summary>
    public string? PeerScript { get; init; }
    public string Python { get; init; } = "/usr/bin/python3";
}

using System.Text.Json;
using Wpo.Checkpoints;
using Wpo.Objectives;
using static TorchSharp.torch;

namespace Wpo.Tests.Objectives;

/// <summary>
/// One variant of one case of <c>goldens/wpo_objective</c>: the inputs from <c>&lt;case&gt;.safetensors</c>, the
/// settings and expected values from <c>cases.json</c>, and the expected gradients.
/// </summary>
internal sealed record ObjectiveGolden(
    string Case,
    string Variant,
    bool IsBFloat16,
    Alignment? Alignment,
    LossOptions Loss,
    JsonElement Expected,
    Tensor Hidden,
    Tensor LmHeadWeight,
    Tensor Labels,
    Tensor ReferenceLogps,
    Tensor GradHidden,
    Tensor GradLmHeadWeight)
{
    public const string Folder = "wpo_objective";

    static string CasesPath => Path.Combine(SharedFolders.GoldensRoot, Folder, "cases.json");

    /// <summary>Every (case, variant) in cases.json; one placeholder row when the folder is absent, which the test skips.</summary>
    public static IEnumerable<(string Case, string Variant)> Enumerate()
    {
        if (!File.Exists(CasesPath))
        {
            yield return ("(golden folder absent)", "");
            yield break;
        }
        using var document = JsonDocument.Parse(File.ReadAllText(CasesPath));
        foreach (var goldenCase in document.RootElement.GetProperty("cases").EnumerateArray())
            foreach (var variant in goldenCase.GetProperty("variants").EnumerateObject())
                yield return (goldenCase.GetProperty("name").GetString()!, variant.Name);
    }

    public static ObjectiveGolden Load(string caseName, string variantName)
    {
        string folder = SharedFolders.Golden(Folder);
        using var document = JsonDocument.Parse(File.ReadAllText(CasesPath));
        var goldenCase = document.RootElement.GetProperty("cases").EnumerateArray().Single(c => c.GetProperty("name").GetString() == caseName);
        var variant = goldenCase.GetProperty("variants").GetProperty(variantName).Clone();
        var file = SafeTensorsFile.Open(Path.Combine(folder, caseName + ".safetensors"));
        var alignment = variant.GetProperty("alignment") is { ValueKind: JsonValueKind.String } name ? ParseAlignment(name.GetString()!) : (Alignment?)null;
        var loss = new LossOptions
        {
            LossType = Enum.Parse<LossType>(variant.GetProperty("loss_type").GetString()!, ignoreCase: true),
            Beta = variant.GetProperty("beta").GetDouble(),
            LabelSmoothing = variant.GetProperty("label_smoothing").GetDouble(),
            Gamma = variant.GetProperty("gamma").GetDouble(),
            Wpo = alignment is not null,
            ClampWeightAtOne = variant.GetProperty("clamp_weight_at_one").GetBoolean(),
        };
        return new ObjectiveGolden(caseName, variantName, goldenCase.GetProperty("dtype").GetString() == "bf16", alignment, loss, variant,
            file.Read("hidden"), file.Read("lm_head_weight"), file.Read("labels"), file.Read("reference_logps"),
            file.Read(variantName + ".grad_hidden"), file.Read(variantName + ".grad_lm_head_weight"));
    }

    /// <summary>The relative tolerance of the goldens README: 1e-5 in float32, 1e-2 for the bf16 case.</summary>
    public double Tolerance => IsBFloat16 ? 1e-2 : 1e-5;

    public double[] ExpectedArray(string key) => Expected.GetProperty(key).EnumerateArray().Select(e => e.GetDouble()).ToArray();

    public double ExpectedScalar(string key) => Expected.GetProperty(key).GetDouble();

    public bool Has(string key) => Expected.GetProperty(key).ValueKind != JsonValueKind.Null;

    static Alignment ParseAlignment(string name) => name switch
    {
        "sampled" => Wpo.Objectives.Alignment.Sampled,
        "greedy" => Wpo.Objectives.Alignment.Greedy,
        "none" => Wpo.Objectives.Alignment.None,
        _ => throw new InvalidDataException($"{CasesPath}: unknown alignment '{name}'."),
    };
}

using Wpo.Generation;
using Wpo.Tests.Modeling;
using static TorchSharp.torch;

namespace Wpo.Tests.Generation;

/// <summary>
/// Batched decoding on tiny models of every architecture: left padding changes nothing, a seed gives the same
/// samples at any batch size, the cache changes nothing, and EOS ids, budgets, stop strings and penalties end or
/// steer rows as specified.
/// </summary>
public sealed class SequenceGeneratorTests
{
    static readonly int[] Lengths = [3, 7, 5, 1, 6, 2, 4, 7];

    static List<GenerationRequest> Prompts(long vocabulary, int count = 4, int samples = 1)
    {
        using var generator = new TorchSharp.torch.Generator(31);
        var requests = new List<GenerationRequest>();
        for (int p = 0; p < count; p++)
        {
            int[] ids = randint(0, vocabulary, [Lengths[p]], generator: generator).data<long>().Select(id => (int)id).ToArray();
            for (int s = 0; s < samples; s++) requests.Add(new GenerationRequest(ids, p, s));
        }
        return requests;
    }

    static List<int[]> Tokens(IEnumerable<GeneratedSequence> sequences) => sequences.Select(s => s.Tokens.ToArray()).ToList();

    static List<int[]> OneByOne(SequenceGenerator generator, IEnumerable<GenerationRequest> requests) =>
        requests.SelectMany(request => Tokens(generator.Generate([request]))).ToList();

    [Theory]
    [MemberData(nameof(TinyModels.AllTypes), MemberType = typeof(TinyModels))]
    public void Left_padded_greedy_batches_give_each_prompt_the_tokens_it_gets_alone(string modelType)
    {
        using var model = TinyModels.Create(modelType);
        var generator = new SequenceGenerator(model, SamplingSettings.Greedy(12));
        var requests = Prompts(model.Config.VocabSize);
        Assert.Equal(OneByOne(generator, requests), Tokens(generator.Generate(requests)));
    }

    [Theory]
    [MemberData(nameof(TinyModels.AllTypes), MemberType = typeof(TinyModels))]
    public void A_fixed_seed_gives_identical_samples_at_batch_sizes_1_and_8(string modelType)
    {
        using var model = TinyModels.Create(modelType);
        var settings = new SamplingSettings { DoSample = true, Temperature = 1.0, TopK = 0, TopP = 0.98, MaxNewTokens = 10, Seed = 3 };
        var requests = Prompts(model.Config.VocabSize, count: 4, samples: 2);
        var batched = Tokens(new SequenceGenerator(model, settings).Generate(requests));
        Assert.Equal(OneByOne(new SequenceGenerator(model, settings), requests), batched);
        // The seed matters and the samples of one prompt differ: otherwise the equality above would prove nothing.
        Assert.NotEqual(batched, Tokens(new SequenceGenerator(model, settings with { Seed = 4 }).Generate(requests)));
        Assert.NotEqual(batched[0], batched[1]);
    }

    [Theory]
    [MemberData(nameof(TinyModels.AllTypes), MemberType = typeof(TinyModels))]
    public void Rows_that_end_early_leave_the_batch_without_changing_the_others(string modelType)
    {
        using var model = TinyModels.Create(modelType);
        var settings = new SamplingSettings { DoSample = true, Temperature = 1.0, TopK = 0, MaxNewTokens = 12, Seed = 8 };
        var requests = Prompts(model.Config.VocabSize, count: 4, samples: 2);
        var free = Tokens(new SequenceGenerator(model, settings).Generate(requests));
        var ending = settings with { EosTokenIds = [free[0][2], free[3][5], free[5][8]] };
        var batched = new SequenceGenerator(model, ending).Generate(requests);
        Assert.Equal(OneByOne(new SequenceGenerator(model, ending), requests), Tokens(batched));
        Assert.Contains(batched, s => s.Reason == FinishReason.Eos && s.Tokens.Count < 12);
    }

    [Fact]
    public void Decoding_without_the_cache_gives_the_same_tokens()
    {
        using var model = TinyModels.Create("gemma2");
        var settings = new SamplingSettings { DoSample = true, Temperature = 0.8, MaxNewTokens = 9, Seed = 5, RepetitionPenalty = 1.2 };
        var requests = Prompts(model.Config.VocabSize, count: 3, samples: 2);
        Assert.Equal(Tokens(new SequenceGenerator(model, settings).Generate(requests)),
            Tokens(new SequenceGenerator(model, settings) { UseCache = false }.Generate(requests)));
    }

    [Fact]
    public void Temperature_0_is_greedy_whatever_the_other_warpers()
    {
        using var model = TinyModels.Create("qwen2");
        var requests = Prompts(model.Config.VocabSize);
        var sampled = new SamplingSettings { DoSample = true, Temperature = 0, TopK = 2, TopP = 0.5, MaxNewTokens = 8, Seed = 9 };
        Assert.Equal(Tokens(new SequenceGenerator(model, SamplingSettings.Greedy(8)).Generate(requests)),
            Tokens(new SequenceGenerator(model, sampled).Generate(requests)));
    }

    [Fact]
    public void Any_of_several_eos_ids_ends_a_row_and_is_kept_as_its_last_token()
    {
        using var model = TinyModels.Create("llama");
        var requests = Prompts(model.Config.VocabSize);
        var free = Tokens(new SequenceGenerator(model, SamplingSettings.Greedy(10)).Generate(requests));
        long first = free[0][2], second = free[1][4];
        var ended = new SequenceGenerator(model, SamplingSettings.Greedy(10, first, second)).Generate(requests);
        for (int r = 0; r < requests.Count; r++)
        {
            int stop = Array.FindIndex(free[r], id => id == first || id == second);
            Assert.Equal(stop < 0 ? free[r] : free[r][..(stop + 1)], ended[r].Tokens.ToArray());
            Assert.Equal(stop < 0 ? FinishReason.Length : FinishReason.Eos, ended[r].Reason);
        }
        Assert.Equal(FinishReason.Eos, ended[0].Reason);
    }

    [Fact]
    public void Max_length_leaves_each_prompt_the_budget_its_length_allows()
    {
        using var model = TinyModels.Create("mistral");
        var requests = Prompts(model.Config.VocabSize);
        var sequences = new SequenceGenerator(model, new SamplingSettings { MaxLength = 8 }).Generate(requests);
        Assert.Equal(requests.Select(r => 8 - r.PromptIds.Count), sequences.Select(s => s.Tokens.Count));
        Assert.All(sequences, s => Assert.Equal(FinishReason.Length, s.Reason));
    }

    [Fact]
    public void Stop_strings_cut_the_text_exactly_where_the_earliest_begins()
    {
        using var model = TinyModels.Create("llama");
        static string Decode(IReadOnlyList<int> ids) => string.Concat(ids.Select(id => $"<{id}>"));
        var requests = Prompts(model.Config.VocabSize);
        var free = Tokens(new SequenceGenerator(model, SamplingSettings.Greedy(12), Decode).Generate(requests));
        // A stop string that starts inside one token's text and ends inside the next one's.
        string stop = Decode(free[0][3..5])[2..^1];
        var stopped = new SequenceGenerator(model, SamplingSettings.Greedy(12) with { StopStrings = ["never", stop] }, Decode).Generate(requests);
        for (int r = 0; r < requests.Count; r++)
        {
            int end = Enumerable.Range(1, free[r].Length).FirstOrDefault(k => Decode(free[r][..k]).Contains(stop, StringComparison.Ordinal));
            if (end == 0)
            {
                Assert.Equal(FinishReason.Length, stopped[r].Reason);
                Assert.Equal(Decode(free[r]), stopped[r].Text);
                continue;
            }
            string text = Decode(free[r][..end]);
            Assert.Equal(FinishReason.StopString, stopped[r].Reason);
            Assert.Equal(text[..text.IndexOf(stop, StringComparison.Ordinal)], stopped[r].Text);
            Assert.Equal(free[r][..end], stopped[r].Tokens.ToArray());
        }
        Assert.Equal(FinishReason.StopString, stopped[0].Reason);
        Assert.True(stopped[0].Tokens.Count <= 5);
    }

    [Fact]
    public void Large_presence_and_frequency_penalties_forbid_repeating_a_generated_token()
    {
        using var model = TinyModels.Create("gemma");
        var requests = Prompts(model.Config.VocabSize);
        var free = Tokens(new SequenceGenerator(model, SamplingSettings.Greedy(20)).Generate(requests));
        Assert.Contains(free, tokens => tokens.Distinct().Count() < tokens.Length);
        foreach (var settings in new[] { SamplingSettings.Greedy(20) with { PresencePenalty = 1e4 }, SamplingSettings.Greedy(20) with { FrequencyPenalty = 1e4 } })
            Assert.All(Tokens(new SequenceGenerator(model, settings).Generate(requests)), tokens => Assert.Equal(tokens.Length, tokens.Distinct().Count()));
    }

    [Fact]
    public void A_large_repetition_penalty_steers_away_from_prompt_tokens()
    {
        using var model = TinyModels.Create("llama");
        var requests = Prompts(model.Config.VocabSize);
        var settings = SamplingSettings.Greedy(6) with { RepetitionPenalty = 1.5 };
        var plain = Tokens(new SequenceGenerator(model, SamplingSettings.Greedy(6)).Generate(requests));
        var penalised = Tokens(new SequenceGenerator(model, settings).Generate(requests));
        Assert.NotEqual(plain, penalised);
    }
}

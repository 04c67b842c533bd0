using System.Text.Json;

namespace Wpo.Tests.Text;

/// <summary>Every case of every folder under goldens/tokenizers, against transformers.js's encodings and decodings.</summary>
[Trait("Category", "Golden")]
public sealed class TokenizerGoldenTests
{
    [Theory]
    [MemberData(nameof(GoldenTokenizers.Folders), MemberType = typeof(GoldenTokenizers))]
    public void Encode_without_special_tokens_matches_ids(string folder)
    {
        var tokenizer = GoldenTokenizers.Load(folder);
        var cases = GoldenTokenizers.Cases(folder);
        AssertNone(GoldenTokenizers.Mismatches(folder, cases, c => c.Ids, c => tokenizer.Encode(c.Text), Show));
    }

    [Theory]
    [MemberData(nameof(GoldenTokenizers.Folders), MemberType = typeof(GoldenTokenizers))]
    public void Encode_with_special_tokens_matches_ids_with_special_tokens(string folder)
    {
        var tokenizer = GoldenTokenizers.Load(folder);
        var cases = GoldenTokenizers.Cases(folder);
        AssertNone(GoldenTokenizers.Mismatches(folder, cases, c => c.IdsWithSpecialTokens, c => tokenizer.Encode(c.Text, addSpecialTokens: true), Show));
    }

    [Theory]
    [MemberData(nameof(GoldenTokenizers.Folders), MemberType = typeof(GoldenTokenizers))]
    public void Decode_of_ids_matches_decoded(string folder)
    {
        var tokenizer = GoldenTokenizers.Load(folder);
        var cases = GoldenTokenizers.Cases(folder);
        AssertNone(GoldenTokenizers.Mismatches(folder, cases, c => c.Decoded, c => tokenizer.Decode(c.Ids), s => JsonSerializer.Serialize(s)));
    }

    static void AssertNone(string? mismatches)
    {
        if (mismatches is not null) Assert.Fail(mismatches);
    }

    static string Show(int[] ids) => "[" + string.Join(",", ids) + "]";
}

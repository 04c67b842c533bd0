using System.Text.RegularExpressions;
using Wpo.Text;

namespace Wpo.Tests.Text;

public sealed class CodePointMatchesTests
{
    static List<(int, int)> Matches(string pattern, string text)
    {
        var found = new List<(int, int)>();
        foreach ((int start, int end) in new CodePointMatches(new Regex(pattern), text)) found.Add((start, end));
        return found;
    }

    [Fact]
    public void A_letter_outside_the_BMP_is_a_letter() =>
        // 𝑥 (U+1D465) is two UTF-16 units; as one code point it joins the letters around it, as in Oniguruma.
        Assert.Equal([(0, 4), (5, 6)], Matches(@"\p{L}+", "a𝑥b c"));

    [Fact]
    public void An_optional_single_character_takes_a_whole_emoji() =>
        Assert.Equal([(0, 5)], Matches(@"[^\r\n\p{L}\p{N}]?\p{L}+", "😀abc"));

    [Fact]
    public void Quantifiers_count_code_points_and_empty_matches_are_skipped() =>
        Assert.Equal([(0, 6), (6, 8)], Matches(@"\p{N}{0,3}", "𝟏𝟐𝟑𝟒"));

    [Fact]
    public void Text_without_surrogates_matches_as_the_regex_does() =>
        Assert.Equal([(0, 2), (3, 5)], Matches(@"\w+", "ab cd"));
}

namespace Wpo.Text;

/// <summary>
/// Every id the tokenizer can produce with its token string: the model's vocabulary plus the added tokens (which
/// win where both name the same id), and which ids are special (skipped by <c>skip_special_tokens</c>).
/// </summary>
internal sealed class TokenVocabulary
{
    readonly string?[] tokens;
    readonly Dictionary<string, int> ids;
    readonly bool[] added;
    readonly HashSet<int> special;

    public TokenVocabulary(IReadOnlyDictionary<string, int> modelVocabulary, IReadOnlyList<AddedToken> addedTokens, IEnumerable<string> namedSpecialTokens)
    {
        int size = Math.Max(modelVocabulary.Count == 0 ? 0 : modelVocabulary.Values.Max() + 1, addedTokens.Count == 0 ? 0 : addedTokens.Max(t => t.Id) + 1);
        tokens = new string?[size];
        added = new bool[size];
        ids = new Dictionary<string, int>(modelVocabulary, StringComparer.Ordinal);
        foreach ((string token, int id) in modelVocabulary) tokens[id] = token;
        foreach (AddedToken token in addedTokens)
        {
            tokens[token.Id] = token.Content;
            ids[token.Content] = token.Id;
            added[token.Id] = true;
        }
        special = [.. addedTokens.Where(t => t.Special).Select(t => t.Id)];
        foreach (string name in namedSpecialTokens)
            if (ids.TryGetValue(name, out int id)) special.Add(id);
    }

    /// <summary>One more than the largest id (transformers' <c>len(tokenizer)</c> when ids have no gaps).</summary>
    public int Size => tokens.Length;

    public IReadOnlySet<int> SpecialIds => special;

    public int? TokenToId(string token) => ids.TryGetValue(token, out int id) ? id : null;

    /// <summary>The token string of <paramref name="id"/>, or null when no token has that id.</summary>
    public string? Token(int id) => (uint)id < (uint)tokens.Length ? tokens[id] : null;

    public bool IsAdded(int id) => (uint)id < (uint)added.Length && added[id];

    public bool IsSpecial(int id) => special.Contains(id);
}

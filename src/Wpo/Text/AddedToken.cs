namespace Wpo.Text;

/// <summary>
/// An entry of tokenizer.json's <c>added_tokens</c>: a string that is matched in the text before the model runs
/// and becomes one id. <see cref="Special"/> tokens are the control tokens (BOS, EOS, turn markers); the flags say
/// how Hugging Face tokenizers matches them: <see cref="Normalized"/> ones are looked for in the normalized text,
/// <see cref="LeftStrip"/>/<see cref="RightStrip"/> swallow the whitespace beside a match, and a
/// <see cref="SingleWord"/> token only matches when no word character touches it.
/// </summary>
internal sealed record AddedToken(int Id, string Content, bool Special, bool Normalized, bool LeftStrip, bool RightStrip, bool SingleWord);

namespace Wpo.Text;

/// <summary>
/// What happens to control-token strings (<c>&lt;|eot_id|&gt;</c>, <c>&lt;/s&gt;</c>, …) that arrive inside message
/// content, e.g. a dataset row that quotes them. The tokens a chat template writes itself are control tokens either way.
/// </summary>
public enum SpecialTokensInContent
{
    /// <summary>The default: content is ordinary text; a control-token string in it is encoded as the characters it is made of.</summary>
    Escape,

    /// <summary>The seed pipeline's behaviour (transformers before its sanitization): control-token strings in content become control tokens.</summary>
    Parse,
}

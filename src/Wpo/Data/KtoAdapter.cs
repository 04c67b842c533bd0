using Wpo.Text;

namespace Wpo.Data;

/// <summary>
/// Unpaired KTO rows: <c>messages</c> whose last turn is the completion (LLaMA-Factory's kto_en_demo), or TRL's
/// <c>prompt</c>/<c>completion</c> (strings or message lists); <c>label</c> true for a desirable completion.
/// </summary>
public static class KtoAdapter
{
    public static KtoRecord Adapt(RawRow row)
    {
        if (RowFields.Require(row, "label") is not bool label)
            throw new BadRowException(BadRowReason.NonStringContent, row.Origin, $"'label' is {RowFields.Kind(row.Fields["label"])}, not true or false");
        if (RowFields.Has(row, "messages"))
        {
            List<ChatMessage> messages = RowFields.Messages(row, "messages");
            if (messages.Count < 2)
                throw new BadRowException(BadRowReason.MissingField, row.Origin, "'messages' has no turns before its completion");
            return new KtoRecord(messages[..^1], messages[^1..], label, row.Origin);
        }
        return new KtoRecord(Turns(row, "prompt", "user"), Turns(row, "completion", "assistant"), label, row.Origin);
    }

    static List<ChatMessage> Turns(RawRow row, string key, string role) =>
        RowFields.Require(row, key) is string text ? [new ChatMessage(role, text)] : RowFields.Messages(row, key);
}

using Wpo.Text;

namespace Wpo.Data;

/// <summary>
/// HuggingFaceH4/ultrafeedback_binarized rows, as the seed's "dpo" task reads them (FIDELITY §2 step 1): when
/// <c>prompt</c> is a message list it is the prompt and <c>chosen</c>/<c>rejected</c> are the answers; otherwise
/// (the dataset's own case, <c>prompt</c> a string) the prompt is <c>chosen[:-1]</c> and the answers are the last turns.
/// </summary>
static class UltraFeedbackAdapter
{
    public static PreferenceRecord Adapt(RawRow row)
    {
        List<ChatMessage> chosen = RowFields.Messages(row, "chosen");
        List<ChatMessage> rejected = RowFields.Messages(row, "rejected");
        if (RowFields.IsMessageList(row.Fields.GetValueOrDefault("prompt")))
            return new PreferenceRecord(RowFields.Messages(row, "prompt"), chosen, rejected, row.Origin);

        // The seed takes the prompt from chosen alone; a rejected conversation with other turns would be trained
        // as if it answered chosen's prompt, so such a row is reported instead.
        if (!chosen[..^1].SequenceEqual(rejected[..^1]))
            throw new BadRowException(BadRowReason.PromptMismatch, row.Origin, "the turns before the last differ between 'chosen' and 'rejected'");
        if (chosen.Count < 2)
            throw new BadRowException(BadRowReason.MissingField, row.Origin, "'chosen' has no turns before its answer, so there is no prompt");
        return new PreferenceRecord(chosen[..^1], chosen[^1..], rejected[^1..], row.Origin);
    }
}

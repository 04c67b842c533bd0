namespace Wpo.Data;

/// <summary>
/// Maps raw rows of any paired schema to <see cref="PreferenceRecord"/>s and applies the checks every schema shares:
/// both answers non-empty and not identical.
/// </summary>
public static class PreferenceAdapters
{
    /// <summary>The record for <paramref name="row"/>, or a <see cref="BadRowException"/> saying why there is none.</summary>
    public static PreferenceRecord Adapt(DataSchema schema, RawRow row)
    {
        PreferenceRecord record = schema switch
        {
            DataSchema.UltraFeedback => UltraFeedbackAdapter.Adapt(row),
            DataSchema.PlainStrings => PlainStringsAdapter.Adapt(row),
            DataSchema.ShareGpt => ShareGptAdapter.Adapt(row),
            DataSchema.HhTranscripts => HhTranscriptAdapter.Adapt(row),
            DataSchema.StackExchangePaired => StackExchangeAdapter.Adapt(row),
            DataSchema.Kto => throw new WpoException($"{row.Origin.File}: KTO rows are unpaired; they cannot be read as preference pairs."),
            _ => throw new ArgumentOutOfRangeException(nameof(schema), schema, null),
        };
        Check(record);
        return record;
    }

    static void Check(PreferenceRecord record)
    {
        if (IsEmpty(record.Chosen)) throw new BadRowException(BadRowReason.EmptyResponse, record.Origin, "the chosen answer is empty");
        if (IsEmpty(record.Rejected)) throw new BadRowException(BadRowReason.EmptyResponse, record.Origin, "the rejected answer is empty");
        if (record.Chosen.SequenceEqual(record.Rejected))
            throw new BadRowException(BadRowReason.IdenticalResponses, record.Origin, "the chosen answer equals the rejected answer");
    }

    static bool IsEmpty(IReadOnlyList<Text.ChatMessage> answer) => answer.All(message => string.IsNullOrWhiteSpace(message.Content));
}

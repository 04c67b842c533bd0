using Wpo.Text;

namespace Wpo.Data;

/// <summary>
/// Prompts from any dataset the data layer reads. Each file's first row decides how its rows are read:
/// <list type="bullet">
/// <item>preference rows of any schema (<see cref="SchemaDetector"/>, or the forced one): the prompt part, as
/// training formats it, and the original pair with <c>score_chosen</c>/<c>score_rejected</c> when the row has them;</item>
/// <item><c>instruction</c> (AlpacaEval's <c>model_outputs.json</c>, Alpaca data): one user turn, with a non-empty
/// <c>input</c> joined after a newline as LLaMA-Factory's Alpaca converter joins it;</item>
/// <item><c>prompt</c>: a string (one user turn) or a list of messages;</item>
/// <item><c>messages</c>: the conversation up to and including its last user turn.</item>
/// </list>
/// </summary>
public static class PromptReader
{
    enum RowKind { Pair, Instruction, Prompt, Messages }

    public static IEnumerable<PromptRecord> Read(string dataset, DataSchema? schema, BadRowPolicy policy, BadRowLog log)
    {
        foreach (string file in DatasetSource.Open(dataset).Splits.Values.SelectMany(files => files))
        {
            RowKind? kind = null;
            DataSchema? pairSchema = schema;
            foreach (RawRow row in RowReader.Read(file))
            {
                kind ??= KindOf(row, schema);
                if (kind == RowKind.Pair) pairSchema ??= SchemaDetector.Detect(row);
                PromptRecord? record = null;
                try
                {
                    record = kind == RowKind.Pair ? FromPair(row, pairSchema!.Value) : FromPromptRow(row, kind.Value);
                }
                catch (BadRowException e) when (policy == BadRowPolicy.Skip)
                {
                    log.Add(e);
                }
                if (record is not null) yield return record;
            }
        }
    }

    static RowKind KindOf(RawRow first, DataSchema? schema)
    {
        bool Has(string key) => first.Fields.ContainsKey(key);
        if (schema is not null || (Has("chosen") && Has("rejected")) || (Has("question") && Has("response_j"))) return RowKind.Pair;
        if (Has("instruction")) return RowKind.Instruction;
        if (Has("prompt")) return RowKind.Prompt;
        if (Has("messages")) return RowKind.Messages;
        throw new WpoException(
            $"{first.Origin.File}: no prompts in the first row's keys ({string.Join(", ", first.Fields.Keys)}); expected preference rows, " +
            "'instruction', 'prompt' or 'messages'.");
    }

    static PromptRecord FromPair(RawRow row, DataSchema schema)
    {
        PreferenceRecord pair = PreferenceAdapters.Adapt(schema, row);
        return new PromptRecord(pair.Prompt, new OriginalPair(pair.Chosen, pair.Rejected, Score(row, "score_chosen"), Score(row, "score_rejected")), row.Origin);
    }

    static double? Score(RawRow row, string key) => row.Fields.GetValueOrDefault(key) switch
    {
        null => null,
        long integer => integer,
        double number => number,
        object other => throw new BadRowException(BadRowReason.NonStringContent, row.Origin, $"'{key}' is {RowFields.Kind(other)}, not a number"),
    };

    static PromptRecord FromPromptRow(RawRow row, RowKind kind)
    {
        List<ChatMessage> messages = kind switch
        {
            RowKind.Instruction => [new ChatMessage("user", Instruction(row))],
            RowKind.Prompt when RowFields.IsMessageList(row.Fields.GetValueOrDefault("prompt")) => RowFields.Messages(row, "prompt"),
            RowKind.Prompt => [new ChatMessage("user", RowFields.RequireString(row, "prompt"))],
            _ => UpToLastUserTurn(row, RowFields.Messages(row, "messages")),
        };
        if (messages.All(m => string.IsNullOrWhiteSpace(m.Content)))
            throw new BadRowException(BadRowReason.MissingField, row.Origin, "the prompt is empty");
        return new PromptRecord(messages, null, row.Origin);
    }

    static string Instruction(RawRow row)
    {
        string instruction = RowFields.RequireString(row, "instruction");
        return row.Fields.GetValueOrDefault("input") is string { Length: > 0 } input ? instruction + "\n" + input : instruction;
    }

    static List<ChatMessage> UpToLastUserTurn(RawRow row, List<ChatMessage> messages)
    {
        int last = messages.FindLastIndex(m => m.Role == "user");
        return last >= 0 ? messages[..(last + 1)] : throw new BadRowException(BadRowReason.MissingField, row.Origin, "'messages' has no user turn");
    }
}

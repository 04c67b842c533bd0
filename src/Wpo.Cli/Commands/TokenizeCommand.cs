using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Spectre.Console;
using Wpo.Text;

namespace Wpo.Cli.Commands;

/// <summary>
/// <c>wpo tokenize DIR --text … | --messages FILE</c>: the tokens and ids of a text or of a rendered conversation,
/// for checking what the model will see of your data.
/// </summary>
public static class TokenizeCommand
{
    public static Command Create()
    {
        var directory = new Argument<DirectoryInfo>("MODEL_OR_TOKENIZER_DIR") { Description = "A directory with tokenizer.json and tokenizer_config.json (a model directory will do)." };
        var text = new Option<string?>("--text") { Description = "Encode this text (control-token strings in it are matched, as transformers does)." };
        var messages = new Option<FileInfo?>("--messages") { Description = "Render this JSON list of {role, content} with the chat template and encode it." };
        var generationPrompt = new Option<bool>("--add-generation-prompt") { Description = "With --messages: end with the assistant header the template adds for generation." };
        var contentMode = new Option<SpecialTokensInContent>("--content-mode")
        {
            Description = "With --messages: escape (control-token strings in content are ordinary text) or parse (they become control tokens, as the seed did).",
            DefaultValueFactory = _ => SpecialTokensInContent.Escape,
        };
        var addSpecial = new Option<bool>("--add-special-tokens") { Description = "With --text: add the BOS/EOS the tokenizer's post-processor adds." };
        var json = new Option<bool>("--json") { Description = "Print JSON instead of a table." };
        var command = new Command("tokenize", "Print the tokens and ids of a text or a chat, and the decoded text.")
        {
            directory, text, messages, generationPrompt, contentMode, addSpecial, json,
        };
        command.SetAction(parse =>
        {
            if (parse.GetValue(messages) is not null && parse.GetValue(addSpecial))
                throw new WpoException("--add-special-tokens goes with --text only: a chat template writes its own BOS, and a rendered chat " +
                                       "is encoded without adding special tokens (as transformers does), so adding them would show a doubled BOS.");
            var tokenizer = Tokenizer.Load(parse.GetValue(directory)!.FullName, parse.GetValue(contentMode));
            ChatText input = (parse.GetValue(text), parse.GetValue(messages)) switch
            {
                ({ } plain, null) => ChatText.Plain(plain),
                (null, { } file) => tokenizer.ApplyChatTemplate(ReadMessages(file.FullName), parse.GetValue(generationPrompt)),
                _ => throw new WpoException("give exactly one of --text or --messages."),
            };
            int[] ids = tokenizer.Encode(input, addSpecialTokens: parse.GetValue(addSpecial));
            if (parse.GetValue(json)) PrintJson(tokenizer, input, ids);
            else PrintTable(tokenizer, input, ids, fromMessages: parse.GetValue(messages) is not null);
            return 0;
        });
        return command;
    }

    static void PrintTable(Tokenizer tokenizer, ChatText input, int[] ids, bool fromMessages)
    {
        if (fromMessages)
        {
            AnsiConsole.MarkupLine("[bold]rendered[/] (content kept as ordinary text is underlined):");
            AnsiConsole.MarkupLine(Highlighted(input));
        }
        var table = new Table().AddColumns("#", "id", "token", "text", "kind");
        for (int i = 0; i < ids.Length; i++)
            table.AddRow(i.ToString(CultureInfo.InvariantCulture), ids[i].ToString(CultureInfo.InvariantCulture),
                Markup.Escape(Visible(tokenizer.IdToToken(ids[i]))), Markup.Escape(Visible(tokenizer.Decode([ids[i]]))), Kind(tokenizer, ids[i]));
        AnsiConsole.Write(table);
        AnsiConsole.MarkupLineInterpolated($"{ids.Length} tokens; decoded: {Visible(tokenizer.Decode(ids))}");
    }

    static void PrintJson(Tokenizer tokenizer, ChatText input, int[] ids)
    {
        var result = new
        {
            text = input.Text,
            protected_spans = input.ProtectedSpans.Select(s => new[] { s.Start, s.Length }),
            ids,
            tokens = ids.Select((id, index) => new { index, id, token = tokenizer.IdToToken(id), text = tokenizer.Decode([id]), kind = Kind(tokenizer, id) }),
            decoded = tokenizer.Decode(ids),
        };
        Console.WriteLine(JsonSerializer.Serialize(result, new JsonSerializerOptions { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));
    }

    static string Kind(Tokenizer tokenizer, int id) => tokenizer.IsSpecial(id) ? "special" : "";

    /// <summary>Whitespace and control characters made visible: ␣ for a space, \n, \t, \r, \uXXXX.</summary>
    static string Visible(string text)
    {
        var visible = new StringBuilder(text.Length);
        foreach (char c in text)
        {
            visible.Append(c switch
            {
                ' ' => "␣",
                '\n' => "\\n",
                '\t' => "\\t",
                '\r' => "\\r",
                _ when char.IsControl(c) => $"\\u{(int)c:X4}",
                _ => c.ToString(),
            });
        }
        return visible.ToString();
    }

    static string Highlighted(ChatText text)
    {
        var markup = new StringBuilder();
        int position = 0;
        foreach ((int start, int length) in text.ProtectedSpans)
        {
            markup.Append(Markup.Escape(Visible(text.Text[position..start])));
            markup.Append("[underline yellow]").Append(Markup.Escape(Visible(text.Text.Substring(start, length)))).Append("[/]");
            position = start + length;
        }
        return markup.Append(Markup.Escape(Visible(text.Text[position..]))).ToString();
    }

    /// <summary>A JSON list of messages: <c>role</c> and <c>content</c> strings, other fields passed to the template as extras.</summary>
    static List<ChatMessage> ReadMessages(string path)
    {
        if (!File.Exists(path)) throw new WpoException($"messages file {path} does not exist.");
        using JsonDocument document = ParseJson(path);
        if (document.RootElement.ValueKind != JsonValueKind.Array) throw new WpoException($"{path}: expected a JSON list of {{\"role\", \"content\"}} objects.");
        var list = new List<ChatMessage>();
        foreach (JsonElement item in document.RootElement.EnumerateArray())
        {
            string where = $"{path}: message {list.Count}";
            if (item.ValueKind != JsonValueKind.Object || !item.TryGetProperty("role", out JsonElement role) || role.ValueKind != JsonValueKind.String)
                throw new WpoException($"{where} needs a string \"role\".");
            string content = item.TryGetProperty("content", out JsonElement c) && c.ValueKind != JsonValueKind.Null
                ? c.ValueKind == JsonValueKind.String ? c.GetString()! : throw new WpoException($"{where}: \"content\" must be a string or null.")
                : "";
            var extra = item.EnumerateObject().Where(p => p.Name is not ("role" or "content")).ToDictionary(p => p.Name, p => Plain(p.Value));
            list.Add(new ChatMessage(role.GetString()!, content) { Extra = extra.Count > 0 ? extra : null });
        }
        return list;
    }

    static JsonDocument ParseJson(string path)
    {
        try
        {
            return JsonDocument.Parse(File.ReadAllBytes(path));
        }
        catch (JsonException e)
        {
            throw new WpoException($"{path} is not valid JSON: {e.Message}", e);
        }
    }

    /// <summary>A JSON value as the template sees it: string, long or double, bool, null, list, dictionary.</summary>
    static object? Plain(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Number => value.TryGetInt64(out long whole) ? whole : value.GetDouble(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.Array => value.EnumerateArray().Select(Plain).ToList(),
        JsonValueKind.Object => value.EnumerateObject().ToDictionary(p => p.Name, p => Plain(p.Value)),
        _ => null,
    };
}

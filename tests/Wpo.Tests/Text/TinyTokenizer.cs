using System.Text.Json.Nodes;

namespace Wpo.Tests.Text;

/// <summary>
/// A seven-character BPE tokenizer written to a temporary directory, with added tokens exercising every matching
/// flag; tests change one component to probe it. Its expected encodings come from Hugging Face tokenizers 0.23 (Rust).
/// </summary>
public sealed class TinyTokenizer : IDisposable
{
    public string Directory { get; } = System.IO.Directory.CreateTempSubdirectory("wpo-tiny-tokenizer-").FullName;

    public JsonObject Json { get; } = JsonNode.Parse("""
        {"version":"1.0","truncation":null,"padding":null,
         "added_tokens":[
          {"id":7,"content":"<L>","single_word":false,"lstrip":true,"rstrip":false,"normalized":false,"special":true},
          {"id":8,"content":"<R>","single_word":false,"lstrip":false,"rstrip":true,"normalized":false,"special":true},
          {"id":9,"content":"ca","single_word":true,"lstrip":false,"rstrip":false,"normalized":false,"special":false},
          {"id":10,"content":"<LR>","single_word":false,"lstrip":true,"rstrip":true,"normalized":false,"special":true}],
         "normalizer":null,"pre_tokenizer":null,"post_processor":null,"decoder":null,
         "model":{"type":"BPE","dropout":null,"unk_token":"?","continuing_subword_prefix":null,"end_of_word_suffix":null,
          "fuse_unk":false,"byte_fallback":false,"ignore_merges":false,
          "vocab":{" ":0,"a":1,"b":2,"ab":3,"c":4,"_":5,"?":6},"merges":["a b"]}}
        """)!.AsObject();

    public JsonObject Config { get; } = new() { ["tokenizer_class"] = "PreTrainedTokenizerFast" };

    /// <summary>Writes the files (after any change to <see cref="Json"/> or <see cref="Config"/>) and loads them.</summary>
    public Wpo.Text.Tokenizer Load(Wpo.Text.SpecialTokensInContent mode = Wpo.Text.SpecialTokensInContent.Escape)
    {
        File.WriteAllText(Path.Combine(Directory, "tokenizer.json"), Json.ToJsonString());
        File.WriteAllText(Path.Combine(Directory, "tokenizer_config.json"), Config.ToJsonString());
        return Wpo.Text.Tokenizer.Load(Directory, mode);
    }

    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);
}

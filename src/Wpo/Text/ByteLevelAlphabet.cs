using System.Text;

namespace Wpo.Text;

/// <summary>
/// GPT-2's byte-level alphabet: every byte gets a printable character (printable ASCII and Latin-1 map to
/// themselves, the other 68 bytes to U+0100 onwards), so byte-level vocabularies (GPT-2, Llama 3, Qwen2) are
/// strings of these characters; a space is <c>Ġ</c>, a newline <c>Ċ</c>.
/// </summary>
internal static class ByteLevelAlphabet
{
    static readonly char[] ByteToChar = BuildByteToChar();
    static readonly Dictionary<char, byte> CharToByte = Enumerable.Range(0, 256).ToDictionary(b => ByteToChar[b], b => (byte)b);

    static char[] BuildByteToChar()
    {
        var table = new char[256];
        int next = 256;
        for (int b = 0; b < 256; b++)
        {
            bool printable = b is >= '!' and <= '~' or >= 0xA1 and <= 0xAC or >= 0xAE and <= 0xFF;
            table[b] = printable ? (char)b : (char)next++;
        }
        return table;
    }

    /// <summary>The most characters <see cref="Encode"/> writes for <paramref name="textLength"/> UTF-16 characters.</summary>
    public static int MaxEncodedLength(int textLength) => Encoding.UTF8.GetMaxByteCount(textLength);

    /// <summary>Writes the alphabet form of the UTF-8 bytes of <paramref name="text"/>; returns its length.</summary>
    public static int Encode(ReadOnlySpan<char> text, Span<char> destination)
    {
        Span<byte> bytes = text.Length <= 256 ? stackalloc byte[MaxEncodedLength(text.Length)] : new byte[MaxEncodedLength(text.Length)];
        int count = Encoding.UTF8.GetBytes(text, bytes);
        for (int i = 0; i < count; i++) destination[i] = ByteToChar[bytes[i]];
        return count;
    }

    /// <summary>Appends the bytes that <paramref name="token"/>'s characters stand for; false if one is not in the alphabet.</summary>
    public static bool TryDecode(string token, List<byte> bytes)
    {
        int mark = bytes.Count;
        foreach (char c in token)
        {
            if (!CharToByte.TryGetValue(c, out byte b))
            {
                bytes.RemoveRange(mark, bytes.Count - mark);
                return false;
            }
            bytes.Add(b);
        }
        return true;
    }
}

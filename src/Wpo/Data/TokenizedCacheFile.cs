using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;

namespace Wpo.Data;

/// <summary>
/// The binary layout of a cached dataset: magic, version, key hash, the file table, each split's pairs (ids as raw
/// little-endian int32 runs), the bad-row log, an end marker, and the SHA-256 of everything before it. The checksum
/// is verified before anything is parsed, so a damaged file is rejected instead of yielding wrong token ids (or an
/// index error from a damaged count).
/// </summary>
static class TokenizedCacheFile
{
    static readonly byte[] Magic = "WPODATA\0"u8.ToArray();
    const int EndMarker = 0x21444E45;

    public static void Write(string path, PreferenceDataset dataset, string hash)
    {
        using FileStream file = File.Create(path);
        using var sha = SHA256.Create();
        using (var hashing = new CryptoStream(file, sha, CryptoStreamMode.Write, leaveOpen: true))
        using (var writer = new BinaryWriter(hashing, Encoding.UTF8))
            WriteContents(writer, dataset, hash);
        file.Write(sha.Hash);
    }

    static void WriteContents(BinaryWriter writer, PreferenceDataset dataset, string hash)
    {
        writer.Write(Magic);
        writer.Write(CacheKey.FormatVersion);
        writer.Write(hash);

        var files = dataset.Splits.SelectMany(split => split.Pairs.Select(pair => pair.Origin.File))
            .Concat(dataset.BadRows.Rows.Select(row => row.Origin.File)).Distinct().ToList();
        var fileIndex = files.Select((file, index) => (file, index)).ToDictionary(entry => entry.file, entry => entry.index);
        writer.Write(files.Count);
        foreach (string file in files) writer.Write(file);

        writer.Write(dataset.Splits.Count);
        foreach (PreferenceSplit split in dataset.Splits)
        {
            writer.Write(split.Name);
            writer.Write(split.RowsRead);
            writer.Write(split.Pairs.Count);
            foreach (TokenizedPair pair in split.Pairs)
            {
                writer.Write(fileIndex[pair.Origin.File]);
                writer.Write(pair.Origin.Row);
                writer.Write(pair.Untruncated.Prompt);
                writer.Write(pair.Untruncated.Chosen);
                writer.Write(pair.Untruncated.Rejected);
                writer.Write(pair.ChosenPromptLength);
                writer.Write(pair.RejectedPromptLength);
                WriteIds(writer, pair.PromptIds);
                WriteIds(writer, pair.ChosenIds);
                WriteIds(writer, pair.RejectedIds);
            }
        }

        IReadOnlyList<BadRow> bad = dataset.BadRows.Rows;
        writer.Write(bad.Count);
        foreach (BadRow row in bad)
        {
            writer.Write((byte)row.Reason);
            writer.Write(fileIndex[row.Origin.File]);
            writer.Write(row.Origin.Row);
            writer.Write(row.Detail);
        }
        writer.Write(EndMarker);
    }

    public static PreferenceDataset Read(string path, string hash)
    {
        using FileStream file = File.OpenRead(path);
        long contentLength = file.Length - SHA256.HashSizeInBytes;
        if (contentLength <= Magic.Length) throw new InvalidDataException("it is too short to be a Wpo data cache file");
        VerifyChecksum(file, contentLength);
        file.Position = 0;
        using var reader = new BinaryReader(file, Encoding.UTF8, leaveOpen: true);
        if (!reader.ReadBytes(Magic.Length).AsSpan().SequenceEqual(Magic)) throw new InvalidDataException("not a Wpo data cache file");
        int version = reader.ReadInt32();
        if (version != CacheKey.FormatVersion) throw new InvalidDataException($"format version {version}, expected {CacheKey.FormatVersion}");
        if (reader.ReadString() != hash) throw new InvalidDataException("its key does not match its name");

        string[] files = new string[Count(reader)];
        for (int i = 0; i < files.Length; i++) files[i] = reader.ReadString();

        var splits = new PreferenceSplit[Count(reader)];
        for (int s = 0; s < splits.Length; s++)
        {
            string name = reader.ReadString();
            long rowsRead = reader.ReadInt64();
            var pairs = new TokenizedPair[Count(reader)];
            for (int p = 0; p < pairs.Length; p++)
            {
                var origin = new RowOrigin(files[reader.ReadInt32()], reader.ReadInt64());
                var lengths = new PairLengths(reader.ReadInt32(), reader.ReadInt32(), reader.ReadInt32());
                int chosenPromptLength = reader.ReadInt32(), rejectedPromptLength = reader.ReadInt32();
                int[] prompt = ReadIds(reader), chosen = ReadIds(reader), rejected = ReadIds(reader);
                pairs[p] = new TokenizedPair(prompt, chosen, chosenPromptLength, rejected, rejectedPromptLength, lengths, origin);
            }
            splits[s] = new PreferenceSplit(name, pairs, rowsRead);
        }

        var log = new BadRowLog();
        var bad = new BadRow[Count(reader)];
        for (int b = 0; b < bad.Length; b++)
            bad[b] = new BadRow((BadRowReason)reader.ReadByte(), new RowOrigin(files[reader.ReadInt32()], reader.ReadInt64()), reader.ReadString());
        log.AddRange(bad);
        if (reader.ReadInt32() != EndMarker || file.Position != contentLength) throw new InvalidDataException("it does not end where its contents say");
        return new PreferenceDataset(splits, log) { FromCache = true };
    }

    static void VerifyChecksum(FileStream file, long contentLength)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        byte[] buffer = new byte[1 << 20];
        for (long left = contentLength; left > 0;)
        {
            int chunk = (int)Math.Min(buffer.Length, left);
            file.ReadExactly(buffer, 0, chunk);
            sha.AppendData(buffer, 0, chunk);
            left -= chunk;
        }
        byte[] stored = new byte[SHA256.HashSizeInBytes];
        file.ReadExactly(stored);
        if (!sha.GetHashAndReset().AsSpan().SequenceEqual(stored)) throw new InvalidDataException("its checksum does not match its contents");
    }

    static int Count(BinaryReader reader)
    {
        int count = reader.ReadInt32();
        return count >= 0 && count <= reader.BaseStream.Length ? count : throw new InvalidDataException($"a count of {count}");
    }

    static void WriteIds(BinaryWriter writer, int[] ids)
    {
        writer.Write(ids.Length);
        writer.Write(MemoryMarshal.AsBytes(ids.AsSpan()));
    }

    static int[] ReadIds(BinaryReader reader)
    {
        int[] ids = new int[Count(reader)];
        reader.BaseStream.ReadExactly(MemoryMarshal.AsBytes(ids.AsSpan()));
        return ids;
    }
}

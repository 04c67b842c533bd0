using System.Buffers.Binary;
using System.Text;

namespace Wpo.Tests.Build;

/// <summary>
/// Writes a minimal 64-bit little-endian ELF file whose only content is a string table and a
/// .gnu.version_d section defining the given symbol versions: a stand-in for another distribution's libstdc++.
/// </summary>
static class SyntheticElf
{
    const int HeaderSize = 64, SectionHeaderSize = 64, VerdefSize = 20, VerdauxSize = 8;

    public static string WithVersionDefinitions(string path, IReadOnlyList<string> versions)
    {
        var strings = new MemoryStream();
        strings.WriteByte(0);
        var nameOffsets = versions.Select(v =>
        {
            int offset = (int)strings.Length;
            strings.Write(Encoding.ASCII.GetBytes(v + "\0"));
            return offset;
        }).ToList();
        int stringsOffset = HeaderSize, stringsSize = (int)strings.Length;
        int verdefOffset = Align(stringsOffset + stringsSize), verdefSize = versions.Count * (VerdefSize + VerdauxSize);
        int sectionTableOffset = Align(verdefOffset + verdefSize);
        var file = new byte[sectionTableOffset + 3 * SectionHeaderSize];

        file[0] = 0x7f; file[1] = (byte)'E'; file[2] = (byte)'L'; file[3] = (byte)'F';
        file[4] = 2; file[5] = 1; file[6] = 1;
        BinaryPrimitives.WriteUInt16LittleEndian(file.AsSpan(0x10), 3); // ET_DYN
        BinaryPrimitives.WriteUInt64LittleEndian(file.AsSpan(0x28), (ulong)sectionTableOffset);
        BinaryPrimitives.WriteUInt16LittleEndian(file.AsSpan(0x3A), SectionHeaderSize);
        BinaryPrimitives.WriteUInt16LittleEndian(file.AsSpan(0x3C), 3);
        strings.ToArray().CopyTo(file, stringsOffset);

        for (int i = 0; i < versions.Count; i++)
        {
            var entry = file.AsSpan(verdefOffset + i * (VerdefSize + VerdauxSize));
            BinaryPrimitives.WriteUInt16LittleEndian(entry, 1);                   // vd_version
            BinaryPrimitives.WriteUInt16LittleEndian(entry[4..], (ushort)(i + 1)); // vd_ndx
            BinaryPrimitives.WriteUInt16LittleEndian(entry[6..], 1);              // vd_cnt
            BinaryPrimitives.WriteUInt32LittleEndian(entry[12..], VerdefSize);    // vd_aux
            BinaryPrimitives.WriteUInt32LittleEndian(entry[16..], i + 1 < versions.Count ? VerdefSize + VerdauxSize : 0u);
            BinaryPrimitives.WriteUInt32LittleEndian(entry[VerdefSize..], (uint)nameOffsets[i]); // vda_name
        }

        WriteSection(file, sectionTableOffset + SectionHeaderSize, type: 3, stringsOffset, stringsSize, link: 0, info: 0);
        WriteSection(file, sectionTableOffset + 2 * SectionHeaderSize, type: 0x6ffffffd, verdefOffset, verdefSize, link: 1, info: (uint)versions.Count);
        File.WriteAllBytes(path, file);
        return path;
    }

    static void WriteSection(byte[] file, int at, uint type, int offset, int size, uint link, uint info)
    {
        var header = file.AsSpan(at);
        BinaryPrimitives.WriteUInt32LittleEndian(header[4..], type);
        BinaryPrimitives.WriteUInt64LittleEndian(header[24..], (ulong)offset);
        BinaryPrimitives.WriteUInt64LittleEndian(header[32..], (ulong)size);
        BinaryPrimitives.WriteUInt32LittleEndian(header[40..], link);
        BinaryPrimitives.WriteUInt32LittleEndian(header[44..], info);
    }

    static int Align(int offset) => (offset + 7) & ~7;
}

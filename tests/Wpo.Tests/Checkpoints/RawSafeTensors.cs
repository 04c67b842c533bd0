using System.Buffers.Binary;
using System.Text;

namespace Wpo.Tests.Checkpoints;

/// <summary>Builds SafeTensors files byte by byte, valid or not, to test the reader on exactly what it is given.</summary>
public static class RawSafeTensors
{
    /// <summary>Writes the 8-byte length of <paramref name="headerJson"/>, the JSON, then <paramref name="data"/>.</summary>
    public static void Write(string path, string headerJson, byte[] data)
    {
        byte[] header = Encoding.UTF8.GetBytes(headerJson);
        using var stream = File.Create(path);
        stream.Write(LengthPrefix(header.Length));
        stream.Write(header);
        stream.Write(data);
    }

    public static void Write(string path, string headerJson, int dataLength) => Write(path, headerJson, new byte[dataLength]);

    public static byte[] LengthPrefix(long length)
    {
        var bytes = new byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, (ulong)length);
        return bytes;
    }

    /// <summary>A header entry: <c>"name": {"dtype": ..., "shape": [...], "data_offsets": [begin, end]}</c>.</summary>
    public static string Entry(string name, string dtype, long[] shape, long begin, long end) =>
        $"\"{name}\":{{\"dtype\":\"{dtype}\",\"shape\":[{string.Join(",", shape)}],\"data_offsets\":[{begin},{end}]}}";
}

using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using static TorchSharp.torch;

namespace Wpo.Tests;

public sealed class CpuAllocatorTests
{
    /// <summary>The tests run with the allocator the CLI sets up, as training does.</summary>
    [ModuleInitializer]
    internal static void ReuseFreedMemoryForTheTests() => CpuAllocator.ReuseFreedMemory();

    [Fact]
    public void A_large_tensor_comes_from_glibcs_heap_not_from_a_fresh_mapping()
    {
        Assert.SkipUnless(CpuAllocator.ReuseFreedMemory(), $"not Linux with glibc, or {CpuAllocator.EnvironmentVariable}=system");
        Assert.Equal("reuse", CpuAllocator.Mode);
        nuint mappedBefore = MallInfo().MappedBytes;
        // 16 MB: above glibc's mmap threshold (128 kB, rising to at most 32 MB as mapped blocks are freed), so without
        // the setting it is mapped on its own and hblkhd grows by its size. (A test runs on a pool thread, whose arena
        // still maps a block of 64 MB or more; the main thread, where the CLI runs models, maps none.)
        using (var big = empty(16L << 20, ScalarType.Byte))
        {
            big.fill_(1);
            Assert.Equal(mappedBefore, MallInfo().MappedBytes);
        }
    }

    [Fact]
    public void System_leaves_the_allocator_as_it_is()
    {
        string? before = Environment.GetEnvironmentVariable(CpuAllocator.EnvironmentVariable);
        Environment.SetEnvironmentVariable(CpuAllocator.EnvironmentVariable, "system");
        try
        {
            Assert.False(CpuAllocator.ReuseFreedMemory());
        }
        finally
        {
            Environment.SetEnvironmentVariable(CpuAllocator.EnvironmentVariable, before);
        }
    }

    /// <summary>glibc's <c>struct mallinfo2</c> (glibc 2.33+): ten size_t fields.</summary>
    [StructLayout(LayoutKind.Sequential)]
    struct MallocInfo
    {
        public nuint Arena, OrdinaryBlocks, SmallBlocks, MappedBlocks, MappedBytes, MaxTotal, FastBytes, Used, Free, TopReleasable;
    }

    [DllImport("libc", EntryPoint = "mallinfo2")]
    static extern MallocInfo MallInfo();
}

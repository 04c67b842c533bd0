using System.Runtime.InteropServices;

namespace Wpo;

/// <summary>
/// glibc's allocator, set up for tensor work on the CPU. By default glibc serves every block of 32 MB or more
/// (logits, a head's gradient) with a fresh <c>mmap</c> and returns it with <c>munmap</c> when it is freed, so each
/// training step faults in and zeroes the same memory again: on a 2-core machine that made the backward pass of a
/// small model 2–5× slower. <see cref="ReuseFreedMemory"/> makes glibc serve large blocks from its heap and keep
/// freed memory for the next step, the reuse PyTorch users get from jemalloc or tcmalloc on the CPU. The resident
/// size then stays near the peak instead of falling back after each step; the peak itself does not grow.
/// </summary>
public static partial class CpuAllocator
{
    /// <summary>Set to <c>system</c> to leave glibc's allocator as it is.</summary>
    public const string EnvironmentVariable = "WPO_CPU_ALLOCATOR";

    /// <summary>Whether <see cref="ReuseFreedMemory"/> has set glibc up (benchmarks report it).</summary>
    public static bool ReusesFreedMemory { get; private set; }

    /// <summary>"reuse" or "system", for reports.</summary>
    public static string Mode => ReusesFreedMemory ? "reuse" : "system";

    const int MallocTrimThreshold = -1; // M_TRIM_THRESHOLD
    const int MallocMmapMax = -4;       // M_MMAP_MAX

    /// <summary>
    /// Makes glibc keep freed memory for reuse (no <c>mmap</c> per large block, no trimming of the heap's top below
    /// 2 GB). Process-wide; call once at start-up, before tensors are made. On the main thread, where the CLI runs
    /// models, no block is mapped on its own any more; another thread's arena still maps blocks of 64 MB or more
    /// (glibc's limit for such an arena's heaps). Returns false, changing nothing, off Linux, without glibc (musl has
    /// no <c>mallopt</c>), or when <see cref="EnvironmentVariable"/> is <c>system</c>.
    /// </summary>
    public static bool ReuseFreedMemory()
    {
        if (!OperatingSystem.IsLinux() || Environment.GetEnvironmentVariable(EnvironmentVariable) == "system") return false;
        try
        {
            // mallopt returns 1 on success. A block glibc cannot place in a thread's own arena is retried in the main one.
            ReusesFreedMemory = Mallopt(MallocMmapMax, 0) == 1 && Mallopt(MallocTrimThreshold, int.MaxValue) == 1;
            return ReusesFreedMemory;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
    }

    /// <summary>
    /// Gives the memory glibc keeps for reuse back to the system (<c>malloc_trim(0)</c>), so that the resident size
    /// counts live memory only: benchmarks call it before they take a baseline. A no-op off Linux or without glibc.
    /// </summary>
    public static void ReleaseFreedMemory()
    {
        if (!OperatingSystem.IsLinux()) return;
        try
        {
            MallocTrim(0);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
        }
    }

    [LibraryImport("libc", EntryPoint = "malloc_trim")]
    private static partial int MallocTrim(nuint pad);

    [LibraryImport("libc", EntryPoint = "mallopt")]
    private static partial int Mallopt(int parameter, int value);
}

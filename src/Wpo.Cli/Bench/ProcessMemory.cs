namespace Wpo.Cli.Bench;

/// <summary>
/// Resident memory of this process from /proc/self/status (Linux): the current and the peak (VmHWM).
/// TorchSharp exposes no allocator statistics on CPU, so benchmarks measure the process instead.
/// </summary>
public static class ProcessMemory
{
    public static long ResidentBytes => ReadKilobytes("VmRSS:") * 1024;

    public static long PeakResidentBytes => ReadKilobytes("VmHWM:") * 1024;

    /// <summary>
    /// Gives freed memory back to the system (<see cref="CpuAllocator.ReleaseFreedMemory"/>, so that the resident size
    /// is live memory) and resets the peak to the resident size (writing 5 to /proc/self/clear_refs), when the kernel
    /// allows it.
    /// </summary>
    public static bool TryResetPeak()
    {
        CpuAllocator.ReleaseFreedMemory();
        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    static long ReadKilobytes(string field)
    {
        const string status = "/proc/self/status";
        if (!File.Exists(status)) return 0;
        foreach (string line in File.ReadLines(status))
            if (line.StartsWith(field, StringComparison.Ordinal))
                return long.Parse(line[field.Length..].Trim().Split(' ')[0]);
        return 0;
    }
}

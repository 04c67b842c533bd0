using Wpo.Build;

namespace Wpo.Tests.Build;

public sealed class LibTorchSharpLoaderFixTests : IDisposable
{
    readonly string temporary = Directory.CreateTempSubdirectory("wpo-elf-").FullName;

    public void Dispose() => Directory.Delete(temporary, recursive: true);

    /// <summary>A pristine copy of the library from the NuGet package (the build output's copy may be patched).</summary>
    string CopyOfPackagedLibrary()
    {
        string packaged = Path.Combine(SharedFolders.NuGetPackageRoot, "torchsharp", "0.107.0", "runtimes", "linux-x64", "native", LibTorchSharpLoaderFix.LibraryName);
        if (!File.Exists(packaged)) Assert.Skip($"packaged library absent: {packaged}");
        string copy = Path.Combine(temporary, "native", LibTorchSharpLoaderFix.LibraryName);
        Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
        File.Copy(packaged, copy);
        return copy;
    }

    static (string File, string Version, ushort Flags) Need(string library, string version) =>
        ElfVersions.VersionNeeds(library).Select(n => (n.File, n.Version, n.Flags)).Single(n => n.Version == version);

    [Fact]
    public void Packaged_library_needs_the_version_strongly_from_libstdcxx()
    {
        var need = Need(CopyOfPackagedLibrary(), LibTorchSharpLoaderFix.VersionName);
        Assert.Equal("libstdc++.so.6", need.File);
        Assert.Equal(0, need.Flags & 0x2);
    }

    [Fact]
    public void Marking_weak_changes_exactly_that_flag_and_is_idempotent()
    {
        string library = CopyOfPackagedLibrary();
        byte[] before = File.ReadAllBytes(library);
        var needsBefore = ElfVersions.VersionNeeds(library).ToList();

        Assert.Equal(PatchResult.Patched, ElfVersions.MarkVersionNeedWeak(library, LibTorchSharpLoaderFix.VersionName));
        byte[] after = File.ReadAllBytes(library);
        var changed = Enumerable.Range(0, before.Length).Where(i => before[i] != after[i]).ToList();
        long flagsOffset = needsBefore.Single(n => n.Version == LibTorchSharpLoaderFix.VersionName).FlagsOffset;
        Assert.Equal([flagsOffset], changed.Select(i => (long)i));
        Assert.Equal(0x2, Need(library, LibTorchSharpLoaderFix.VersionName).Flags & 0x2);
        foreach (var other in ElfVersions.VersionNeeds(library).Where(n => n.Version != LibTorchSharpLoaderFix.VersionName))
            Assert.Equal(needsBefore.Single(n => n.File == other.File && n.Version == other.Version).Flags, other.Flags);

        Assert.Equal(PatchResult.AlreadyWeak, ElfVersions.MarkVersionNeedWeak(library, LibTorchSharpLoaderFix.VersionName));
        Assert.Equal(after, File.ReadAllBytes(library));
    }

    [Fact]
    public void A_version_the_library_does_not_need_is_left_alone()
    {
        string library = CopyOfPackagedLibrary();
        byte[] before = File.ReadAllBytes(library);
        Assert.Equal(PatchResult.NotNeeded, ElfVersions.MarkVersionNeedWeak(library, "GLIBCXX_99.0"));
        Assert.Equal(before, File.ReadAllBytes(library));
    }

    [Fact]
    public void Host_libstdcxx_definitions_are_read_from_its_version_definitions()
    {
        string? host = ElfVersions.FindHostLibStdCxx();
        if (host == null) Assert.Skip("no host libstdc++.so.6");
        Assert.True(ElfVersions.DefinesVersion(host, "GLIBCXX_3.4"));
        Assert.False(ElfVersions.DefinesVersion(host, "GLIBCXX_99.0"));
    }

    [Theory]
    [InlineData("always", true)]
    [InlineData("never", false)]
    public void The_task_patches_every_copy_under_the_folder_per_mode(string mode, bool expectPatched)
    {
        string library = CopyOfPackagedLibrary();
        // A second copy elsewhere in the tree: a build without a runtime identifier keeps it under runtimes/.
        string nested = Path.Combine(temporary, "runtimes", "linux-x64", "native", LibTorchSharpLoaderFix.LibraryName);
        Directory.CreateDirectory(Path.GetDirectoryName(nested)!);
        File.Copy(library, nested);
        var task = new LibTorchSharpLoaderFix { Directory = temporary, Mode = mode, BuildEngine = new SilentBuildEngine() };
        Assert.True(task.Execute());
        Assert.All([library, nested], copy => Assert.Equal(expectPatched, (Need(copy, LibTorchSharpLoaderFix.VersionName).Flags & 0x2) != 0));
    }

    [Theory]
    [InlineData(new[] { "GLIBCXX_3.4", "GLIBCXX_3.4.30" }, true)]
    [InlineData(new[] { "GLIBCXX_3.4", "GLIBCXX_3.4.32", "GLIBCXX_3.4.33" }, false)]
    public void In_auto_mode_only_a_host_lacking_the_version_gets_a_patched_library(string[] hostVersions, bool expectPatched)
    {
        string library = CopyOfPackagedLibrary();
        byte[] before = File.ReadAllBytes(library);
        string host = SyntheticElf.WithVersionDefinitions(Path.Combine(temporary, "libstdc++.so.6"), hostVersions);
        Assert.Equal(!expectPatched, ElfVersions.DefinesVersion(host, LibTorchSharpLoaderFix.VersionName));

        var task = new LibTorchSharpLoaderFix { Directory = Path.GetDirectoryName(library)!, Mode = "auto", HostLibStdCxx = host, BuildEngine = new SilentBuildEngine() };
        Assert.True(task.Execute());
        Assert.Equal(!expectPatched, before.SequenceEqual(File.ReadAllBytes(library)));
    }

    [Fact]
    public void The_library_in_this_build_output_loads()
    {
        using var sum = TorchSharp.torch.ones(3).sum();
        Assert.Equal(3f, sum.item<float>());
    }
}

// Makes TorchSharp's native bridge load on hosts whose libstdc++ predates GCC 13 (Debian 12).
//
// libLibTorchSharp.so declares a need for the symbol version GLIBCXX_3.4.32, whose only symbol,
// std::ios_base_library_init(), is a link-time anchor that is never called. Marking that one
// version need as weak (VER_FLG_WEAK in its Vernaux entry) lets the dynamic loader accept the
// library. This file is compiled twice: by MSBuild as an inline task (Directory.Build.targets runs
// it on every build and publish output) and into the test project, which checks the ELF logic on a
// copy of the library. It therefore uses only APIs available to MSBuild inline tasks.
#nullable enable
using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace Wpo.Build
{
    /// <summary>MSBuild task: patch every libLibTorchSharp.so under <see cref="Directory"/> when needed.</summary>
    public sealed class LibTorchSharpLoaderFix : Microsoft.Build.Utilities.Task
    {
        public const string LibraryName = "libLibTorchSharp.so";
        public const string VersionName = "GLIBCXX_3.4.32";

        /// <summary>A build or publish output folder.</summary>
        [Required]
        public string Directory { get; set; } = "";

        /// <summary>auto (patch only if the host's libstdc++ lacks the version), always, or never.</summary>
        public string Mode { get; set; } = "auto";

        /// <summary>The host libstdc++ to inspect; found in the usual library folders when empty.</summary>
        public string HostLibStdCxx { get; set; } = "";

        public override bool Execute()
        {
            if (!System.IO.Directory.Exists(Directory)) return true;
            var libraries = System.IO.Directory.EnumerateFiles(Directory, LibraryName, SearchOption.AllDirectories).ToList();
            if (libraries.Count == 0) return true;

            var mode = string.IsNullOrEmpty(Mode) ? "auto" : Mode.ToLowerInvariant();
            if (mode == "never") return true;
            if (mode != "auto" && mode != "always")
            {
                Log.LogError($"WpoPatchLibTorchSharp must be auto, always or never, not '{Mode}'.");
                return false;
            }
            if (mode == "auto")
            {
                var host = string.IsNullOrEmpty(HostLibStdCxx) ? ElfVersions.FindHostLibStdCxx() : HostLibStdCxx;
                if (host == null)
                {
                    Log.LogMessage(MessageImportance.Low, "No host libstdc++.so.6 found; TorchSharp's library left untouched.");
                    return true;
                }
                if (ElfVersions.DefinesVersion(host, VersionName))
                {
                    Log.LogMessage(MessageImportance.Low, $"{host} defines {VersionName}; TorchSharp's library left untouched.");
                    return true;
                }
            }
            foreach (var library in libraries)
            {
                switch (ElfVersions.MarkVersionNeedWeak(library, VersionName))
                {
                    case PatchResult.Patched:
                        Log.LogMessage(MessageImportance.Normal, $"Marked the {VersionName} need of {library} as weak (host libstdc++ lacks it).");
                        break;
                    case PatchResult.NotNeeded:
                        Log.LogMessage(MessageImportance.Low, $"{library} does not need {VersionName}.");
                        break;
                }
            }
            return !Log.HasLoggedErrors;
        }
    }

    public enum PatchResult { Patched, AlreadyWeak, NotNeeded }

    /// <summary>Reads and edits the GNU symbol-versioning sections of 64-bit little-endian ELF files.</summary>
    public static class ElfVersions
    {
        const uint ShtGnuVerdef = 0x6ffffffd;
        const uint ShtGnuVerneed = 0x6ffffffe;
        const ushort VerFlgWeak = 0x2;

        static readonly string[] LibraryFolders =
        {
            "/lib/x86_64-linux-gnu", "/usr/lib/x86_64-linux-gnu", "/lib/aarch64-linux-gnu", "/usr/lib/aarch64-linux-gnu",
            "/lib64", "/usr/lib64", "/lib", "/usr/lib",
        };

        /// <summary>The libstdc++.so.6 the dynamic loader would most likely pick, or null.</summary>
        public static string? FindHostLibStdCxx()
        {
            var fromEnvironment = (Environment.GetEnvironmentVariable("LD_LIBRARY_PATH") ?? "")
                .Split(new[] { ':' }, StringSplitOptions.RemoveEmptyEntries);
            return fromEnvironment.Concat(LibraryFolders)
                .Select(folder => Path.Combine(folder, "libstdc++.so.6"))
                .FirstOrDefault(File.Exists);
        }

        /// <summary>True when the shared library defines the symbol version (its .gnu.version_d lists it).</summary>
        public static bool DefinesVersion(string path, string version)
        {
            var elf = new ElfImage(path, File.ReadAllBytes(path));
            foreach (var section in elf.Sections.Where(s => s.Type == ShtGnuVerdef))
            {
                long entry = section.Offset;
                for (uint i = 0; i < section.Info; i++)
                {
                    uint aux = elf.U32(entry + 12), next = elf.U32(entry + 16);
                    if (elf.String(section.Link, elf.U32(entry + aux)) == version) return true;
                    if (next == 0) break;
                    entry += next;
                }
            }
            return false;
        }

        /// <summary>The version needs of the library: (file, version name, flags) for every Vernaux entry.</summary>
        public static IEnumerable<(string File, string Version, ushort Flags, long FlagsOffset)> VersionNeeds(string path) =>
            VersionNeeds(new ElfImage(path, File.ReadAllBytes(path)));

        static IEnumerable<(string File, string Version, ushort Flags, long FlagsOffset)> VersionNeeds(ElfImage elf)
        {
            foreach (var section in elf.Sections.Where(s => s.Type == ShtGnuVerneed))
            {
                long need = section.Offset;
                for (uint i = 0; i < section.Info; i++)
                {
                    ushort count = elf.U16(need + 2);
                    string file = elf.String(section.Link, elf.U32(need + 4));
                    long aux = need + elf.U32(need + 8);
                    for (int j = 0; j < count; j++)
                    {
                        yield return (file, elf.String(section.Link, elf.U32(aux + 8)), elf.U16(aux + 4), aux + 4);
                        uint nextAux = elf.U32(aux + 12);
                        if (nextAux == 0) break;
                        aux += nextAux;
                    }
                    uint next = elf.U32(need + 12);
                    if (next == 0) break;
                    need += next;
                }
            }
        }

        /// <summary>Sets VER_FLG_WEAK on the need for <paramref name="version"/>; idempotent, touches two bytes.</summary>
        public static PatchResult MarkVersionNeedWeak(string path, string version)
        {
            var elf = new ElfImage(path, File.ReadAllBytes(path));
            var targets = VersionNeeds(elf).Where(n => n.Version == version).ToList();
            if (targets.Count == 0) return PatchResult.NotNeeded;
            if (targets.All(t => (t.Flags & VerFlgWeak) != 0)) return PatchResult.AlreadyWeak;
            using (var stream = new FileStream(path, FileMode.Open, FileAccess.Write))
            {
                foreach (var target in targets)
                {
                    ushort flags = (ushort)(target.Flags | VerFlgWeak);
                    stream.Position = target.FlagsOffset;
                    stream.WriteByte((byte)(flags & 0xff));
                    stream.WriteByte((byte)(flags >> 8));
                }
            }
            return PatchResult.Patched;
        }

        sealed class Section
        {
            public uint Type, Link, Info;
            public long Offset, Size;
        }

        sealed class ElfImage
        {
            readonly string path;
            readonly byte[] bytes;
            public readonly List<Section> Sections = new List<Section>();

            public ElfImage(string path, byte[] bytes)
            {
                this.path = path;
                this.bytes = bytes;
                if (bytes.Length < 64 || bytes[0] != 0x7f || bytes[1] != (byte)'E' || bytes[2] != (byte)'L' || bytes[3] != (byte)'F')
                    throw new InvalidDataException($"{path}: not an ELF file.");
                if (bytes[4] != 2 || bytes[5] != 1)
                    throw new InvalidDataException($"{path}: only 64-bit little-endian ELF files are supported.");
                long sectionTable = (long)U64(0x28);
                int entrySize = U16(0x3A), count = U16(0x3C);
                for (int i = 0; i < count; i++)
                {
                    long at = sectionTable + (long)i * entrySize;
                    Sections.Add(new Section
                    {
                        Type = U32(at + 4), Offset = (long)U64(at + 24), Size = (long)U64(at + 32),
                        Link = U32(at + 40), Info = U32(at + 44),
                    });
                }
            }

            void Check(long at, int size)
            {
                if (at < 0 || at + size > bytes.Length)
                    throw new InvalidDataException($"{path}: ELF structure points past the end of the file (offset {at}).");
            }

            public ushort U16(long at) { Check(at, 2); return (ushort)(bytes[at] | bytes[at + 1] << 8); }
            public uint U32(long at) { Check(at, 4); return (uint)(U16(at) | U16(at + 2) << 16); }
            public ulong U64(long at) => U32(at) | (ulong)U32(at + 4) << 32;

            public string String(uint tableIndex, uint offset)
            {
                if (tableIndex >= Sections.Count) throw new InvalidDataException($"{path}: bad string table index {tableIndex}.");
                long start = Sections[(int)tableIndex].Offset + offset, end = start;
                while (end < bytes.Length && bytes[end] != 0) end++;
                Check(start, (int)(end - start));
                return System.Text.Encoding.ASCII.GetString(bytes, (int)start, (int)(end - start));
            }
        }
    }
}

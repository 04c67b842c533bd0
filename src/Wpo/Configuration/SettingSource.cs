namespace Wpo.Configuration;

/// <summary>Where a recipe setting's value came from.</summary>
public enum SettingSource
{
    /// <summary>Not set: the built-in default.</summary>
    Default,
    /// <summary>The recipe file.</summary>
    File,
    /// <summary>A <c>--key value</c> override on the command line.</summary>
    Flag,
}

/// <summary>One setting as a run resolved it: its key, its value as text, and where the value came from.</summary>
public sealed record ResolvedSetting(string Key, string Value, SettingSource Source);

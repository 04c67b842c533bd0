namespace Wpo.Tests;

/// <summary>Golden theories enumerate their folder, and skip with a message naming it when it is absent.</summary>
public sealed class SharedFoldersTests
{
    static string[] Cases(TheoryData<string> data) => data.Select(row => row.Data).ToArray();

    [Fact]
    public void A_present_golden_folder_gives_one_case_per_subfolder_in_order()
    {
        using var folder = new TemporaryFolder();
        Directory.CreateDirectory(Path.Combine(folder.Path, "qwen2"));
        Directory.CreateDirectory(Path.Combine(folder.Path, "gemma"));
        folder.File("cases.json", "{}");

        Assert.Equal(["gemma", "qwen2"], Cases(SharedFolders.CasesIn(folder.Path)));
    }

    [Fact]
    public void An_absent_golden_folder_gives_one_case_instead_of_a_theory_without_data()
    {
        using var folder = new TemporaryFolder();
        Assert.Equal([SharedFolders.AbsentCase], Cases(SharedFolders.CasesIn(Path.Combine(folder.Path, "models"))));
    }
}

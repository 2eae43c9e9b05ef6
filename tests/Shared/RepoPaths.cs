namespace ReRanker.Tests.Shared;

/// <summary>Locates files of this repository from a test's output folder, so tests never depend on the working directory.</summary>
internal static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string Corpus(string file) => Path.Combine(Root, "tests", "data", "slurp-nbest", file);

    public static string BuiltInRegistry => Path.Combine(Root, "deploy", "registry");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ReRanker.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No ReRanker.sln above {AppContext.BaseDirectory}.");
    }
}

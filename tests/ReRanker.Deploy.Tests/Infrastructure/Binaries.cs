using System.Reflection;

namespace ReRanker.Deploy.Tests.Infrastructure;

/// <summary>
/// The service and trainer the end-to-end tests run. By default the build output of this test build
/// (the project references build both first); with RERANKER_PUBLISH_DIR set (.ci/run sets it) the
/// output of deploy/publish.sh, i.e. exactly what the Dockerfile ships.
/// </summary>
internal static class Binaries
{
    public static string ApiDll => Resolve("api", "ReRanker.Api.dll", "ApiDll");

    public static string TrainerDll => Resolve("trainer", "reranker-train.dll", "TrainerDll");

    private static string Resolve(string publishFolder, string file, string metadataKey)
    {
        var publishDir = Environment.GetEnvironmentVariable("RERANKER_PUBLISH_DIR");
        var path = string.IsNullOrEmpty(publishDir)
            ? typeof(Binaries).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == metadataKey).Value!
            : Path.GetFullPath(Path.Combine(publishDir, publishFolder, file), ReRanker.Tests.Shared.RepoPaths.Root);
        return File.Exists(path) ? path : throw new FileNotFoundException($"{file} not found (build or publish first)", path);
    }
}

using System.Net.Http.Json;
using System.Text.Json;
using ReRanker.Api.Tests.Support;
using ReRanker.Tests.Shared;

namespace ReRanker.Api.Tests.Operations;

/// <summary>
/// The README's first command, <c>dotnet run --project src/ReRanker.Api</c>: it runs the service from the project's
/// folder with the environment of Properties/launchSettings.json. Started the same way here, the service serves the
/// repository's deploy/registry itself (not a copy), and its first lines say so.
/// </summary>
public sealed class LaunchProfileTests
{
    private static readonly string ProjectFolder = Path.Combine(RepoPaths.Root, "src", "ReRanker.Api");

    [Fact]
    public async Task Run_from_the_repository_the_service_serves_deploy_registry_itself_and_says_so_first()
    {
        await using var service = await RunningService.StartAsync(registryPath: null, LaunchEnvironment(), workingDirectory: ProjectFolder);
        using var client = new HttpClient { BaseAddress = service.BaseAddress };

        var status = await client.GetFromJsonAsync<JsonElement>("/v1/registry/status");

        status.GetProperty("source").GetString().Should().Be("local:" + RepoPaths.BuiltInRegistry);
        var lines = service.Output.ToList();
        var serving = lines.FindIndex(l => l.Contains("Weight registry: serving", StringComparison.Ordinal));
        serving.Should().BeGreaterThanOrEqualTo(0, string.Join('\n', lines));
        lines[serving].Should().Contain(RepoPaths.BuiltInRegistry);
        serving.Should().BeLessThan(lines.FindIndex(l => l.Contains("Swagger UI at", StringComparison.Ordinal)), "it is among the first lines, before the listening line");
    }

    // What dotnet run sets: the launch profile's environment variables.
    private static Dictionary<string, string> LaunchEnvironment()
    {
        using var settings = JsonDocument.Parse(File.ReadAllText(Path.Combine(ProjectFolder, "Properties", "launchSettings.json")));
        var profile = settings.RootElement.GetProperty("profiles").EnumerateObject().Single().Value;
        return profile.GetProperty("environmentVariables").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!);
    }
}

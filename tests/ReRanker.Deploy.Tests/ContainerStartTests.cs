using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using ReRanker.Deploy.Tests.Infrastructure;
using ReRanker.Tests.Shared;

namespace ReRanker.Deploy.Tests;

/// <summary>
/// The service started exactly as the image starts it (working folder, ENTRYPOINT and ENV read from the Dockerfile,
/// the published output in the image's layout): its settings load, so it logs its start-up and its requests.
/// </summary>
public sealed class ContainerStartTests
{
    private static readonly IReadOnlyList<DockerStage> Stages = Dockerfile.ReadStages(Path.Combine(RepoPaths.Root, "Dockerfile"));

    [Fact]
    public async Task Started_as_the_image_starts_it_the_service_logs_its_start_up_and_its_requests()
    {
        var port = ApiServer.FreeLoopbackPort();
        using var image = ContainerLayout.Of(Stages, "api", port);
        image.Entrypoint[0].Should().Be("dotnet", "the image runs the framework-dependent dll with the runtime's dotnet");

        await using var server = await ApiServer.StartProcessAsync(image.Entrypoint[0], image.Entrypoint.Skip(1), image.Environment, image.WorkingDirectory, port);
        var example = await File.ReadAllTextAsync(Path.Combine(RepoPaths.Root, "src", "ReRanker.Api", "Swagger", "rerank-example.json"));
        using var response = await server.Client.PostAsync(new Uri("/v1/rerank", UriKind.Relative), new StringContent(example, Encoding.UTF8, "application/json"));

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var events = await WaitForAsync(server, e => Rendered(e).Contains("/v1/rerank", StringComparison.Ordinal) && Rendered(e).Contains("200", StringComparison.Ordinal));
        events.Should().Contain(e => Rendered(e).Contains("Swagger UI at", StringComparison.Ordinal), "the start-up lines are logged");
        events.Should().Contain(e => Rendered(e).Contains(image.Under("/registry"), StringComparison.Ordinal), "the registry is the image's /registry");
        // Settings load from the content root (the working folder): it must be the folder that holds appsettings.json.
        var contentRoot = events.Select(e => e.TryGetProperty("ContentRoot", out var root) ? root.GetString() : null).Single(r => r is not null);
        File.Exists(Path.Combine(contentRoot!, "appsettings.json")).Should().BeTrue($"the content root {contentRoot} holds the service's settings");
    }

    /// <summary>The JSON log events so far, once one matches <paramref name="until"/> (log lines are written in the background), bounded.</summary>
    private static async Task<List<JsonElement>> WaitForAsync(ApiServer server, Func<JsonElement, bool> until)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var events = server.Log.Split('\n', StringSplitOptions.RemoveEmptyEntries)
                .Where(l => l.StartsWith('{'))
                .Select(l => JsonDocument.Parse(l).RootElement)
                .ToList();
            if (events.Any(until) || clock.Elapsed > TimeSpan.FromSeconds(10))
            {
                events.Should().Contain(e => until(e), $"the request is logged; the service wrote:\n{server.Log}");
                return events;
            }

            await Task.Delay(100);
        }
    }

    // Compact JSON: the template and the properties, which is what a log reader searches.
    private static string Rendered(JsonElement logEvent) => logEvent.ToString();
}

using System.Diagnostics;
using System.Text.Json;
using ReRanker.Deploy.Tests.Infrastructure;
using ReRanker.Tests.Shared;
using ReRanker.Tests.Shared.Registry;

namespace ReRanker.Deploy.Tests;

/// <summary>
/// One definition of "served", checked on the real programs: on the hostile folders of <see cref="HostileRegistry"/>,
/// <c>reranker-train evaluate --format json</c>'s <c>registry</c> section equals what the running service reports in
/// <c>/v1/registry/status</c>, and both equal the served rule's answer.
/// </summary>
public sealed class ServedAgreementTests : IDisposable
{
    private readonly string _base = Directory.CreateTempSubdirectory("reranker-agreement-").FullName;

    public void Dispose() => Directory.Delete(_base, recursive: true);

    [Fact]
    public async Task The_trainers_evaluate_and_the_services_status_name_the_same_served_versions_of_hostile_folders()
    {
        var root = Directory.CreateDirectory(Path.Combine(_base, "root")).FullName;
        var expected = HostileRegistry.Create(root, Directory.CreateDirectory(Path.Combine(_base, "outside")).FullName)
            .Where(e => e.Value is not null).ToDictionary(e => e.Key, e => e.Value!.Value, StringComparer.Ordinal);
        await using var server = await ApiServer.StartAsync(root, "agreement-admin-key-0123456789", new Dictionary<string, string>
        {
            ["RERANKER__Registry__HalfWrittenRetryWindow"] = "00:00:00.300",
        });
        var service = await SettledServedVersionsAsync(server);

        // stdout only: the report; the warnings about every refused file go to stderr.
        using var evaluate = Process.Start(ProcessRunner.StartInfo(
            "dotnet", [Binaries.TrainerDll, "evaluate", "--data", RepoPaths.Corpus("test.jsonl"), "--registry", root, "--format", "json"]))!;
        var errors = evaluate.StandardError.ReadToEndAsync();
        var output = await evaluate.StandardOutput.ReadToEndAsync().WaitAsync(TimeSpan.FromMinutes(2));
        await evaluate.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(1));

        evaluate.ExitCode.Should().Be(0, await errors);
        using var report = JsonDocument.Parse(output);
        var trainer = report.RootElement.GetProperty("registry").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt32(), StringComparer.Ordinal);
        trainer.Should().Equal(service);
        service.Should().Equal(expected);
    }

    private static async Task<Dictionary<string, int>> SettledServedVersionsAsync(ApiServer server)
    {
        for (var attempt = 0; attempt < 100; attempt++)
        {
            using var status = JsonDocument.Parse(await server.Client.GetStringAsync(new Uri("/v1/registry/status", UriKind.Relative)));
            var domains = status.RootElement.GetProperty("domains").EnumerateArray().ToList();
            if (domains.All(d => d.GetProperty("changing").GetArrayLength() == 0))
            {
                return domains.Where(d => d.GetProperty("servedVersion").ValueKind == JsonValueKind.Number)
                    .ToDictionary(d => d.GetProperty("domain").GetString()!, d => d.GetProperty("servedVersion").GetInt32(), StringComparer.Ordinal);
            }

            await Task.Delay(100);
        }

        throw new TimeoutException("the service's files did not all get their verdict within 10 s");
    }
}

using System.Text.Json;
using Microsoft.Playwright;
using ReRanker.Api.Tests.Support;

namespace ReRanker.Api.Tests.Browser;

/// <summary>A person's path through Swagger UI in a real headless Chromium: open, expand rerank, try the example.</summary>
public sealed class SwaggerUiBrowserTests : IDisposable
{
    private static readonly string[] ChromiumArgs =
        ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"];

    private readonly string _root = HandMadeWeights.TemporaryRegistry(HandMadeWeights.For("play"), HandMadeWeights.For("music", bias: -2));

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [ChromiumFact]
    public async Task Swagger_ui_runs_the_example_rerank_and_shows_a_200_with_ranked_results()
    {
        await using var service = await RunningService.StartAsync(_root);
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = TestEnvironment.ChromiumPath,
            Headless = true,
            Args = ChromiumArgs,
        });
        var page = await browser.NewPageAsync();
        page.SetDefaultTimeout(30_000);

        await page.GotoAsync(new Uri(service.BaseAddress, "/swagger").ToString());
        await page.GetByText("/v1/rerank", new PageGetByTextOptions { Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Try it out" }).ClickAsync();
        var response = await page.RunAndWaitForResponseAsync(
            () => page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Execute" }).ClickAsync(),
            r => r.Url.EndsWith("/v1/rerank", StringComparison.Ordinal) && r.Request.Method == "POST");

        response.Status.Should().Be(200);
        using var body = JsonDocument.Parse(await response.BodyAsync());
        var results = body.RootElement.GetProperty("results").EnumerateArray().ToArray();
        results.Select(r => r.GetProperty("rank").GetInt32()).Should().Equal(Enumerable.Range(1, results.Length));
        results.Should().HaveCountGreaterThan(1);
        // And the page shows it to the person: the live response table with status 200 and the ranked body.
        var live = page.Locator(".live-responses-table");
        await Assertions.Expect(live.Locator("tr.response .response-col_status").First).ToContainTextAsync("200");
        await Assertions.Expect(live).ToContainTextAsync("\"rank\": 1");
    }
}

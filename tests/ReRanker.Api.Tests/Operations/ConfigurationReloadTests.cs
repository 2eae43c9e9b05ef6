using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.FileProviders;
using ReRanker.Api.Hosting;

namespace ReRanker.Api.Tests.Operations;

/// <summary>The appsettings files reload by polling them, not by a watcher on the content root's tree (which holds the decision log's default folder).</summary>
public class ConfigurationReloadTests
{
    [Fact]
    public void Every_appsettings_file_that_reloads_on_change_is_polled_not_watched()
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });

        builder.AddReRankerConfiguration([]);

        var files = builder.Configuration.Sources.OfType<FileConfigurationSource>().Where(s => s.ReloadOnChange).ToList();
        files.Should().NotBeEmpty("appsettings.json reloads on change by default");
        // UseActivePolling, not UsePollingFileWatcher: that getter answers false once the provider has made its watcher, polling or not.
        files.Should().AllSatisfy(s => s.FileProvider.Should().BeOfType<PhysicalFileProvider>().Which.UseActivePolling.Should().BeTrue());
    }

    [Fact]
    public async Task A_changed_appsettings_file_is_still_picked_up()
    {
        var root = Directory.CreateTempSubdirectory("reranker-config-").FullName;
        try
        {
            await File.WriteAllTextAsync(Path.Combine(root, "appsettings.json"), """{"Probe":"before"}""");
            var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = root });
            builder.AddReRankerConfiguration([]);
            builder.Configuration["Probe"].Should().Be("before");

            await File.WriteAllTextAsync(Path.Combine(root, "appsettings.json"), """{"Probe":"after"}""");
            File.SetLastWriteTimeUtc(Path.Combine(root, "appsettings.json"), DateTime.UtcNow.AddSeconds(5));

            var deadline = DateTime.UtcNow.AddSeconds(20);
            while (builder.Configuration["Probe"] != "after" && DateTime.UtcNow < deadline)
            {
                await Task.Delay(100);
            }

            builder.Configuration["Probe"].Should().Be("after");
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}

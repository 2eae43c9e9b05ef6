using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ReRanker.Api.Tests.Support;
using ReRanker.Tests.Shared.Registry;

namespace ReRanker.Api.Tests.RegistryApi;

/// <summary>
/// Storage that fails for real, under the real service (a separate process): a full file system (a tmpfs filled up)
/// answers 507 and a read-only one 409, both naming storage and leaving nothing half-made; a file the service may not
/// read is refused on its own. The tmpfs lives in a private mount namespace (<c>unshare</c>), so nothing outside the
/// service's process sees it; the unreadable file is tried with the file-permission capabilities dropped (<c>setpriv</c>),
/// because root reads anything.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class StorageFailureTests : IDisposable
{
    private const string AdminKey = "storage-test-admin-key-0123456789";

    // Mounts a small tmpfs on $1, copies the registry $2 into it, then makes it full or read-only ($3), then runs the service.
    private const string Script = """
        set -e
        mount -t tmpfs -o size=512k tmpfs "$1"
        cp -r "$2"/. "$1"/
        if [ "$3" = full ]; then dd if=/dev/zero of="$1/.filler" bs=4k 2>/dev/null || true; fi
        if [ "$3" = read-only ]; then mount -o remount,ro "$1"; fi
        shift 3
        exec "$@"
        """;

    private readonly string _base = Directory.CreateTempSubdirectory("reranker-storage-").FullName;

    public void Dispose() => Directory.Delete(_base, recursive: true);

    [Fact]
    public async Task On_a_full_file_system_an_upload_is_507_naming_storage_and_a_new_domain_leaves_no_folder()
    {
        await using var service = await StartOnTmpfsAsync("full");
        using var client = Client(service);

        var existing = await client.PutAsync("/v1/domains/music/weights", Requests.Json(HostileRegistry.Bytes("music", 1)));
        var fresh = await client.PutAsync("/v1/domains/newdomain/weights", Requests.Json(HostileRegistry.Bytes("newdomain", 1)));

        (await existing.ShouldNameFieldAsync("source", HttpStatusCode.InsufficientStorage)).Single().Should().Contain("full");
        await fresh.ShouldNameFieldAsync("source", HttpStatusCode.InsufficientStorage);
        (await client.GetAsync("/v1/domains/newdomain")).StatusCode.Should().Be(HttpStatusCode.NotFound, "no empty folder was left behind");
        (await client.GetFromJsonAsync<JsonElement>("/v1/domains/music")).GetProperty("servedVersion").GetInt32().Should().Be(1);
    }

    [Fact]
    public async Task On_a_read_only_file_system_an_upload_is_409_naming_storage()
    {
        await using var service = await StartOnTmpfsAsync("read-only");
        using var client = Client(service);

        var upload = await client.PutAsync("/v1/domains/music/weights", Requests.Json(HostileRegistry.Bytes("music", 1)));

        (await upload.ShouldNameFieldAsync("source", HttpStatusCode.Conflict)).Single().Should().Contain("read-only");
        (await client.GetFromJsonAsync<JsonElement>("/v1/domains/music")).GetProperty("servedVersion").GetInt32().Should().Be(1);
    }

    [Fact]
    public async Task A_file_the_service_may_not_read_is_refused_on_its_own_and_the_rest_is_served()
    {
        var root = Seed();
        File.WriteAllBytes(Path.Combine(root, "music", "2.json"), HostileRegistry.Bytes("music", 2));
        File.SetUnixFileMode(Path.Combine(root, "music", "2.json"), UnixFileMode.None);
        await using var service = await RunningService.StartAsync(root, Settings(), ["setpriv", "--bounding-set", "-dac_override,-dac_read_search"]);
        using var client = Client(service);

        JsonElement music = default;
        for (var attempt = 0; attempt < 100 && music.ValueKind == JsonValueKind.Undefined; attempt++)
        {
            var status = await client.GetFromJsonAsync<JsonElement>("/v1/registry/status");
            var domain = status.GetProperty("domains").EnumerateArray().Single(d => d.GetProperty("domain").GetString() == "music");
            music = domain.GetProperty("errors").GetArrayLength() > 0 ? domain : default;
            await Task.Delay(100);
        }

        music.GetProperty("servedVersion").GetInt32().Should().Be(1);
        music.GetProperty("errors")[0].GetProperty("reason").GetString().Should().Contain("Permission denied");
    }

    private async Task<RunningService> StartOnTmpfsAsync(string mode)
    {
        var mount = Directory.CreateDirectory(Path.Combine(_base, "mnt")).FullName;
        return await RunningService.StartAsync(mount, Settings(), ["unshare", "--mount", "--propagation", "private", "sh", "-c", Script, "sh", mount, Seed(), mode]);
    }

    private string Seed()
    {
        var root = Path.Combine(_base, "seed");
        Directory.CreateDirectory(Path.Combine(root, "music"));
        File.WriteAllBytes(Path.Combine(root, "music", "1.json"), HostileRegistry.Bytes("music", 1));
        return root;
    }

    private static Dictionary<string, string> Settings() => new() { ["RERANKER__Admin__ApiKey"] = AdminKey };

    private static HttpClient Client(RunningService service)
    {
        var client = new HttpClient { BaseAddress = service.BaseAddress, Timeout = TimeSpan.FromSeconds(10) };
        client.DefaultRequestHeaders.Add("X-Api-Key", AdminKey);
        return client;
    }
}

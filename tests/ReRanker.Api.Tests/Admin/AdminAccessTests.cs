using System.Net;
using ReRanker.Api.Infrastructure;
using ReRanker.Api.Tests.Support;

namespace ReRanker.Api.Tests.Admin;

/// <summary>Who may call the admin endpoints: nobody without a configured key, only holders of the key otherwise.</summary>
public sealed class AdminAccessTests
{
    public static TheoryData<string, string> AdminCalls => new()
    {
        { "PUT", "/v1/domains/music/weights" },
        { "POST", "/v1/registry/reload" },
    };

    [Theory]
    [MemberData(nameof(AdminCalls))]
    public async Task Without_a_configured_key_admin_endpoints_are_404(string method, string path)
    {
        using var factory = new ApiFactory();
        var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = Requests.Json(HandMadeWeights.Bytes("music")) };
        request.Headers.Add("X-Api-Key", "anything-at-all-long-enough");

        var response = await factory.CreateClient().SendAsync(request);

        await response.ShouldBeProblemAsync(HttpStatusCode.NotFound);
        factory.Registry.Reloads.Should().Be(0);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("wrong-key-0123456789")]
    [InlineData(ApiFactory.AdminKey + "x")]
    public async Task A_missing_or_wrong_key_is_401(string? key)
    {
        using var factory = ApiFactory.WithAdmin();
        var request = new HttpRequestMessage(HttpMethod.Post, "/v1/registry/reload");
        if (key is not null)
        {
            request.Headers.TryAddWithoutValidation("X-Api-Key", key);
        }

        var response = await factory.CreateClient().SendAsync(request);

        await response.ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
        response.Headers.WwwAuthenticate.Should().NotBeEmpty();
        factory.Registry.Reloads.Should().Be(0);
    }

    [Fact]
    public async Task The_right_key_forces_a_rescan()
    {
        using var factory = ApiFactory.WithAdmin();
        var request = new HttpRequestMessage(HttpMethod.Post, "/v1/registry/reload");
        request.Headers.Add("X-Api-Key", ApiFactory.AdminKey);

        var response = await factory.CreateClient().SendAsync(request);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        factory.Registry.Reloads.Should().Be(1);
    }

    [Fact]
    public void Key_comparison_accepts_only_the_exact_key()
    {
        ApiKeyFilter.KeysMatch("abcdefghijklmnop", "abcdefghijklmnop").Should().BeTrue();
        ApiKeyFilter.KeysMatch("abcdefghijklmnoP", "abcdefghijklmnop").Should().BeFalse();
        ApiKeyFilter.KeysMatch("abcdefghijklmno", "abcdefghijklmnop").Should().BeFalse();
        ApiKeyFilter.KeysMatch(null, "abcdefghijklmnop").Should().BeFalse();
    }

    [Fact]
    public void A_short_key_is_refused_at_start_up_with_a_clear_message()
    {
        using var factory = new ApiFactory(settings: new() { ["Admin:ApiKey"] = "short" });

        var start = () => factory.CreateClient();

        start.Should().Throw<Microsoft.Extensions.Options.OptionsValidationException>().WithMessage("*Admin:ApiKey must be at least 16 characters*");
    }
}

using Microsoft.Extensions.Options;
using ReRanker.Api.DecisionLog;
using ReRanker.Api.Tests.Support;

namespace ReRanker.Api.Tests.DecisionLog;

/// <summary>The HMAC key: generated once at first start (0600, beside the log folder, never inside), or taken from configuration.</summary>
public sealed class DecisionLogKeyTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("reranker-key-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void A_key_is_generated_at_first_start_with_owner_only_permissions_and_reused_after()
    {
        var options = new DecisionLogOptions { Path = Path.Combine(_root, "log") };

        var (first, generated) = DecisionLogKey.Load(options);
        var (second, again) = DecisionLogKey.Load(options);

        generated.Should().BeTrue();
        again.Should().BeFalse();
        second.Should().Equal(first);
        first.Should().HaveCount(32);
        options.ResolvedKeyFile.Should().Be(Path.Combine(_root, "log.hmac-key"));
        if (!OperatingSystem.IsWindows())
        {
            File.GetUnixFileMode(options.ResolvedKeyFile).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        Directory.GetFiles(_root).Should().ContainSingle("no temporary file is left behind");
    }

    [Fact]
    public void A_configured_key_is_used_and_nothing_is_written()
    {
        var key = Convert.ToBase64String(Enumerable.Range(0, 32).Select(i => (byte)i).ToArray());
        var options = new DecisionLogOptions { Path = Path.Combine(_root, "log"), HmacKey = key };

        DecisionLogKey.Load(options).Key.Should().Equal(Convert.FromBase64String(key));
        File.Exists(options.ResolvedKeyFile).Should().BeFalse();
    }

    [Fact]
    public void Hashes_are_equal_for_equal_values_differ_across_keys_and_never_show_the_value()
    {
        using var a = new HmacSlotValues(new byte[32]);
        using var b = new HmacSlotValues(Enumerable.Repeat((byte)1, 32).ToArray());

        a.Hash("mary poppins").Should().Be(a.Hash("mary poppins")).And.MatchRegex("^hmac:[A-Za-z0-9_-]{22}$");
        a.Hash("mary poppins").Should().NotBe(a.Hash("Mary Poppins"));
        b.Hash("mary poppins").Should().NotBe(a.Hash("mary poppins"));
        a.KeyId.Should().NotBe(b.KeyId).And.MatchRegex("^[0-9a-f]{16}$");
        a.Hash(new string('é', 5000)).Should().StartWith("hmac:", "long values hash from a pooled buffer");
    }

    [Theory]
    [InlineData("DecisionLog:HmacKey", "c2hvcnQ=", "DecisionLog:HmacKey")]
    [InlineData("DecisionLog:HmacKey", "not base64!", "DecisionLog:HmacKey")]
    [InlineData("DecisionLog:ReplicaId", "../x", "DecisionLog:ReplicaId")]
    [InlineData("DecisionLog:FlushInterval", "00:00:02", "DecisionLog:FlushInterval")]
    [InlineData("DecisionLog:QueueCapacity", "0", "DecisionLog:QueueCapacity")]
    [InlineData("DecisionLog:SegmentMaxBytes", "10", "DecisionLog:SegmentMaxBytes")]
    [InlineData("DecisionLog:RetentionAge", "00:00:10", "DecisionLog:RetentionAge")]
    public void A_bad_setting_fails_start_up_naming_it_and_never_showing_the_key(string key, string value, string named)
    {
        using var factory = new ApiFactory(settings: new() { [key] = value });

        var start = () => factory.CreateClient();

        var message = start.Should().Throw<OptionsValidationException>().Which.Message;
        message.Should().Contain(named).And.NotContain(value == "c2hvcnQ=" ? value : "\u0000");
    }

    [Fact]
    public void A_key_file_inside_the_log_folder_is_refused_at_start_up()
    {
        var log = Path.Combine(_root, "log");
        using var factory = new ApiFactory(settings: new() { ["DecisionLog:Path"] = log, ["DecisionLog:HmacKeyFile"] = Path.Combine(log, "key") });

        var start = () => factory.CreateClient();

        start.Should().Throw<OptionsValidationException>().Which.Message.Should().Contain("DecisionLog:HmacKeyFile");
    }
}

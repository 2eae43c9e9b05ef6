using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using ReRanker.Registry;

namespace ReRanker.Registry.Tests;

/// <summary>The index document format of docs/registry.md: what is accepted, what becomes an error, what throws.</summary>
public sealed class HttpIndexDocumentTests
{
    private static readonly Uri Index = new("http://127.0.0.1:5000/registry/index.json");
    private static readonly string Sha = new('a', 64);

    [Fact]
    public void Entries_resolve_relative_to_the_index_and_pins_are_read()
    {
        var listing = Parse("""{"domains":{"music":[{"version":2,"url":"music/2.json","sha256":"SHA"}]},"pinned":{"music":2}}""");

        var music = listing.Domains.Should().ContainSingle().Subject;
        music.Pin.Version.Should().Be(2);
        music.Problems.Should().BeEmpty();
        var version = music.Versions.Should().ContainSingle().Subject;
        version.Location.Should().Be("http://127.0.0.1:5000/registry/music/2.json");
        version.ExpectedSha256.Should().Be(Sha);
    }

    [Theory]
    [InlineData("""{"version":0,"url":"m/0.json","sha256":"SHA"}""", "version must be a version number")]
    [InlineData("""{"version":1,"url":"m/1.json","sha256":"ABC"}""", "sha256 must be 64 lower-case hex digits")]
    [InlineData("""{"version":1,"url":"/elsewhere/1.json","sha256":"SHA"}""", "resolves outside the index's folder")]
    [InlineData("""{"version":1,"url":"https://127.0.0.1:5000/registry/1.json","sha256":"SHA"}""", "resolves outside")]
    [InlineData("""{"version":1,"url":"m/1.json?x=1","sha256":"SHA"}""", "resolves outside")]
    [InlineData("\"m/1.json\"", "must be an object")]
    public void A_bad_entry_is_a_problem_of_its_domain_not_a_failure_of_the_index(string entry, string reason)
    {
        var listing = Parse("""{"domains":{"music":[""" + entry + "]}}");

        var music = listing.Domains.Should().ContainSingle().Subject;
        music.Versions.Should().BeEmpty();
        music.Problems.Should().ContainSingle().Which.Reason.Should().Contain(reason);
        music.Problems[0].File.Should().Be($"{Index}#domains.music[0]");
    }

    [Fact]
    public void A_version_listed_twice_keeps_the_first_entry()
    {
        var listing = Parse("""{"domains":{"music":[{"version":1,"url":"a.json","sha256":"SHA"},{"version":1,"url":"b.json","sha256":"SHA"}]}}""");

        listing.Domains[0].Versions.Should().ContainSingle().Which.Location.Should().EndWith("/a.json");
        listing.Domains[0].Problems.Should().ContainSingle().Which.Reason.Should().Contain("listed twice");
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("""{"domain":{}}""")]
    [InlineData("""{"domains":[]}""")]
    public void An_index_without_a_domains_object_is_rejected_as_a_whole(string json)
    {
        var parse = () => Parse(json);

        parse.Should().Throw<FormatException>();
    }

    [Fact]
    public void Malformed_json_is_rejected_as_a_whole()
    {
        var parse = () => Parse("""{"domains":""");

        parse.Should().Throw<JsonException>();
    }

    /// <summary>Parses <paramref name="json"/> with every "SHA" replaced by a well-formed sha256.</summary>
    private static SourceListing Parse(string json) =>
        HttpIndexDocument.Parse(Encoding.UTF8.GetBytes(json.Replace("SHA", Sha, StringComparison.Ordinal)), Index, new IgnoredNames(NullLogger.Instance));
}

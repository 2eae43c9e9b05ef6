using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace ReRanker.Api.Tests.Support;

/// <summary>Request bodies for tests, built as JSON text so that tests can also send what no DTO could express.</summary>
internal static class Requests
{
    /// <summary>Two domains that disagree: music is the less confident by raw product but has weights.</summary>
    public static JsonObject Valid() => new()
    {
        ["requestId"] = "req-1",
        ["context"] = new JsonObject { ["deviceType"] = "speaker", ["hasScreen"] = false, ["hour"] = 20 },
        ["hypotheses"] = new JsonArray(
            Hypothesis("music", "play_music", 0.7, 0.8, 0.9, ("song", "mary poppins", 0.6)),
            Hypothesis("video", "play_video", 0.9, 0.95, 0.9, ("title", "mary poppins", 0.8)),
            Hypothesis("weather", "weather_query", 0.2, 0.5, 1.0)),
    };

    public static JsonObject Hypothesis(string domain, string intent, double domainScore, double intentScore, double slotScore, params (string Name, string Value, double Confidence)[] slots) => new()
    {
        ["domain"] = domain,
        ["intent"] = intent,
        ["slots"] = new JsonArray(slots.Select(s => (JsonNode)new JsonObject { ["name"] = s.Name, ["value"] = s.Value, ["confidence"] = s.Confidence }).ToArray()),
        ["domainScore"] = domainScore,
        ["intentScore"] = intentScore,
        ["slotScore"] = slotScore,
    };

    public static StringContent Json(JsonNode body) => Json(body.ToJsonString());

    public static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    public static ByteArrayContent Json(byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return content;
    }
}

using System.Text.Json;
using System.Text.Unicode;
using ReRanker.Core.Corpus;
using ReRanker.Core.Model;
using ReRanker.Core.Scoring;

namespace ReRanker.Core.DecisionLog;

/// <summary>Parses one line of <see cref="DecisionLogFormat"/>; anything invalid is a <see cref="CorpusFormatException"/> naming the field.</summary>
public static class DecisionLogParser
{
    public static LogRecord Parse(ReadOnlyMemory<byte> utf8Line, long lineNumber)
    {
        if (!Utf8.IsValid(utf8Line.Span))
        {
            throw new CorpusFormatException(lineNumber, "$", "is not valid UTF-8");
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(utf8Line);
        }
        catch (JsonException ex)
        {
            throw new CorpusFormatException(lineNumber, "$", $"not valid JSON ({ex.Message})");
        }

        using (document)
        {
            return Parse(document.RootElement, new CorpusJson(lineNumber));
        }
    }

    public static LogRecord Parse(string line, long lineNumber)
    {
        ArgumentNullException.ThrowIfNull(line);
        return Parse(System.Text.Encoding.UTF8.GetBytes(line), lineNumber);
    }

    private static LogRecord Parse(JsonElement root, CorpusJson json)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw json.Fail("$", "must be a JSON object");
        }

        var kind = json.String(root, "kind", "kind");
        if (!root.TryGetProperty("schema", out var schema) || !schema.TryGetInt32(out var version) || version != DecisionLogFormat.SchemaVersion)
        {
            throw json.Fail("schema", $"must be {DecisionLogFormat.SchemaVersion} (this reader's schema)");
        }

        var header = new LogRecordHeader(
            json.String(root, "requestId", "requestId"),
            Time(root, json),
            json.String(root, "replica", "replica"),
            json.String(root, "keyId", "keyId"));
        return kind switch
        {
            DecisionLogFormat.DecisionKind => Decision(root, json, header),
            DecisionLogFormat.FeedbackKind => Feedback(root, json, header),
            _ => throw json.Fail("kind", $"must be {DecisionLogFormat.DecisionKind} or {DecisionLogFormat.FeedbackKind}"),
        };
    }

    private static LoggedDecision Decision(JsonElement root, CorpusJson json, LogRecordHeader header)
    {
        var policy = json.String(root, "policy", "policy") switch
        {
            nameof(UnweightedDomainPolicy.Unweighted) => UnweightedDomainPolicy.Unweighted,
            nameof(UnweightedDomainPolicy.Reject) => UnweightedDomainPolicy.Reject,
            _ => throw json.Fail("policy", "must be Unweighted or Reject"),
        };
        var versions = new Dictionary<string, int?>(StringComparer.Ordinal);
        foreach (var property in json.Object(root, "versions", "versions").EnumerateObject())
        {
            if (!Text.JsonText.TryGetName(property, out var domain))
            {
                throw json.Fail("versions", $"a domain {Text.JsonText.NotTextMessage}");
            }

            versions[domain] = property.Value.ValueKind switch
            {
                JsonValueKind.Null => null,
                JsonValueKind.Number when property.Value.TryGetInt32(out var v) && v >= 0 => v,
                _ => throw json.Fail($"versions.{domain}", "must be a version number or null"),
            };
        }

        var context = json.Context(root);
        var hypotheses = json.Hypotheses(root);
        var ranking = new List<int>(hypotheses.Count);
        var served = new bool[hypotheses.Count];
        foreach (var element in json.Array(root, "ranking", "ranking").EnumerateArray())
        {
            if (!element.TryGetInt32(out var index) || index < 0 || index >= hypotheses.Count || served[index])
            {
                throw json.Fail($"ranking[{ranking.Count}]", "must be the index of a hypothesis, each at most once");
            }

            served[index] = true;
            ranking.Add(index);
        }

        return new LoggedDecision(header.RequestId, header.Time, header.Replica, header.KeyId, policy, versions, context, hypotheses, ranking);
    }

    private static LoggedFeedback Feedback(JsonElement root, CorpusJson json, LogRecordHeader header)
    {
        var name = json.String(root, "outcome", "outcome");
        if (!FeedbackOutcomes.TryParse(name, out var outcome))
        {
            throw json.Fail("outcome", $"must be one of {string.Join(", ", FeedbackOutcomes.Names)}");
        }

        var hasCorrection = root.TryGetProperty("correction", out _);
        if (hasCorrection != (outcome == FeedbackOutcome.Corrected))
        {
            throw json.Fail("correction", "comes with, and only with, the outcome corrected");
        }

        GoldInterpretation? correction = hasCorrection ? json.Interpretation(root, "correction") : null;
        return new LoggedFeedback(header.RequestId, header.Time, header.Replica, header.KeyId, outcome, correction);
    }

    private static DateTimeOffset Time(JsonElement root, CorpusJson json) =>
        root.TryGetProperty("time", out var e) && e.ValueKind == JsonValueKind.String && e.TryGetDateTimeOffset(out var time)
            ? time
            : throw json.Fail("time", "is required and must be an ISO 8601 date and time");
}

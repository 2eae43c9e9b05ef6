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
        if (!root.TryGetProperty("schema", out var schema) || !schema.TryGetInt32(out var version) || version is < 1 or > DecisionLogFormat.SchemaVersion)
        {
            throw json.Fail("schema", $"must be 1 to {DecisionLogFormat.SchemaVersion} (the schemas this reader knows)");
        }

        var header = new LogRecordHeader(
            json.String(root, "requestId", "requestId"),
            Time(root, json),
            json.String(root, "replica", "replica"),
            json.String(root, "keyId", "keyId"));
        return kind switch
        {
            DecisionLogFormat.DecisionKind => Decision(root, json, header, version),
            DecisionLogFormat.FeedbackKind => Feedback(root, json, header),
            _ => throw json.Fail("kind", $"must be {DecisionLogFormat.DecisionKind} or {DecisionLogFormat.FeedbackKind}"),
        };
    }

    private static LoggedDecision Decision(JsonElement root, CorpusJson json, LogRecordHeader header, int schema)
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
        var hypotheses = schema == 1 ? json.Hypotheses(root) : Hypotheses(root, json);
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

        return new LoggedDecision(header.RequestId, header.Time, header.Replica, header.KeyId, policy, versions, context, hypotheses, ranking)
        {
            Shadows = Shadows(root, json, hypotheses.Count),
        };
    }

    // Schema 2: [domain, intent, domainScore, intentScore, slotScore, [[name, value, confidence?], ...]?] per hypothesis.
    // Errors name the field as schema 1 did (hypotheses[2].slots[0].value), which says more than an element number.
    private static List<Hypothesis> Hypotheses(JsonElement root, CorpusJson json)
    {
        var array = json.Array(root, "hypotheses", "hypotheses");
        var hypotheses = new List<Hypothesis>(array.GetArrayLength());
        foreach (var h in array.EnumerateArray())
        {
            var at = $"hypotheses[{hypotheses.Count}]";
            var length = h.ValueKind == JsonValueKind.Array ? h.GetArrayLength() : 0;
            if (length is not (5 or 6))
            {
                throw json.Fail(at, "must be an array [domain, intent, domainScore, intentScore, slotScore, slots?]");
            }

            hypotheses.Add(new Hypothesis(
                json.Text(h[0], $"{at}.domain"),
                json.Text(h[1], $"{at}.intent"),
                length == 6 ? Slots(h[5], json, $"{at}.slots") : [],
                json.Probability(h[2], $"{at}.domainScore"),
                json.Probability(h[3], $"{at}.intentScore"),
                json.Probability(h[4], $"{at}.slotScore")));
        }

        return hypotheses;
    }

    private static Slot[] Slots(JsonElement array, CorpusJson json, string path)
    {
        if (array.ValueKind != JsonValueKind.Array)
        {
            throw json.Fail(path, "must be an array");
        }

        var slots = new Slot[array.GetArrayLength()];
        var i = 0;
        foreach (var slot in array.EnumerateArray())
        {
            var at = $"{path}[{i}]";
            var length = slot.ValueKind == JsonValueKind.Array ? slot.GetArrayLength() : 0;
            if (length is not (2 or 3))
            {
                throw json.Fail(at, "must be an array [name, value, confidence?]");
            }

            slots[i++] = new Slot(json.Text(slot[0], $"{at}.name"), json.Text(slot[1], $"{at}.value"), length == 3 ? json.Probability(slot[2], $"{at}.confidence") : null);
        }

        return slots;
    }

    // Optional: absent in records of requests no candidate ranked.
    private static List<LoggedShadow> Shadows(JsonElement root, CorpusJson json, int count)
    {
        var shadows = new List<LoggedShadow>();
        if (!root.TryGetProperty("shadow", out var array))
        {
            return shadows;
        }

        if (array.ValueKind != JsonValueKind.Array)
        {
            throw json.Fail("shadow", "must be an array");
        }

        foreach (var item in array.EnumerateArray())
        {
            var at = $"shadow[{shadows.Count}]";
            if (item.ValueKind != JsonValueKind.Object)
            {
                throw json.Fail(at, "must be an object");
            }

            var domain = json.String(item, "domain", $"{at}.domain");
            if (!item.TryGetProperty("version", out var v) || !v.TryGetInt32(out var version) || version < 1)
            {
                throw json.Fail($"{at}.version", "must be a version number");
            }

            var ranking = new List<int>(count);
            var seen = new bool[count];
            foreach (var element in json.Array(item, "ranking", $"{at}.ranking").EnumerateArray())
            {
                if (!element.TryGetInt32(out var index) || index < 0 || index >= count || seen[index])
                {
                    throw json.Fail($"{at}.ranking[{ranking.Count}]", "must be the index of a hypothesis, each at most once");
                }

                seen[index] = true;
                ranking.Add(index);
            }

            shadows.Add(new LoggedShadow(domain, version, ranking));
        }

        return shadows;
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

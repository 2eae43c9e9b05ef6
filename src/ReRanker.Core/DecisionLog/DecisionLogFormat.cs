using System.Text.Json;
using ReRanker.Core.Corpus;
using ReRanker.Core.Model;
using ReRanker.Core.Scoring;

namespace ReRanker.Core.DecisionLog;

/// <summary>
/// The decision log's line format, written here and read by <see cref="DecisionLogParser"/> (docs/privacy.md
/// lists every field). One JSON object per line, schema 1:
/// <c>{"kind":"decision","schema":1,"requestId","time","replica","keyId","policy","versions":{domain: version|null},
/// "context","hypotheses":[...],"ranking":[index, ...],"shadow"?:[{"domain","version","ranking":[index, ...]}]}</c> and
/// <c>{"kind":"feedback","schema":1,"requestId","time","replica","keyId","outcome","correction"?}</c>.
/// Hypotheses and the correction are in the corpus format, with every slot value written by the caller's
/// <see cref="ISlotValueWriter"/> (the service's writes a keyed hash).
/// </summary>
public static class DecisionLogFormat
{
    public const int SchemaVersion = 1;

    public const string DecisionKind = "decision";

    public const string FeedbackKind = "feedback";

    internal static readonly JsonEncodedText Kind = JsonEncodedText.Encode("kind");
    internal static readonly JsonEncodedText Schema = JsonEncodedText.Encode("schema");
    internal static readonly JsonEncodedText RequestId = JsonEncodedText.Encode("requestId");
    internal static readonly JsonEncodedText Time = JsonEncodedText.Encode("time");
    internal static readonly JsonEncodedText Replica = JsonEncodedText.Encode("replica");
    internal static readonly JsonEncodedText KeyId = JsonEncodedText.Encode("keyId");
    internal static readonly JsonEncodedText Policy = JsonEncodedText.Encode("policy");
    internal static readonly JsonEncodedText Versions = JsonEncodedText.Encode("versions");
    internal static readonly JsonEncodedText Ranking = JsonEncodedText.Encode("ranking");
    internal static readonly JsonEncodedText Shadow = JsonEncodedText.Encode("shadow");
    internal static readonly JsonEncodedText ShadowDomain = JsonEncodedText.Encode("domain");
    internal static readonly JsonEncodedText ShadowVersion = JsonEncodedText.Encode("version");
    internal static readonly JsonEncodedText Outcome = JsonEncodedText.Encode("outcome");
    internal static readonly JsonEncodedText Correction = JsonEncodedText.Encode("correction");
    private static readonly JsonEncodedText Decision = JsonEncodedText.Encode(DecisionKind);
    private static readonly JsonEncodedText Feedback = JsonEncodedText.Encode(FeedbackKind);

    /// <summary>
    /// Writes one decision: the request's context and hypotheses, and <paramref name="ranked"/> (Core's ranking, best
    /// first), from which the served version per domain is taken, and the <paramref name="shadows"/> (the request
    /// ranked with each candidate in place of its domain's served version; the field is left out when there are none).
    /// </summary>
    public static void WriteDecision(
        Utf8JsonWriter writer, in LogRecordHeader header, UnweightedDomainPolicy policy, RequestContext context,
        IReadOnlyList<Hypothesis> hypotheses, ReadOnlySpan<ScoredHypothesis> ranked, ISlotValueWriter values,
        IReadOnlyList<ShadowRanking>? shadows = null)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(hypotheses);
        ArgumentNullException.ThrowIfNull(values);
        WriteHeader(writer, Decision, header);
        writer.WriteString(Policy, policy == UnweightedDomainPolicy.Reject ? nameof(UnweightedDomainPolicy.Reject) : nameof(UnweightedDomainPolicy.Unweighted));
        WriteVersions(writer, hypotheses, ranked);
        CorpusJsonWriter.WriteContext(writer, context);
        CorpusJsonWriter.WriteHypotheses(writer, hypotheses, values, withIds: false);
        writer.WriteStartArray(Ranking);
        foreach (var scored in ranked)
        {
            writer.WriteNumberValue(scored.Index);
        }

        writer.WriteEndArray();
        if (shadows is { Count: > 0 })
        {
            WriteShadows(writer, shadows);
        }

        writer.WriteEndObject();
    }

    /// <summary>Writes one feedback record; <paramref name="correction"/> only with <see cref="FeedbackOutcome.Corrected"/>.</summary>
    public static void WriteFeedback(Utf8JsonWriter writer, in LogRecordHeader header, FeedbackOutcome outcome, GoldInterpretation? correction, ISlotValueWriter values)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(values);
        if ((outcome == FeedbackOutcome.Corrected) != (correction is not null))
        {
            throw new ArgumentException("A correction comes with, and only with, the outcome 'corrected'.", nameof(correction));
        }

        WriteHeader(writer, Feedback, header);
        writer.WriteString(Outcome, FeedbackOutcomes.Name(outcome));
        if (correction is not null)
        {
            CorpusJsonWriter.WriteInterpretation(writer, Correction, correction, values);
        }

        writer.WriteEndObject();
    }

    private static void WriteShadows(Utf8JsonWriter writer, IReadOnlyList<ShadowRanking> shadows)
    {
        writer.WriteStartArray(Shadow);
        for (var i = 0; i < shadows.Count; i++)
        {
            var shadow = shadows[i];
            writer.WriteStartObject();
            writer.WriteString(ShadowDomain, shadow.Domain);
            writer.WriteNumber(ShadowVersion, shadow.CandidateVersion);
            writer.WriteStartArray(Ranking);
            foreach (var index in shadow.Ranking)
            {
                writer.WriteNumberValue(index);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    private static void WriteHeader(Utf8JsonWriter writer, JsonEncodedText kind, in LogRecordHeader header)
    {
        writer.WriteStartObject();
        writer.WriteString(Kind, kind);
        writer.WriteNumber(Schema, SchemaVersion);
        writer.WriteString(RequestId, header.RequestId);
        writer.WriteString(Time, header.Time.UtcDateTime);
        writer.WriteString(Replica, header.Replica);
        writer.WriteString(KeyId, header.KeyId);
    }

    // Each domain once, in order of first appearance; the version of the weights that scored it (null: unweighted or
    // rejected). All hypotheses of a domain are scored by the same weights, so the first one's version is the domain's.
    private static void WriteVersions(Utf8JsonWriter writer, IReadOnlyList<Hypothesis> hypotheses, ReadOnlySpan<ScoredHypothesis> ranked)
    {
        const int Inline = 256;
        var count = hypotheses.Count;
        Span<int> versions = count <= Inline ? stackalloc int[count] : new int[count];
        versions.Fill(-1);
        foreach (var scored in ranked)
        {
            if (scored.WeightsVersion is { } version)
            {
                versions[scored.Index] = version;
            }
        }

        Span<int> firsts = count <= Inline ? stackalloc int[count] : new int[count];
        Span<int> hashes = count <= Inline ? stackalloc int[count] : new int[count];
        var distinct = 0;
        writer.WriteStartObject(Versions);
        for (var i = 0; i < count; i++)
        {
            var domain = hypotheses[i].Domain;
            var hash = domain.GetHashCode(StringComparison.Ordinal);
            if (SeenBefore(hypotheses, firsts[..distinct], hashes[..distinct], domain, hash))
            {
                continue;
            }

            firsts[distinct] = i;
            hashes[distinct++] = hash;
            if (versions[i] >= 0)
            {
                writer.WriteNumber(domain, versions[i]);
            }
            else
            {
                writer.WriteNull(domain);
            }
        }

        writer.WriteEndObject();
    }

    // Against the domains written so far, by hash first (long n-best lists hold a dozen or more domains).
    private static bool SeenBefore(IReadOnlyList<Hypothesis> hypotheses, ReadOnlySpan<int> firsts, ReadOnlySpan<int> hashes, string domain, int hash)
    {
        for (var j = hashes.Length - 1; j >= 0; j--)
        {
            if (hashes[j] == hash && string.Equals(hypotheses[firsts[j]].Domain, domain, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}

using ReRanker.Core.Corpus;
using ReRanker.Core.Model;
using ReRanker.Core.Scoring;
using ReRanker.Core.Text;

namespace ReRanker.Core.DecisionLog;

/// <summary>
/// The decision log's line format, written here and read by <see cref="DecisionLogParser"/> (docs/privacy.md
/// lists every field). One JSON object per line, schema 2:
/// <c>{"kind":"decision","schema":2,"requestId","time","replica","keyId","policy","versions":{domain: version|null},
/// "context","hypotheses":[[domain, intent, domainScore, intentScore, slotScore, [[name, value, confidence?], ...]?], ...],
/// "ranking":[index, ...],"shadow"?:[{"domain","version","ranking":[index, ...]}]}</c> and
/// <c>{"kind":"feedback","schema":2,"requestId","time","replica","keyId","outcome","correction"?}</c>, the correction
/// in the corpus format. Every slot value is written by the caller's <see cref="ISlotValueWriter"/> (the service's
/// writes a keyed hash). Schema 1 differed only in its hypotheses, which were corpus-format objects.
/// </summary>
public static class DecisionLogFormat
{
    /// <summary>The schema this writes; <see cref="DecisionLogParser"/> reads it and every earlier one.</summary>
    public const int SchemaVersion = 2;

    public const string DecisionKind = "decision";

    public const string FeedbackKind = "feedback";

    /// <summary>
    /// Writes one decision: the request's context and hypotheses, and <paramref name="ranked"/> (Core's ranking, best
    /// first), from which the served version per domain is taken, and the <paramref name="shadows"/> (the request
    /// ranked with each candidate in place of its domain's served version; the field is left out when there are none).
    /// </summary>
    public static void WriteDecision(
        JsonLineWriter line, in LogRecordHeader header, UnweightedDomainPolicy policy, RequestContext context,
        IReadOnlyList<Hypothesis> hypotheses, ReadOnlySpan<ScoredHypothesis> ranked, ISlotValueWriter values,
        IReadOnlyList<ShadowRanking>? shadows = null)
    {
        ArgumentNullException.ThrowIfNull(line);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(hypotheses);
        ArgumentNullException.ThrowIfNull(values);
        WriteHeader(line, "{\"kind\":\"decision\""u8, header);
        line.Raw(policy == UnweightedDomainPolicy.Reject ? ",\"policy\":\"Reject\""u8 : ",\"policy\":\"Unweighted\""u8);
        WriteVersions(line, hypotheses, ranked);
        line.Raw(","u8);
        CorpusJsonWriter.WriteContext(line, context);
        line.Raw(","u8);
        WriteHypotheses(line, hypotheses, values);
        line.Raw(",\"ranking\":["u8);
        for (var i = 0; i < ranked.Length; i++)
        {
            if (i > 0)
            {
                line.Raw(","u8);
            }

            line.Number(ranked[i].Index);
        }

        line.Raw("]"u8);
        if (shadows is { Count: > 0 })
        {
            WriteShadows(line, shadows);
        }

        line.Raw("}"u8);
    }

    /// <summary>Writes one feedback record; <paramref name="correction"/> only with <see cref="FeedbackOutcome.Corrected"/>.</summary>
    public static void WriteFeedback(JsonLineWriter line, in LogRecordHeader header, FeedbackOutcome outcome, GoldInterpretation? correction, ISlotValueWriter values)
    {
        ArgumentNullException.ThrowIfNull(line);
        ArgumentNullException.ThrowIfNull(values);
        if ((outcome == FeedbackOutcome.Corrected) != (correction is not null))
        {
            throw new ArgumentException("A correction comes with, and only with, the outcome 'corrected'.", nameof(correction));
        }

        WriteHeader(line, "{\"kind\":\"feedback\""u8, header);
        line.Raw(",\"outcome\":"u8);
        line.String(FeedbackOutcomes.Name(outcome));
        if (correction is not null)
        {
            line.Raw(",\"correction\":"u8);
            CorpusJsonWriter.WriteInterpretation(line, correction, values);
        }

        line.Raw("}"u8);
    }

    private static void WriteShadows(JsonLineWriter line, IReadOnlyList<ShadowRanking> shadows)
    {
        line.Raw(",\"shadow\":["u8);
        for (var i = 0; i < shadows.Count; i++)
        {
            var shadow = shadows[i];
            line.Raw(i == 0 ? "{\"domain\":"u8 : ",{\"domain\":"u8);
            line.String(shadow.Domain);
            line.Raw(",\"version\":"u8);
            line.Number(shadow.CandidateVersion);
            line.Raw(",\"ranking\":["u8);
            for (var j = 0; j < shadow.Ranking.Length; j++)
            {
                if (j > 0)
                {
                    line.Raw(","u8);
                }

                line.Number(shadow.Ranking[j]);
            }

            line.Raw("]}"u8);
        }

        line.Raw("]"u8);
    }

    // One array per hypothesis (schema 2): field names were 40 % of a schema-1 line, and the log's cost grows with its
    // bytes (the kernel's copy of each into the page cache).
    private static void WriteHypotheses(JsonLineWriter line, IReadOnlyList<Hypothesis> hypotheses, ISlotValueWriter values)
    {
        line.Raw("\"hypotheses\":["u8);
        for (var i = 0; i < hypotheses.Count; i++)
        {
            var h = hypotheses[i];
            line.Raw(i == 0 ? "["u8 : ",["u8);
            line.String(h.Domain);
            line.Raw(","u8);
            line.String(h.Intent);
            line.Raw(","u8);
            line.Number(h.DomainScore);
            line.Raw(","u8);
            line.Number(h.IntentScore);
            line.Raw(","u8);
            line.Number(h.SlotScore);
            var slots = h.Slots;
            for (var j = 0; j < slots.Count; j++)
            {
                var slot = slots[j];
                line.Raw(j == 0 ? ",[["u8 : ",["u8);
                line.String(slot.Name);
                line.Raw(","u8);
                values.WriteValue(line, slot.Value);
                if (slot.Confidence is { } confidence)
                {
                    line.Raw(","u8);
                    line.Number(confidence);
                }

                line.Raw(j == slots.Count - 1 ? "]]"u8 : "]"u8);
            }

            line.Raw("]"u8);
        }

        line.Raw("]"u8);
    }

    // The kind and the fields every record starts with; the caller closes the object.
    private static void WriteHeader(JsonLineWriter line, ReadOnlySpan<byte> kind, in LogRecordHeader header)
    {
        line.Raw(kind);
        line.Raw(",\"schema\":"u8);
        line.Number(SchemaVersion);
        line.Raw(",\"requestId\":"u8);
        line.String(header.RequestId);
        line.Raw(",\"time\":"u8);
        line.Time(header.Time.UtcDateTime);
        line.Raw(",\"replica\":"u8);
        line.String(header.Replica);
        line.Raw(",\"keyId\":"u8);
        line.String(header.KeyId);
    }

    // Each domain once, in order of first appearance; the version of the weights that scored it (null: unweighted or
    // rejected). All hypotheses of a domain are scored by the same weights, so the first one's version is the domain's.
    private static void WriteVersions(JsonLineWriter line, IReadOnlyList<Hypothesis> hypotheses, ReadOnlySpan<ScoredHypothesis> ranked)
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
        line.Raw(",\"versions\":{"u8);
        for (var i = 0; i < count; i++)
        {
            var domain = hypotheses[i].Domain;
            var hash = Fingerprint(domain);
            if (SeenBefore(hypotheses, firsts[..distinct], hashes[..distinct], domain, hash))
            {
                continue;
            }

            line.Raw(distinct == 0 ? ""u8 : ","u8);
            firsts[distinct] = i;
            hashes[distinct++] = hash;
            line.String(domain);
            line.Raw(":"u8);
            if (versions[i] >= 0)
            {
                line.Number(versions[i]);
            }
            else
            {
                line.Null();
            }
        }

        line.Raw("}"u8);
    }

    // Equal domains share it and most different ones do not; cheaper than a string hash, which the log paid per hypothesis.
    private static int Fingerprint(string domain) => domain.Length == 0 ? 0 : domain.Length ^ (domain[0] << 8) ^ (domain[^1] << 20);

    // Against the domains written so far, by fingerprint first (long n-best lists hold a dozen or more domains).
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

using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using ReRanker.Core.DecisionLog;
using ReRanker.Core.Model;

namespace ReRanker.TrafficLoop;

/// <summary>What the traffic and its simulated users produced.</summary>
public sealed class TrafficTally
{
    public int Requests { get; set; }

    public int NoFeedback { get; set; }

    public int[] ByOutcome { get; } = new int[FeedbackOutcomes.Names.Count];

    /// <summary>Requests whose served top hypothesis was exactly right.</summary>
    public int ServedRight { get; set; }

    public double CorrectionShare => Requests == 0 ? 0 : ByOutcome[(int)FeedbackOutcome.Corrected] / (double)Requests;

    /// <summary>Every slot value the traffic sent in clear (requests and corrections), for the privacy check.</summary>
    public HashSet<string> SlotValuesSent { get; } = new(StringComparer.Ordinal);

    public void Add(TrafficTally other)
    {
        ArgumentNullException.ThrowIfNull(other);
        Requests += other.Requests;
        NoFeedback += other.NoFeedback;
        ServedRight += other.ServedRight;
        for (var i = 0; i < ByOutcome.Length; i++)
        {
            ByOutcome[i] += other.ByOutcome[i];
        }

        SlotValuesSent.UnionWith(other.SlotValuesSent);
    }
}

/// <summary>
/// Serves every example of a corpus through POST /v1/rerank (context and hypotheses only: no gold, no utterance),
/// lets <see cref="SimulatedUser"/> react to the served top hypothesis, and sends its reaction to POST /v1/feedback.
/// One request at a time by default, in corpus order, so the decision log (and the trainer's held-out split of what
/// is imported from it) is the same on every run.
/// </summary>
public sealed class TrafficDriver(HttpClient client, int seed, int parallelism = 1)
{
    public const string RequestIdPrefix = "loop-";

    public async Task<TrafficTally> RunAsync(IReadOnlyList<LabelledExample> traffic, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(traffic);
        var tally = new TrafficTally();
        await Parallel.ForEachAsync(traffic, new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = cancellationToken }, async (example, ct) =>
        {
            var top = await RerankAsync(example, ct).ConfigureAwait(false);
            var reaction = SimulatedUser.React(example, top is { } index ? example.Hypotheses[index] : null, seed);
            if (reaction.Outcome is { } outcome)
            {
                await FeedbackAsync(RequestIdPrefix + example.Id, outcome, reaction.Correction, ct).ConfigureAwait(false);
            }

            lock (tally)
            {
                tally.Requests++;
                if (reaction.Outcome is { } o)
                {
                    tally.ByOutcome[(int)o]++;
                }
                else
                {
                    tally.NoFeedback++;
                }

                if (top is { } t && ReRanker.Core.Metrics.SemanticError.Compute(example.Hypotheses[t], example.Gold!).IsExact)
                {
                    tally.ServedRight++;
                }

                foreach (var slot in example.Hypotheses.SelectMany(h => h.Slots).Concat(reaction.Correction?.Slots ?? []))
                {
                    tally.SlotValuesSent.Add(slot.Value);
                }
            }
        }).ConfigureAwait(false);
        return tally;
    }

    /// <summary>The served top hypothesis's index in the request, or null when nothing was served.</summary>
    private async Task<int?> RerankAsync(LabelledExample example, CancellationToken cancellationToken)
    {
        using var response = await client.PostAsync(new Uri("/v1/rerank", UriKind.Relative), Json(RerankBody(example)), cancellationToken).ConfigureAwait(false);
        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"rerank of {example.Id} answered {(int)response.StatusCode}: {text}");
        }

        using var json = JsonDocument.Parse(text);
        var results = json.RootElement.GetProperty("results");
        return results.GetArrayLength() == 0 ? null : results[0].GetProperty("index").GetInt32();
    }

    private async Task FeedbackAsync(string requestId, FeedbackOutcome outcome, GoldInterpretation? correction, CancellationToken cancellationToken)
    {
        using var response = await client.PostAsync(new Uri("/v1/feedback", UriKind.Relative), Json(FeedbackBody(requestId, outcome, correction)), cancellationToken).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.Accepted)
        {
            throw new InvalidOperationException($"feedback for {requestId} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false)}");
        }
    }

    public static byte[] RerankBody(LabelledExample example)
    {
        ArgumentNullException.ThrowIfNull(example);
        return Write(w =>
        {
            w.WriteStartObject();
            w.WriteString("requestId", RequestIdPrefix + example.Id);
            w.WriteStartObject("context");
            foreach (var (key, value) in example.Context.Entries)
            {
                switch (value.Kind)
                {
                    case ContextValueKind.String:
                        w.WriteString(key, value.Text);
                        break;
                    case ContextValueKind.Boolean:
                        w.WriteBoolean(key, value.Number != 0);
                        break;
                    default:
                        w.WriteNumber(key, value.Number);
                        break;
                }
            }

            w.WriteEndObject();
            w.WriteStartArray("hypotheses");
            foreach (var h in example.Hypotheses)
            {
                w.WriteStartObject();
                w.WriteString("domain", h.Domain);
                w.WriteString("intent", h.Intent);
                WriteSlots(w, h.Slots);
                w.WriteNumber("domainScore", h.DomainScore);
                w.WriteNumber("intentScore", h.IntentScore);
                w.WriteNumber("slotScore", h.SlotScore);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        });
    }

    private static byte[] FeedbackBody(string requestId, FeedbackOutcome outcome, GoldInterpretation? correction) => Write(w =>
    {
        w.WriteStartObject();
        w.WriteString("requestId", requestId);
        w.WriteString("outcome", FeedbackOutcomes.Name(outcome));
        if (correction is not null)
        {
            w.WriteStartObject("correction");
            w.WriteString("domain", correction.Domain);
            w.WriteString("intent", correction.Intent);
            WriteSlots(w, correction.Slots, withConfidence: false);
            w.WriteEndObject();
        }

        w.WriteEndObject();
    });

    private static void WriteSlots(Utf8JsonWriter w, IReadOnlyList<Slot> slots, bool withConfidence = true)
    {
        w.WriteStartArray("slots");
        foreach (var slot in slots)
        {
            w.WriteStartObject();
            w.WriteString("name", slot.Name);
            w.WriteString("value", slot.Value);
            if (withConfidence && slot.Confidence is { } confidence)
            {
                w.WriteNumber("confidence", confidence);
            }

            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    private static byte[] Write(Action<Utf8JsonWriter> write)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            write(writer);
        }

        return stream.ToArray();
    }

    private static ByteArrayContent Json(byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = Encoding.UTF8.WebName };
        return content;
    }
}

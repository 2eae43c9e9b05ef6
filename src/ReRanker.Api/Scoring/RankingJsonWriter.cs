using System.Text.Json;
using ReRanker.Core.Model;
using ReRanker.Core.Scoring;
using ReRanker.Core.Text;

namespace ReRanker.Api.Scoring;

/// <summary>
/// Writes a <see cref="Ranking"/> as the JSON of <see cref="Contracts.RerankResponse"/>, byte for byte what
/// System.Text.Json writes for <see cref="RerankScorer.ToResponse"/> under the API's HTTP JSON options (pinned by
/// a test over the corpus test split). Why by hand: ASP.NET's JSON options use the relaxed encoder, which keeps
/// System.Text.Json off its source-generated fast path, and the response objects would copy every hypothesis.
/// Property names are pre-encoded; field order is the records' declaration order; the caller's confidences go
/// through <see cref="ShortDecimal"/> (the same text, without the general double formatter).
/// </summary>
public static class RankingJsonWriter
{
    private static readonly JsonEncodedText RequestId = JsonEncodedText.Encode("requestId");
    private static readonly JsonEncodedText Results = JsonEncodedText.Encode("results");
    private static readonly JsonEncodedText Rejected = JsonEncodedText.Encode("rejected");
    private static readonly JsonEncodedText UnweightedDomains = JsonEncodedText.Encode("unweightedDomains");
    private static readonly JsonEncodedText Rank = JsonEncodedText.Encode("rank");
    private static readonly JsonEncodedText Index = JsonEncodedText.Encode("index");
    private static readonly JsonEncodedText Id = JsonEncodedText.Encode("id");
    private static readonly JsonEncodedText Domain = JsonEncodedText.Encode("domain");
    private static readonly JsonEncodedText Intent = JsonEncodedText.Encode("intent");
    private static readonly JsonEncodedText Slots = JsonEncodedText.Encode("slots");
    private static readonly JsonEncodedText DomainScore = JsonEncodedText.Encode("domainScore");
    private static readonly JsonEncodedText IntentScore = JsonEncodedText.Encode("intentScore");
    private static readonly JsonEncodedText SlotScore = JsonEncodedText.Encode("slotScore");
    private static readonly JsonEncodedText Probability = JsonEncodedText.Encode("probability");
    private static readonly JsonEncodedText Score = JsonEncodedText.Encode("score");
    private static readonly JsonEncodedText WeightsVersion = JsonEncodedText.Encode("weightsVersion");
    private static readonly JsonEncodedText ScoredBy = JsonEncodedText.Encode("scoredBy");
    private static readonly JsonEncodedText Weights = JsonEncodedText.Encode("weights");
    private static readonly JsonEncodedText Unweighted = JsonEncodedText.Encode("unweighted");
    private static readonly JsonEncodedText Contributions = JsonEncodedText.Encode("contributions");
    private static readonly JsonEncodedText Name = JsonEncodedText.Encode("name");
    private static readonly JsonEncodedText Value = JsonEncodedText.Encode("value");
    private static readonly JsonEncodedText Confidence = JsonEncodedText.Encode("confidence");
    private static readonly JsonEncodedText Feature = JsonEncodedText.Encode("feature");
    private static readonly JsonEncodedText Weight = JsonEncodedText.Encode("weight");
    private static readonly JsonEncodedText Contribution = JsonEncodedText.Encode("contribution");

    public static void Write(Utf8JsonWriter writer, Ranking ranking)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(ranking);
        writer.WriteStartObject();
        writer.WriteString(RequestId, ranking.RequestId);
        writer.WriteStartArray(Results);
        for (var r = 0; r < ranking.Count; r++)
        {
            WriteResult(writer, r, ranking.Ranked[r], ranking.Hypotheses[ranking.Ranked[r].Index], ranking.Contributions?[r]);
        }

        writer.WriteEndArray();
        writer.WriteStartArray(Rejected);
        foreach (var index in ranking.Rejected)
        {
            writer.WriteNumberValue(index);
        }

        writer.WriteEndArray();
        writer.WriteStartArray(UnweightedDomains);
        foreach (var domain in ranking.UnweightedDomains)
        {
            writer.WriteStringValue(domain);
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static void WriteResult(Utf8JsonWriter writer, int position, ScoredHypothesis scored, Hypothesis hypothesis, IReadOnlyList<FeatureContribution>? contributions)
    {
        writer.WriteStartObject();
        writer.WriteNumber(Rank, position + 1);
        writer.WriteNumber(Index, scored.Index);
        if (hypothesis.Id is { } id)
        {
            writer.WriteString(Id, id);
        }

        writer.WriteString(Domain, hypothesis.Domain);
        writer.WriteString(Intent, hypothesis.Intent);
        writer.WriteStartArray(Slots);
        foreach (var slot in hypothesis.Slots)
        {
            WriteSlot(writer, slot);
        }

        writer.WriteEndArray();
        ShortDecimal.WriteNumber(writer, DomainScore, hypothesis.DomainScore);
        ShortDecimal.WriteNumber(writer, IntentScore, hypothesis.IntentScore);
        ShortDecimal.WriteNumber(writer, SlotScore, hypothesis.SlotScore);
        writer.WriteNumber(Probability, scored.Probability);
        writer.WriteNumber(Score, scored.Score);
        if (scored.WeightsVersion is { } version)
        {
            writer.WriteNumber(WeightsVersion, version);
        }
        else
        {
            writer.WriteNull(WeightsVersion);
        }

        writer.WriteString(ScoredBy, scored.Method == ScoringMethod.Weights ? Weights : Unweighted);
        if (contributions is not null)
        {
            WriteContributions(writer, contributions);
        }

        writer.WriteEndObject();
    }

    private static void WriteSlot(Utf8JsonWriter writer, Slot slot)
    {
        writer.WriteStartObject();
        writer.WriteString(Name, slot.Name);
        writer.WriteString(Value, slot.Value);
        if (slot.Confidence is { } confidence)
        {
            ShortDecimal.WriteNumber(writer, Confidence, confidence);
        }

        writer.WriteEndObject();
    }

    private static void WriteContributions(Utf8JsonWriter writer, IReadOnlyList<FeatureContribution> contributions)
    {
        writer.WriteStartArray(Contributions);
        foreach (var c in contributions)
        {
            writer.WriteStartObject();
            writer.WriteString(Feature, c.Feature);
            writer.WriteNumber(Value, c.Value);
            writer.WriteNumber(Weight, c.Weight);
            writer.WriteNumber(Contribution, c.Contribution);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }
}

using ReRanker.Api.Contracts;
using ReRanker.Api.Rollback;
using ReRanker.Api.Shadow;
using ReRanker.Registry;
using ReRanker.Core.Scoring;
using ReRanker.Core.Weights;

namespace ReRanker.Api.Endpoints;

/// <summary>Joins the registry's status with the served snapshot into the domain views.</summary>
internal static class DomainViews
{
    public static DomainSummary[] All(RegistryStatus status, WeightSet snapshot, ShadowFigures? shadows = null, RollbackWatcher? rollback = null)
    {
        var byName = status.Domains.ToDictionary(d => d.Domain, StringComparer.Ordinal);
        return byName.Keys.Union(snapshot.Domains, StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .Select(name => Build(name, byName.GetValueOrDefault(name), snapshot, includeFeatures: false, shadows, rollback))
            .ToArray();
    }

    public static DomainSummary? One(string domain, RegistryStatus status, WeightSet snapshot, ShadowFigures? shadows = null, RollbackWatcher? rollback = null)
    {
        var domainStatus = status.Domains.FirstOrDefault(d => d.Domain == domain);
        return domainStatus is null && !snapshot.TryGet(domain, out _) ? null : Build(domain, domainStatus, snapshot, includeFeatures: true, shadows, rollback);
    }

    private static DomainSummary Build(
        string domain, DomainStatus? status, WeightSet snapshot, bool includeFeatures, ShadowFigures? shadows, RollbackWatcher? rollback)
    {
        var served = snapshot.TryGet(domain, out var weights) ? weights.File : null;
        return new DomainSummary(
            domain,
            served?.Version ?? status?.ServedVersion,
            status?.Sha256,
            status?.LoadedAt,
            status?.PinnedVersion,
            status?.AvailableVersions ?? [],
            status?.LastError,
            served is null ? null : Info(served, includeFeatures))
        {
            Candidate = Candidate(domain, status, shadows),
            Rollback = rollback?.For(domain) is { } watch ? Rollback(watch) : null,
        };
    }

    private static CandidateOutput? Candidate(string domain, DomainStatus? status, ShadowFigures? shadows)
    {
        if (status?.CandidateVersion is not { } version)
        {
            return null;
        }

        var tally = shadows?.For(domain, version) ?? new ShadowTally(version, 0, 0, 0);
        return new CandidateOutput(version, status.CandidateSha256, tally.Requests, tally.TopChanges, tally.TopChangeRate, tally.MeanAbsoluteProbabilityChange);
    }

    private static RollbackOutput Rollback(RollbackWatch watch) => new(
        watch.ServedVersion, watch.PreviousVersion, watch.Served.Feedback, watch.Served.Share, watch.Previous.Feedback, watch.Previous.Share,
        watch.LastRollback is { } r ? new RollbackEventOutput(r.FromVersion, r.ToVersion, r.At, r.Done, r.Reason) : null);

    private static WeightsInfo Info(WeightFile file, bool includeFeatures)
    {
        var t = file.Training;
        var training = new TrainingOutput(
            t.Loss, t.L2, t.CeWeight, t.DataSha256, t.TrainExamples, t.TrainHypotheses, t.HeldOutExamples,
            new SortedDictionary<string, double>(t.Metrics.ToDictionary(), StringComparer.Ordinal), t.TrainerVersion, t.Seed,
            t.Privacy is { } p ? new PrivacyOutput(p.Mechanism, PrivacyInfo.Unit, p.Epsilon, p.Delta, p.FeatureNormBound) : null);
        var features = includeFeatures
            ? new SortedDictionary<string, double>(file.Weights.ToDictionary(), StringComparer.Ordinal)
            : null;
        return new WeightsInfo(file.Version, file.CreatedAt, file.Bias, file.Weights.Count, training, features);
    }
}

using ReRanker.Api.Scoring;
using ReRanker.Core.DecisionLog;

namespace ReRanker.Api.DecisionLog;

/// <summary>
/// Sees every decision and feedback the <see cref="DecisionRecorder"/> is given, on the request thread, whether the
/// log is on or off (shadow figures, the rollback watcher). Must be cheap and never throw.
/// </summary>
internal interface IDecisionObserver
{
    void Decided(Ranking ranking);

    void FeedbackReceived(string requestId, FeedbackOutcome outcome);
}

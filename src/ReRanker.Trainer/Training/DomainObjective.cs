namespace ReRanker.Trainer.Training;

/// <summary>
/// The training loss of one domain and its analytic gradient, over the flat arrays of a <see cref="DomainProblem"/>:
/// <c>(1 − c) × mean ESE + c × mean CE + l2 × Σ w²</c> (means over the domain's utterances, ESE's over those with
/// gold; the bias is not penalised).
/// One pass over the feature matrix per evaluation: scores, residuals and gradient are done utterance by
/// utterance while its rows are in cache. Not thread-safe (it reuses scratch arrays); one instance per domain.
/// </summary>
internal sealed class DomainObjective
{
    private readonly DomainProblem _problem;
    private readonly double _ceMix;
    private readonly double _l2;
    private readonly double[] _scores;
    private readonly double[] _residual;
    private readonly double[] _weights;
    private readonly ObjectiveTerms _terms;

    public DomainObjective(DomainProblem problem, LossOptions loss, ObjectiveTerms? terms = null)
    {
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentNullException.ThrowIfNull(loss);
        _problem = problem;
        _ceMix = loss.CeMix;
        _l2 = loss.L2;
        _terms = terms ?? ObjectiveTerms.None;
        if (_terms.Linear is { } linear && linear.Length != problem.Columns)
        {
            throw new ArgumentException($"Expected {problem.Columns} linear coefficients.", nameof(terms));
        }
        var longest = 0;
        for (var u = 0; u < problem.Utterances; u++)
        {
            longest = Math.Max(longest, problem.RowStart[u + 1] - problem.RowStart[u]);
        }

        _scores = new double[longest];
        _residual = new double[longest];
        _weights = new double[longest];
    }

    public int Dimension => _problem.Columns;

    /// <summary>Returns the loss at <paramref name="theta"/> and writes its gradient into <paramref name="gradient"/>.</summary>
    public double Evaluate(ReadOnlySpan<double> theta, Span<double> gradient)
    {
        var p = _problem;
        var columns = p.Columns;
        if (theta.Length != columns || gradient.Length != columns)
        {
            throw new ArgumentException($"Expected {columns} parameters.", nameof(theta));
        }

        gradient.Clear();
        var weightsOf = p.UtteranceWeights;
        var (weightSum, goldWeightSum) = weightsOf is null ? (p.Utterances, p.GoldUtterances) : WeightSums(p, weightsOf);
        var perUtterance = _terms.Normaliser is { } n ? 1.0 / n : weightSum == 0 ? 0 : 1.0 / weightSum;
        var perGoldUtterance = goldWeightSum == 0 ? 0 : 1.0 / goldWeightSum;
        var eseScale = (1 - _ceMix) * perGoldUtterance;
        var ceScale = _ceMix * perUtterance;
        double eseTotal = 0, ceTotal = 0;
        for (var u = 0; u < p.Utterances; u++)
        {
            int from = p.RowStart[u], count = p.RowStart[u + 1] - from;
            var rows = p.X.AsSpan(from * columns, count * columns);
            for (var i = 0; i < count; i++)
            {
                var row = rows.Slice(i * columns, columns);
                double s = 0;
                for (var c = 0; c < columns; c++)
                {
                    s += row[c] * theta[c];
                }

                _scores[i] = s;
                _residual[i] = 0;
            }

            // An utterance's weight multiplies its loss and its residuals; with no weights it is exactly 1.
            var weight = weightsOf is null ? 1.0 : weightsOf[u];
            if (_ceMix < 1 && p.HasGold[u])
            {
                eseTotal += weight * ExpectedSemer(u, from, count, eseScale * weight);
            }

            if (_ceMix > 0)
            {
                ceTotal += weight * CrossEntropy(from, count, ceScale * weight);
            }

            for (var i = 0; i < count; i++)
            {
                var residual = _residual[i];
                if (residual == 0)
                {
                    continue;
                }

                var row = rows.Slice(i * columns, columns);
                for (var c = 0; c < columns; c++)
                {
                    gradient[c] += residual * row[c];
                }
            }
        }

        double loss = 0;
        if (_ceMix < 1)
        {
            loss += (1 - _ceMix) * eseTotal * perGoldUtterance;
        }

        if (_ceMix > 0)
        {
            loss += _ceMix * ceTotal * perUtterance;
        }

        for (var c = _terms.PenaliseBias ? 0 : 1; c < columns; c++)
        {
            loss += _l2 * theta[c] * theta[c];
            gradient[c] += 2 * _l2 * theta[c];
        }

        if (_terms.Linear is { } linear)
        {
            for (var c = 0; c < columns; c++)
            {
                loss += linear[c] * theta[c];
                gradient[c] += linear[c];
            }
        }

        return loss;
    }

    private static (double All, double Gold) WeightSums(DomainProblem p, double[] weights)
    {
        double all = 0, gold = 0;
        for (var u = 0; u < p.Utterances; u++)
        {
            all += weights[u];
            gold += p.HasGold[u] ? weights[u] : 0;
        }

        return (all, gold);
    }

    /// <summary>
    /// Σ p × SemER of one utterance, the softmax over its own scores plus the other domains' fixed
    /// log-sum-exp; adds scale × ∂/∂score to the residuals of its own rows.
    /// </summary>
    private double ExpectedSemer(int utterance, int from, int count, double scale)
    {
        var p = _problem;
        var others = p.OthersLogSumExp[utterance];
        var max = others;
        for (var i = 0; i < count; i++)
        {
            max = Math.Max(max, _scores[i]);
        }

        var othersWeight = double.IsNegativeInfinity(others) ? 0 : Math.Exp(others - max);
        double z = othersWeight, weighted = othersWeight * p.OthersMeanSemer[utterance];
        for (var i = 0; i < count; i++)
        {
            var e = Math.Exp(_scores[i] - max);
            _weights[i] = e;
            z += e;
            weighted += e * p.Semer[from + i];
        }

        var expected = weighted / z;
        for (var i = 0; i < count; i++)
        {
            // ∂(Σ p·e)/∂s_i = p_i (e_i − E[e]).
            _residual[i] += scale * (_weights[i] / z) * (p.Semer[from + i] - expected);
        }

        return expected;
    }

    /// <summary>Σ over one utterance's own rows of softplus(s) − y·s; adds scale × (σ(s) − y) to the residuals.</summary>
    private double CrossEntropy(int from, int count, double scale)
    {
        var y = _problem.Y;
        double total = 0;
        for (var i = 0; i < count; i++)
        {
            var s = _scores[i];
            var label = y[from + i];
            // One exp serves both: e = exp(−|s|) keeps softplus and sigmoid stable on either side of 0.
            var e = Math.Exp(-Math.Abs(s));
            var softplus = (s > 0 ? s : 0) + Math.Log(1 + e);
            total += softplus - (label * s);
            var sigmoid = s >= 0 ? 1 / (1 + e) : e / (1 + e);
            _residual[i] += scale * (sigmoid - label);
        }

        return total;
    }
}

/// <summary>
/// Terms beyond the plain loss: the private fit's (<see cref="ObjectivePerturbation"/>) fixed normaliser n in place of the
/// utterance count, a penalised bias, and the linear noise term bᵀθ / n. <see cref="None"/> is the plain loss.
/// </summary>
internal sealed record ObjectiveTerms(double? Normaliser = null, bool PenaliseBias = false, double[]? Linear = null)
{
    public static ObjectiveTerms None { get; } = new();
}

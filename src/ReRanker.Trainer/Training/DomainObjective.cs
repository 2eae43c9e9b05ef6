namespace ReRanker.Trainer.Training;

/// <summary>
/// The training loss of one domain and its analytic gradient, over the flat arrays of a <see cref="DomainProblem"/>:
/// <c>(1 − c) × mean ESE + c × mean CE + l2 × Σ w²</c> (means over the domain's utterances; the bias is not penalised).
/// Not thread-safe (it reuses scratch arrays); one instance per domain.
/// </summary>
internal sealed class DomainObjective
{
    private readonly DomainProblem _problem;
    private readonly double _ceMix;
    private readonly double _l2;
    private readonly double[] _scores;
    private readonly double[] _residual;
    private readonly double[] _weights;

    public DomainObjective(DomainProblem problem, LossOptions loss)
    {
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentNullException.ThrowIfNull(loss);
        _problem = problem;
        _ceMix = loss.CeMix;
        _l2 = loss.L2;
        _scores = new double[problem.Rows];
        _residual = new double[problem.Rows];
        _weights = new double[problem.Rows];
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

        var x = p.X;
        for (var r = 0; r < p.Rows; r++)
        {
            var row = x.AsSpan(r * columns, columns);
            double s = 0;
            for (var c = 0; c < columns; c++)
            {
                s += row[c] * theta[c];
            }

            _scores[r] = s;
        }

        Array.Clear(_residual);
        var perUtterance = p.Utterances == 0 ? 0 : 1.0 / p.Utterances;
        double loss = 0;
        if (_ceMix < 1)
        {
            loss += (1 - _ceMix) * ExpectedSemer((1 - _ceMix) * perUtterance) * perUtterance;
        }

        if (_ceMix > 0)
        {
            loss += _ceMix * CrossEntropy(_ceMix * perUtterance) * perUtterance;
        }

        gradient.Clear();
        for (var r = 0; r < p.Rows; r++)
        {
            var residual = _residual[r];
            if (residual == 0)
            {
                continue;
            }

            var row = x.AsSpan(r * columns, columns);
            for (var c = 0; c < columns; c++)
            {
                gradient[c] += residual * row[c];
            }
        }

        for (var c = 1; c < columns; c++)
        {
            loss += _l2 * theta[c] * theta[c];
            gradient[c] += 2 * _l2 * theta[c];
        }

        return loss;
    }

    /// <summary>
    /// Σ over utterances of Σ p × SemER, the softmax over own scores plus the other domains' fixed
    /// log-sum-exp; adds scale × ∂/∂score to the residuals of own rows.
    /// </summary>
    private double ExpectedSemer(double scale)
    {
        var p = _problem;
        double total = 0;
        for (var u = 0; u < p.Utterances; u++)
        {
            int from = p.RowStart[u], to = p.RowStart[u + 1];
            var others = p.OthersLogSumExp[u];
            var max = others;
            for (var r = from; r < to; r++)
            {
                max = Math.Max(max, _scores[r]);
            }

            var othersWeight = double.IsNegativeInfinity(others) ? 0 : Math.Exp(others - max);
            double z = othersWeight, weighted = othersWeight * p.OthersMeanSemer[u];
            for (var r = from; r < to; r++)
            {
                var e = Math.Exp(_scores[r] - max);
                _weights[r] = e;
                z += e;
                weighted += e * p.Semer[r];
            }

            var expected = weighted / z;
            total += expected;
            for (var r = from; r < to; r++)
            {
                // ∂(Σ p·e)/∂s_i = p_i (e_i − E[e]).
                _residual[r] += scale * (_weights[r] / z) * (p.Semer[r] - expected);
            }
        }

        return total;
    }

    /// <summary>Σ over own rows of softplus(s) − y·s; adds scale × (σ(s) − y) to the residuals.</summary>
    private double CrossEntropy(double scale)
    {
        var p = _problem;
        double total = 0;
        for (var r = 0; r < p.Rows; r++)
        {
            var s = _scores[r];
            var y = p.Y[r];
            var softplus = s > 0 ? s + Math.Log(1 + Math.Exp(-s)) : Math.Log(1 + Math.Exp(s));
            total += softplus - (y * s);
            var sigmoid = s >= 0 ? 1 / (1 + Math.Exp(-s)) : Math.Exp(s) / (1 + Math.Exp(s));
            _residual[r] += scale * (sigmoid - y);
        }

        return total;
    }
}

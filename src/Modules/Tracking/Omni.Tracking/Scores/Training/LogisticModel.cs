namespace Omni.Tracking.Scores.Training;

/// <summary>A trained model: features are standardized with <see cref="Means"/> and <see cref="Stds"/> from the
/// training set, then p = σ(bias + Σ wⱼ·zⱼ).</summary>
internal sealed record LogisticModel(IReadOnlyList<string> Names, double[] Means, double[] Stds, double[] Weights, double Bias)
{
    public double[] Standardize(double[] x)
    {
        var z = new double[x.Length];
        for (var j = 0; j < x.Length; j++) z[j] = (x[j] - Means[j]) / Stds[j];
        return z;
    }

    public double Predict(double[] x)
    {
        var z = Standardize(x);
        var s = Bias;
        for (var j = 0; j < z.Length; j++) s += Weights[j] * z[j];
        return Sigmoid(s);
    }

    /// <summary>The features that push this contact's score up the most: wⱼ·zⱼ, largest first.</summary>
    public IReadOnlyList<(int Index, double Contribution)> TopFactors(double[] x, int count)
    {
        var z = Standardize(x);
        return Enumerable.Range(0, z.Length)
            .Select(j => (Index: j, Contribution: Weights[j] * z[j]))
            .Where(f => f.Contribution > 0)
            .OrderByDescending(f => f.Contribution)
            .Take(count)
            .ToList();
    }

    public static double Sigmoid(double s) => s >= 0 ? 1 / (1 + Math.Exp(-s)) : Math.Exp(s) / (1 + Math.Exp(s));
}

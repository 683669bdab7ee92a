namespace Omni.Tracking.Scores.Training;

/// <summary>L2-regularized logistic regression by full-batch gradient descent on standardized features. The data
/// sets are an org's contacts (thousands to a few hundred thousand rows, tens of features): a few hundred
/// passes take well under a second per 10,000 rows and need no library.</summary>
internal static class LogisticRegression
{
    public static LogisticModel Train(IReadOnlyList<string> names, IReadOnlyList<double[]> x, IReadOnlyList<bool> y,
        double lambda = 0.01, double learningRate = 0.5, int iterations = 400)
    {
        var n = x.Count;
        var d = names.Count;
        var means = new double[d];
        var stds = new double[d];
        for (var j = 0; j < d; j++)
        {
            var mean = 0.0;
            for (var i = 0; i < n; i++) mean += x[i][j];
            mean /= n;
            var variance = 0.0;
            for (var i = 0; i < n; i++) variance += (x[i][j] - mean) * (x[i][j] - mean);
            means[j] = mean;
            // A constant feature stays at z = 0 (and its weight at 0 under L2).
            stds[j] = Math.Sqrt(variance / n) is var s && s > 1e-9 ? s : 1;
        }
        var z = new double[n][];
        for (var i = 0; i < n; i++)
        {
            z[i] = new double[d];
            for (var j = 0; j < d; j++) z[i][j] = (x[i][j] - means[j]) / stds[j];
        }

        var w = new double[d];
        var positives = y.Count(v => v);
        var bias = Math.Log((positives + 0.5) / (n - positives + 0.5));
        var gradient = new double[d];
        for (var iteration = 0; iteration < iterations; iteration++)
        {
            Array.Clear(gradient);
            var gradientBias = 0.0;
            for (var i = 0; i < n; i++)
            {
                var s = bias;
                for (var j = 0; j < d; j++) s += w[j] * z[i][j];
                var error = LogisticModel.Sigmoid(s) - (y[i] ? 1 : 0);
                gradientBias += error;
                for (var j = 0; j < d; j++) gradient[j] += error * z[i][j];
            }
            bias -= learningRate * gradientBias / n;
            for (var j = 0; j < d; j++) w[j] -= learningRate * (gradient[j] / n + lambda * w[j]);
        }
        return new LogisticModel(names, means, stds, w, bias);
    }

    /// <summary>Area under the ROC curve: the chance that a random positive scores above a random negative
    /// (ties count half). Null when either class is missing.</summary>
    public static double? Auc(IReadOnlyList<double> scores, IReadOnlyList<bool> labels)
    {
        var order = Enumerable.Range(0, scores.Count).OrderBy(i => scores[i]).ToArray();
        var ranks = new double[scores.Count];
        for (var start = 0; start < order.Length;)
        {
            var end = start;
            while (end + 1 < order.Length && scores[order[end + 1]] == scores[order[start]]) end++;
            var rank = (start + end) / 2.0 + 1;
            for (var k = start; k <= end; k++) ranks[order[k]] = rank;
            start = end + 1;
        }
        double positives = labels.Count(l => l), negatives = labels.Count - positives;
        if (positives == 0 || negatives == 0) return null;
        var sum = 0.0;
        for (var i = 0; i < labels.Count; i++) if (labels[i]) sum += ranks[i];
        return (sum - positives * (positives + 1) / 2) / (positives * negatives);
    }
}

using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using NpgsqlTypes;
using Omni.Platform.Database;
using Omni.Tracking.Segments;

namespace Omni.Tracking.Scores.Training;

/// <summary>Trains an org's conversion model from its own history and scores every contact with it. One in five
/// contacts (by a hash of its id, so the split is stable between runs) is held out for the AUC.</summary>
internal sealed class ScoreTrainer(DbSession session, FeatureExtractor features, ILogger<ScoreTrainer> log)
{
    public const int MinPerClass = 10;
    public const int TopFactors = 3;

    public async Task<TrainingOutcome> TrainAsync(Guid orgId, IReadOnlyList<string> conversionEvents, CancellationToken ct)
    {
        var set = await features.VocabularyAsync(orgId, conversionEvents, ct);
        var rows = await features.ExtractAsync(orgId, set, conversionEvents, training: true, ct);
        var positives = rows.Count(r => r.Converted);
        if (positives < MinPerClass || rows.Count - positives < MinPerClass)
        {
            log.LogInformation("Org {OrgId}: {Positives} converted of {Samples} contacts, too few to train a score model", orgId, positives, rows.Count);
            return new TrainingOutcome(null, rows.Count, positives, null, $"needs at least {MinPerClass} converted and {MinPerClass} not converted contacts");
        }

        var train = rows.Where(r => !IsHoldout(r.ContactId)).ToList();
        var holdout = rows.Where(r => IsHoldout(r.ContactId)).ToList();
        var model = LogisticRegression.Train(set.Names, train.Select(r => r.Values).ToList(), train.Select(r => r.Converted).ToList());
        var auc = LogisticRegression.Auc(holdout.Select(r => model.Predict(r.Values)).ToList(), holdout.Select(r => r.Converted).ToList());

        var modelId = Guid.CreateVersion7();
        await using (var cmd = await session.CommandAsync(
            "insert into tracking.score_models (id, org_id, features, weights, auc, samples, positives) values ($1, $2, $3, $4, $5, $6, $7)", ct))
        {
            cmd.Parameters.AddWithValue(NpgsqlDbType.Uuid, modelId);
            cmd.Parameters.AddWithValue(NpgsqlDbType.Uuid, orgId);
            cmd.Parameters.AddWithValue(NpgsqlDbType.Jsonb, JsonSerializer.Serialize(
                new StoredFeatures(set.Names, model.Means, model.Stds, conversionEvents, set.EventNames, set.Paths), SegmentJson.Options));
            cmd.Parameters.AddWithValue(NpgsqlDbType.Jsonb, JsonSerializer.Serialize(new StoredWeights(model.Bias, model.Weights), SegmentJson.Options));
            cmd.Parameters.AddWithValue(NpgsqlDbType.Real, auc is { } a ? (float)a : DBNull.Value);
            cmd.Parameters.AddWithValue(NpgsqlDbType.Integer, rows.Count);
            cmd.Parameters.AddWithValue(NpgsqlDbType.Integer, positives);
            await cmd.ExecuteNonQueryAsync(ct);
        }

        // Scores use everything each contact has done up to now.
        var current = await features.ExtractAsync(orgId, set, conversionEvents, training: false, ct);
        await WriteScoresAsync(orgId, modelId, model, current, ct);
        log.LogInformation("Org {OrgId}: score model {ModelId} trained on {Samples} contacts ({Positives} converted), holdout AUC {Auc}",
            orgId, modelId, rows.Count, positives, auc);
        return new TrainingOutcome(modelId, rows.Count, positives, auc, null);
    }

    private async Task WriteScoresAsync(Guid orgId, Guid modelId, LogisticModel model, List<ContactFeatures> contacts, CancellationToken ct)
    {
        var ids = contacts.Select(c => c.ContactId).ToArray();
        var scores = contacts.Select(c => (float)Math.Clamp(model.Predict(c.Values), 0, 1)).ToArray();
        var factors = contacts.Select(c => JsonSerializer.Serialize(
            model.TopFactors(c.Values, TopFactors).Select(f => new ScoreFactor(model.Names[f.Index], Raw(model.Names[f.Index], c.Values[f.Index]), Math.Round(f.Contribution, 4))),
            SegmentJson.Options)).ToArray();
        await using var cmd = await session.CommandAsync("""
            with upserted as (
              insert into tracking.contact_scores (org_id, contact_id, model_id, score, factors, scored_at)
              select $1, t.contact_id, $2, t.score, t.factors, now() from unnest($3::uuid[], $4::real[], $5::jsonb[]) as t(contact_id, score, factors)
              on conflict (org_id, contact_id) do update set model_id = excluded.model_id, score = excluded.score, factors = excluded.factors, scored_at = excluded.scored_at
              returning contact_id)
            delete from tracking.contact_scores s where s.org_id = $1 and s.model_id <> $2 and s.contact_id not in (select contact_id from upserted)
            """, ct);
        cmd.Parameters.AddWithValue(NpgsqlDbType.Uuid, orgId);
        cmd.Parameters.AddWithValue(NpgsqlDbType.Uuid, modelId);
        cmd.Parameters.AddWithValue(NpgsqlDbType.Array | NpgsqlDbType.Uuid, ids);
        cmd.Parameters.AddWithValue(NpgsqlDbType.Array | NpgsqlDbType.Real, scores);
        cmd.Parameters.AddWithValue(NpgsqlDbType.Array | NpgsqlDbType.Jsonb, factors);
        await cmd.ExecuteNonQueryAsync(ct);
    }

    /// <summary>A feature's value as people read it: a count, days, or 0/1 (features are stored on a log scale).</summary>
    private static double Raw(string name, double value) => name == "utm_source" ? value : Math.Round(Math.Exp(value) - 1, 2);

    private static bool IsHoldout(Guid contactId)
    {
        Span<byte> bytes = stackalloc byte[16];
        contactId.TryWriteBytes(bytes);
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(bytes, hash);
        return hash[0] % 5 == 0;
    }
}

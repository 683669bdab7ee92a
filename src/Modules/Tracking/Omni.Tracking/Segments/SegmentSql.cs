using Npgsql;
using NpgsqlTypes;

namespace Omni.Tracking.Segments;

/// <summary>Compiles a segment's rules into one statement that yields the contact ids of its members: one
/// set of contacts per condition, intersected. <c>$1</c> is the org; conditions add their own parameters.
/// Conditions on other modules' data (channel, lead stage) take the contact sets those modules' contracts gave,
/// keyed by <see cref="SegmentCondition.OutsideKey"/>.</summary>
internal static class SegmentSql
{
    public static string Members(SegmentRules rules, IReadOnlyDictionary<string, Guid[]> outsideContacts, List<NpgsqlParameter> parameters)
    {
        if (parameters.Count == 0) parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Uuid });
        if (rules.Conditions.Count == 0) return "select null::uuid as contact_id where false";
        var sets = rules.Conditions.Select(c => "(" + Condition(c, outsideContacts, parameters) + ")");
        return "select contact_id from (" + string.Join(" intersect ", sets) + ") members";
    }

    private static string Condition(SegmentCondition c, IReadOnlyDictionary<string, Guid[]> outsideContacts, List<NpgsqlParameter> p)
    {
        string Add(NpgsqlDbType type, object value)
        {
            p.Add(new NpgsqlParameter { NpgsqlDbType = type, Value = value });
            return "$" + p.Count;
        }

        string Since() => $"occurred_at >= now() - make_interval(days => {Add(NpgsqlDbType.Integer, c.WithinDays ?? SegmentConditionTypes.DefaultWithinDays)})";

        return c.Type switch
        {
            SegmentConditionTypes.Event =>
                $"select contact_id from tracking.events where org_id = $1 and name = {Add(NpgsqlDbType.Text, c.Name!)} and {Since()} " +
                $"and contact_id is not null group by contact_id having count(*) >= {Add(NpgsqlDbType.Integer, c.MinCount ?? 1)}",
            SegmentConditionTypes.Property =>
                "select distinct contact_id from tracking.events where org_id = $1 and contact_id is not null and " + Since() +
                (c.Event is null ? "" : $" and name = {Add(NpgsqlDbType.Text, c.Event)}") +
                (c.Op == "equals"
                    ? $" and properties ->> {Add(NpgsqlDbType.Text, c.Key!)} = {Add(NpgsqlDbType.Text, c.Value!)}"
                    : $" and strpos(lower(properties ->> {Add(NpgsqlDbType.Text, c.Key!)}), lower({Add(NpgsqlDbType.Text, c.Value!)})) > 0"),
            SegmentConditionTypes.Url =>
                "select distinct contact_id from tracking.events where org_id = $1 and contact_id is not null and type = 'page' and " + Since() +
                (c.Op == "prefix"
                    ? $" and starts_with(url, {Add(NpgsqlDbType.Text, c.Value!)})"
                    : $" and strpos(url, {Add(NpgsqlDbType.Text, c.Value!)}) > 0"),
            SegmentConditionTypes.Score =>
                $"select contact_id from tracking.contact_scores where org_id = $1 and score >= {Add(NpgsqlDbType.Real, (float)(c.Min ?? 0))} " +
                $"and score <= {Add(NpgsqlDbType.Real, (float)(c.Max ?? 1))}",
            SegmentConditionTypes.Channel or SegmentConditionTypes.LeadStage =>
                $"select unnest({Add(NpgsqlDbType.Array | NpgsqlDbType.Uuid, outsideContacts.GetValueOrDefault(c.OutsideKey!, []))}::uuid[]) as contact_id",
            _ => throw new InvalidOperationException($"Unknown segment condition type '{c.Type}'."),
        };
    }
}

using Omni.Platform.Database;
using Omni.Projects.Data;

namespace Omni.Projects.Ranking;

/// <summary>Respreads ranks that grew long. Only the tasks around the long rank are rewritten: a window of
/// <see cref="Windows"/> tasks on each side, the smallest whose new ranks (spread evenly between the ranks
/// just outside it) come out at most <see cref="TargetLength"/> characters; the whole column only when no
/// window does. One UPDATE statement; the column is locked by the caller, and (column_id, rank) is checked
/// at the end of the statement, so ranks may pass each other while it runs.</summary>
internal static class RankBalancer
{
    public static readonly int[] Windows = [32, 512];
    public const int TargetLength = 12;

    /// <summary>Rows rewritten.</summary>
    public static async Task<int> RebalanceAroundAsync(DbSession session, Guid orgId, Guid columnId, string rank, CancellationToken ct)
    {
        foreach (var window in Windows.Append(int.MaxValue))
        {
            var limit = window == int.MaxValue ? "all" : (window + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
            var below = await session.ListAsync(
                $"select id, rank from projects.tasks where org_id = $1 and column_id = $2 and rank < $3 order by rank desc limit {limit}",
                r => (Id: r.GetGuid(0), Rank: r.GetString(1)), ct, orgId, columnId, rank);
            var above = await session.ListAsync(
                $"select id, rank from projects.tasks where org_id = $1 and column_id = $2 and rank >= $3 order by rank limit {limit}",
                r => (Id: r.GetGuid(0), Rank: r.GetString(1)), ct, orgId, columnId, rank);
            var lower = below.Count > window ? below[window].Rank : null;
            var upper = above.Count > window ? above[window].Rank : null;
            var rows = below.Take(window).Reverse().Concat(above.Take(window)).ToList();
            var ranks = Rank.Spread(lower, upper, rows.Count);
            if (window != int.MaxValue && ranks.Any(r => r.Length > TargetLength)) continue;
            return await session.ExecAsync("""
                update projects.tasks t set rank = m.rank
                from unnest($3::uuid[], $4::text[]) as m(id, rank)
                where t.org_id = $1 and t.column_id = $2 and t.id = m.id
                """, ct, orgId, columnId, rows.Select(r => r.Id).ToArray(), ranks.ToArray());
        }
        return 0;
    }
}

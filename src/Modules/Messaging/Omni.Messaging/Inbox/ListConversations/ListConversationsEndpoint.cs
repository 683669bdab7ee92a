using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Omni.Messaging.Data;
using Omni.Messaging.Domain;
using Omni.Platform.Http;
using Omni.Platform.Tenancy;

namespace Omni.Messaging.Inbox.ListConversations;

internal static class ListConversationsEndpoint
{
    /// <summary>The shared inbox, most recent activity first (conversations without messages last).
    /// <c>status</c>: <c>open</c>, <c>pending</c>, <c>snoozed</c>, <c>resolved</c>, several separated by commas,
    /// or <c>all</c>; by default every status but <c>resolved</c>. <c>assignee</c>: <c>me</c>, <c>none</c> or a
    /// user id. <c>label</c>: conversations carrying it. <c>q</c>: text in the contact's name or in the last
    /// message. Pass <c>next_cursor</c> back as <c>cursor</c> for the next page.</summary>
    public static async Task<Results<Ok<Page<ConversationResponse>>, ProblemHttpResult>> Handle(
        string? status,
        [FromQuery(Name = "channel_id")] Guid? channelId,
        string? assignee,
        string? label,
        [FromQuery(Name = "contact_id")] Guid? contactId,
        string? q,
        int? limit,
        string? cursor,
        MessagingDbContext db, RequestContext request, CancellationToken ct)
    {
        var (take, _) = Paging.Read(limit, null);
        var after = ActivityCursor.Read(cursor);

        IReadOnlyList<string>? statuses = null;
        if (!string.IsNullOrWhiteSpace(status))
        {
            var parts = status.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            if (parts is ["all"]) statuses = [];
            else if (parts.Length > 0 && parts.All(ConversationStatuses.All.Contains)) statuses = parts.Distinct().ToList();
            else return ApiProblem.Validation("status", $"status must be all, or one or more of {string.Join(", ", ConversationStatuses.All)} separated by commas.");
        }

        Guid? assigneeId = null;
        var unassigned = false;
        switch (assignee?.Trim())
        {
            case null or "":
                break;
            case "none":
                unassigned = true;
                break;
            case "me":
                assigneeId = request.UserId;
                if (assigneeId is null) return ApiProblem.Validation("assignee", "assignee=me needs a signed-in user; API keys name a user id.");
                break;
            default:
                if (!Guid.TryParse(assignee, out var id)) return ApiProblem.Validation("assignee", "assignee must be me, none or a user id.");
                assigneeId = id;
                break;
        }

        if (!string.IsNullOrWhiteSpace(label) && !UpdateConversation.LabelRules.IsValid(label))
            return ApiProblem.Validation("label", $"label is at most {UpdateConversation.LabelRules.MaxLength} characters, without control characters.");
        if (q is not null && (q.Length > 200 || q.Any(char.IsControl))) return ApiProblem.Validation("q", "q is at most 200 characters, without control characters.");

        var filter = new ConversationFilter(statuses, channelId, contactId, assigneeId, unassigned,
            string.IsNullOrWhiteSpace(label) ? null : UpdateConversation.LabelRules.Normalize(label),
            string.IsNullOrWhiteSpace(q) ? null : q.Trim());
        return TypedResults.Ok(await ConversationQueries.PageAsync(db, request.OrgId, filter, after, take, ct));
    }
}

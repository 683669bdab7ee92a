using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Omni.Messaging.Data;
using Omni.Messaging.Domain;
using Omni.Messaging.Inbox.WakeSnoozed;
using Omni.Platform.Database;
using Omni.Platform.Http;
using Omni.Platform.Jobs;
using Omni.Platform.Tenancy;

namespace Omni.Messaging.Inbox.UpdateConversation;

internal static class UpdateConversationEndpoint
{
    private const string OneOpenIndex = "conversations_one_open_idx";

    /// <summary>Status, assignee, priority, labels. A resolved conversation cannot be reopened while its
    /// contact has another one open on the same channel (409 <c>conversation_already_open</c>, naming it):
    /// a contact has at most one live conversation per channel.</summary>
    public static async Task<Results<Ok<ConversationResponse>, NotFound, ProblemHttpResult>> Handle(
        Guid id, UpdateConversationRequest body, MessagingDbContext db, OrgMembers members, JobQueue jobs, RequestContext request, CancellationToken ct)
    {
        var conversation = await db.Conversations.AsTracking().SingleOrDefaultAsync(c => c.Id == id && c.OrgId == request.OrgId, ct);
        if (conversation is null) return TypedResults.NotFound();

        if (body.AssigneeId is { IsSet: true, Value: { } assignee } && !await members.HasRoleAsync(assignee, [OrgRoles.Owner, OrgRoles.Admin, OrgRoles.Agent], ct))
            return ApiProblem.Validation("assignee_id", "assignee_id must be a member of the org who may handle conversations (owner, admin or agent).");

        if (body.Status is { } status)
        {
            if (status != ConversationStatuses.Resolved && conversation.Status == ConversationStatuses.Resolved && conversation.ExternalId is null)
            {
                var open = await db.Conversations
                    .Where(c => c.ContactId == conversation.ContactId && c.ChannelId == conversation.ChannelId && c.Id != conversation.Id
                                && c.Status != ConversationStatuses.Resolved && c.ExternalId == null)
                    .Select(c => (Guid?)c.Id).FirstOrDefaultAsync(ct);
                if (open is { } other) return AlreadyOpen(other);
            }
            conversation.Status = status;
            conversation.SnoozedUntil = status == ConversationStatuses.Snoozed ? body.SnoozedUntil : null;
            if (status == ConversationStatuses.Snoozed)
                await jobs.EnqueueAsync(WakeSnoozedJob.Type, new WakeSnoozedPayload(conversation.Id), runAt: body.SnoozedUntil, ct: ct);
        }
        if (body.AssigneeId.IsSet) conversation.AssigneeId = body.AssigneeId.Value;
        if (body.Priority is { } priority) conversation.Priority = priority;
        if (body.Labels is { } labels) conversation.Labels = LabelRules.Clean(labels);
        conversation.UpdatedAt = DbClock.Now;

        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (e.IsUniqueViolation(OneOpenIndex))
        {
            // Another request reopened or started one between the check and the save.
            return AlreadyOpen(null);
        }
        return TypedResults.Ok((await ConversationQueries.GetAsync(db, request.OrgId, id, ct))!);
    }

    private static ProblemHttpResult AlreadyOpen(Guid? other)
    {
        var problem = ApiProblem.Conflict("conversation_already_open",
            "The contact already has an open conversation on this channel; continue there, or resolve it first.");
        if (other is not null) problem.ProblemDetails.Extensions["open_conversation_id"] = other;
        return problem;
    }
}

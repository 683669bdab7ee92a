using Omni.Platform.Http;
using Omni.Platform.Tenancy;

namespace Omni.Projects.ListTasks;

/// <summary>Reads the list's query parameters into a <see cref="TaskFilter"/>; a bad one ends the request with
/// a 400 naming it.</summary>
internal static class TaskListParameters
{
    public static readonly IReadOnlyList<string> Views = ["mine", "overdue", "due_soon"];

    public static TaskFilter Read(
        RequestContext request, string? view, int? withinDays, Guid? projectId, Guid? columnId, string? assignee, string? label,
        string? priority, string? q, Guid? contactId, Guid? leadId, Guid? conversationId)
    {
        if (view is not null && !Views.Contains(view)) throw Invalid("view", $"view must be one of {string.Join(", ", Views)}.");
        if (withinDays is not null && view != "due_soon") throw Invalid("within_days", "within_days goes with view=due_soon.");
        if (withinDays is < 0 or > 365) throw Invalid("within_days", "within_days is 0 to 365.");
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
                assigneeId = request.UserId ?? throw Invalid("assignee", "assignee=me needs a signed-in user; API keys name a user id.");
                break;
            default:
                if (!Guid.TryParse(assignee, out var id)) throw Invalid("assignee", "assignee must be me, none or a user id.");
                assigneeId = id;
                break;
        }
        if (view == "mine")
        {
            if (request.UserId is not { } me) throw Invalid("view", "view=mine needs a signed-in user; API keys filter by assignee.");
            if (assigneeId is not null && assigneeId != me || unassigned) throw Invalid("assignee", "view=mine lists the caller's tasks; leave assignee out.");
            assigneeId = me;
        }
        if (label is not null && !ProjectRules.IsValidLabel(label)) throw Invalid("label", $"label is 1 to {ProjectLimits.LabelLength} characters.");
        if (priority is not null && !TaskPriorities.All.Contains(priority))
            throw Invalid("priority", $"priority must be one of {string.Join(", ", TaskPriorities.All)}.");
        if (q is not null && (q.Length > 200 || q.Any(char.IsControl))) throw Invalid("q", "q is at most 200 characters, without control characters.");

        return new TaskFilter(view, withinDays ?? 7, projectId, columnId, assigneeId, unassigned,
            label?.Trim().ToLowerInvariant(), priority, string.IsNullOrWhiteSpace(q) ? null : q.Trim(), contactId, leadId, conversationId);
    }

    public static DateOnly Today => DateOnly.FromDateTime(DateTime.UtcNow);

    private static ApiException Invalid(string field, string message) => ApiException.InvalidField(field, message);
}

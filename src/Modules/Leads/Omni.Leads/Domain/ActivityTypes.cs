namespace Omni.Leads.Domain;

/// <summary>What a lead's activity history records.</summary>
internal static class ActivityTypes
{
    public const string Created = "created";
    public const string Imported = "imported";
    public const string Edited = "edited";
    public const string StageChanged = "stage_changed";
    public const string StatusChanged = "status_changed";
    public const string Assigned = "assigned";
    public const string NoteAdded = "note_added";
    public const string ContactMerged = "contact_merged";
    public const string ContactDeleted = "contact_deleted";
}

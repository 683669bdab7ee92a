namespace Omni.Tracking.Segments;

internal static class SegmentConditionTypes
{
    public const string Event = "event";
    public const string Property = "property";
    public const string Url = "url";
    public const string Score = "score";
    public const string Channel = "channel";
    public const string LeadStage = "lead_stage";

    public static readonly string[] All = [Event, Property, Url, Score, Channel, LeadStage];
    public static readonly string[] ChannelTypes = ["whatsapp", "telegram", "instagram", "web_widget", "signal", "wechat"];
    public const int DefaultWithinDays = 30;
    public const int MaxConditions = 20;
}

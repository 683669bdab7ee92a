namespace Omni.Tracking.Segments;

/// <summary>One rule of a segment; which fields apply depends on <see cref="Type"/> (see <see cref="SegmentConditionTypes"/>).</summary>
/// <param name="Type"><c>event</c>, <c>property</c>, <c>url</c>, <c>score</c>, <c>channel</c> or <c>lead_stage</c>.</param>
/// <param name="Name">event: the event name.</param>
/// <param name="MinCount">event: at least this many times (default 1).</param>
/// <param name="WithinDays">event, property, url: in the last this many days (default 30).</param>
/// <param name="Event">property: only events of this name (optional).</param>
/// <param name="Key">property: the key in the event's <c>properties</c>.</param>
/// <param name="Op">property: <c>equals</c> or <c>contains</c>; url: <c>contains</c> or <c>prefix</c>.</param>
/// <param name="Value">property, url: what to match.</param>
/// <param name="Min">score: the lowest score (0..1).</param>
/// <param name="Max">score: the highest score (0..1).</param>
/// <param name="ChannelType">channel: <c>whatsapp</c>, <c>telegram</c>, <c>instagram</c>, <c>web_widget</c>, <c>signal</c> or <c>wechat</c>.</param>
/// <param name="StageId">lead_stage: contacts with a lead now in this pipeline stage.</param>
internal sealed record SegmentCondition(
    string Type,
    string? Name = null,
    int? MinCount = null,
    int? WithinDays = null,
    string? Event = null,
    string? Key = null,
    string? Op = null,
    string? Value = null,
    double? Min = null,
    double? Max = null,
    string? ChannelType = null,
    Guid? StageId = null)
{
    /// <summary>For conditions another module answers (channel, lead stage): the key of their contact set.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public string? OutsideKey => Type switch
    {
        SegmentConditionTypes.Channel => "channel:" + ChannelType,
        SegmentConditionTypes.LeadStage => "lead_stage:" + StageId,
        _ => null,
    };
}

namespace Omni.Tracking.Segments;

/// <summary>A segment's rules: a contact is a member when every condition holds.</summary>
internal sealed record SegmentRules(IReadOnlyList<SegmentCondition> Conditions)
{
    public static SegmentRules Example => new([
        new SegmentCondition(SegmentConditionTypes.Event, Name: "Viewed Pricing", MinCount: 3, WithinDays: 30),
        new SegmentCondition(SegmentConditionTypes.Property, Event: "Added To Cart", Key: "plan", Op: "equals", Value: "pro", WithinDays: 14),
        new SegmentCondition(SegmentConditionTypes.Url, Op: "prefix", Value: "https://shop.example.com/pricing", WithinDays: 30),
        new SegmentCondition(SegmentConditionTypes.Score, Min: 0.5, Max: 1),
        new SegmentCondition(SegmentConditionTypes.Channel, ChannelType: "whatsapp"),
    ]);
}

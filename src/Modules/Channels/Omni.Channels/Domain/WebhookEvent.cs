namespace Omni.Channels.Domain;

internal sealed class WebhookEvent
{
    public Guid Id { get; set; }
    public Guid OrgId { get; set; }
    public Guid ChannelId { get; set; }
    public string Platform { get; set; } = "";
    public string Body { get; set; } = "";
    public DateTimeOffset ReceivedAt { get; set; }
    public DateTimeOffset? ProcessedAt { get; set; }
    public string? Error { get; set; }
}

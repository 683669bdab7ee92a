using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Omni.Channels.Data;
using Omni.Channels.Gateway;
using Omni.Channels.Providers;
using Omni.Messaging.Contracts;
using Omni.Platform.Database;
using Omni.Platform.Tenancy;

namespace Omni.Channels.Capabilities;

internal sealed record CapabilitiesResponse(
    bool CanSend,
    IReadOnlyList<string> MessageTypes,
    IReadOnlyDictionary<string, long> MaxMediaBytes,
    bool SupportsTemplates,
    int? CustomerServiceWindowHours,
    bool? WindowOpen,
    DateTimeOffset? WindowClosesAt,
    int MaxTextLength,
    int MaxCaptionLength,
    bool MediaByLinkOnly);

internal static class GetCapabilitiesEndpoint
{
    /// <summary>What the channel can send. With <c>contact_id</c>: whether free-form messages can reach that
    /// contact now (the customer-service window), or only templates.</summary>
    public static async Task<Results<Ok<CapabilitiesResponse>, NotFound>> Handle(
        Guid id, [FromQuery(Name = "contact_id")] Guid? contactId, ChannelsDbContext db, ProviderRegistry providers, IConversationWindows windows, RequestContext request, CancellationToken ct)
    {
        var channel = await db.Channels.SingleOrDefaultAsync(c => c.Id == id && c.OrgId == request.OrgId, ct);
        if (channel is null) return TypedResults.NotFound();
        var caps = ChannelGateway.CapabilitiesOf(channel, providers);

        bool? open = null;
        DateTimeOffset? closesAt = null;
        if (contactId is { } contact && caps.CanSend)
        {
            if (caps.CustomerServiceWindow is { } window)
            {
                var last = await windows.LastInboundAtAsync(channel.Id, contact, ct);
                closesAt = last + window;
                open = closesAt > DbClock.Now;
            }
            else
            {
                open = true;
            }
        }
        return TypedResults.Ok(new CapabilitiesResponse(caps.CanSend, caps.MessageTypes, caps.MaxMediaBytes, caps.SupportsTemplates,
            caps.CustomerServiceWindow is { } w ? (int)w.TotalHours : null, open, closesAt,
            caps.MaxTextLength, caps.MaxCaptionLength, caps.MediaByLinkOnly));
    }
}

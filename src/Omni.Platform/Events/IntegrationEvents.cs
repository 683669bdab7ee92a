using System.Reflection;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Omni.Platform.Hosting;
using Omni.Platform.Jobs;

namespace Omni.Platform.Events;

/// <summary>A fact one module tells others about (declared in the publisher's Contracts).</summary>
public interface IIntegrationEvent;

/// <summary>The event's stable name on the wire and in job types, e.g. <c>contacts.merged</c>.</summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class IntegrationEventAttribute(string name) : Attribute
{
    public string Name { get; } = name;
}

public interface IIntegrationEventHandler<in TEvent> where TEvent : IIntegrationEvent
{
    Task HandleAsync(TEvent integrationEvent, CancellationToken ct);
}

/// <summary>The in-process bus. Publishing writes one outbox job per subscribed handler in the current
/// transaction: the event is delivered if and only if the change that raised it commits, and each
/// handler retries on its own.</summary>
public sealed class EventBus(JobQueue jobs, EventSubscriptions subscriptions)
{
    public async Task PublishAsync<TEvent>(TEvent integrationEvent, CancellationToken ct) where TEvent : IIntegrationEvent
    {
        foreach (var jobType in subscriptions.JobTypesFor(typeof(TEvent)))
            await jobs.EnqueueAsync(jobType, integrationEvent, ct: ct);
    }

    /// <summary>As <see cref="PublishAsync{TEvent}"/> for many events of one type: one statement per subscriber.</summary>
    public async Task PublishManyAsync<TEvent>(IReadOnlyList<TEvent> integrationEvents, CancellationToken ct) where TEvent : IIntegrationEvent
    {
        if (integrationEvents.Count == 0) return;
        var payloads = integrationEvents.Cast<object>().ToList();
        foreach (var jobType in subscriptions.JobTypesFor(typeof(TEvent)))
            await jobs.EnqueueManyAsync(jobType, payloads, ct);
    }
}

public sealed class EventSubscriptions
{
    private readonly Dictionary<Type, List<string>> _byEvent = [];

    internal void Add(Type eventType, string jobType)
    {
        if (!_byEvent.TryGetValue(eventType, out var list)) _byEvent[eventType] = list = [];
        list.Add(jobType);
    }

    public IReadOnlyList<string> JobTypesFor(Type eventType) => _byEvent.TryGetValue(eventType, out var list) ? list : [];

    public static string NameOf(Type eventType) =>
        eventType.GetCustomAttribute<IntegrationEventAttribute>()?.Name
        ?? throw new InvalidOperationException($"{eventType.Name} needs an [IntegrationEvent(\"...\")] name.");
}

public static class EventRegistration
{
    /// <param name="subscriber">A stable name for this subscription, unique per event across modules, e.g.
    /// <c>leads.contact-merged</c>. It names the outbox jobs, so renaming the handler class later does not
    /// strand jobs already queued.</param>
    public static IServiceCollection AddIntegrationEventHandler<TEvent, THandler>(this IServiceCollection services, string subscriber)
        where TEvent : IIntegrationEvent
        where THandler : class, IIntegrationEventHandler<TEvent>
    {
        var jobType = $"event:{EventSubscriptions.NameOf(typeof(TEvent))}:{subscriber}";
        SubscriptionsFrom(services).Add(typeof(TEvent), jobType);
        services.AddScoped<THandler>();
        services.AddJobHandler<EventDelivery<TEvent, THandler>>(jobType);
        return services;
    }

    internal static EventSubscriptions SubscriptionsFrom(IServiceCollection services) => services.GetOrAddInstance<EventSubscriptions>();
}

/// <summary>Delivers one outbox event to one handler.</summary>
internal sealed class EventDelivery<TEvent, THandler>(THandler handler, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json) : IJobHandler
    where TEvent : IIntegrationEvent
    where THandler : IIntegrationEventHandler<TEvent>
{
    public Task HandleAsync(JobContext job, CancellationToken ct)
    {
        var e = job.Payload.Deserialize<TEvent>(json.Value.SerializerOptions)
            ?? throw new JobPermanentFailureException("the event payload is empty");
        return handler.HandleAsync(e, ct);
    }
}

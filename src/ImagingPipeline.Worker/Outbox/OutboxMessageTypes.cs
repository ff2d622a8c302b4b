using ImagingPipeline.Contracts;

namespace ImagingPipeline.Worker.Outbox;

/// <summary>The message types the worker publishes through the outbox, by the name stored in message_type.</summary>
internal static class OutboxMessageTypes
{
    private static readonly Dictionary<string, Type> ByName = new[]
    {
        typeof(StudyReceived), typeof(ProgressiveSiteIdentified), typeof(OligoProgressionAssessed), typeof(SiteReviewCompleted),
    }.ToDictionary(t => t.Name, StringComparer.Ordinal);

    public static string NameOf(Type type) => ByName.ContainsKey(type.Name)
        ? type.Name
        : throw new ArgumentException($"{type.Name} is not a message the worker publishes", nameof(type));

    public static Type Resolve(string name) => ByName.TryGetValue(name, out var type)
        ? type
        : throw new InvalidOperationException($"outbox row with unknown message type '{name}'");
}

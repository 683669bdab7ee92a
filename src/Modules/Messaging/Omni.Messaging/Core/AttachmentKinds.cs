namespace Omni.Messaging.Core;

internal static class AttachmentKinds
{
    public static readonly IReadOnlyList<string> All = ["image", "audio", "video", "file"];

    /// <summary>Platform media kinds (document, sticker, voice, ...) as ours.</summary>
    public static string Normalize(string kind) => kind switch
    {
        "image" or "sticker" or "photo" => "image",
        "audio" or "voice" => "audio",
        "video" or "video_note" or "animation" => "video",
        _ => "file",
    };
}

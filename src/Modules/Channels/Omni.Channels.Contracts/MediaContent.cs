namespace Omni.Channels.Contracts;

/// <summary>Media fetched from a platform, within the caller's size limit.</summary>
public sealed record MediaContent(byte[] Bytes, string MimeType, string? FileName);

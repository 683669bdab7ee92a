using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.StaticFiles;
using Omni.Channels.Contracts;
using Omni.Platform.Http;
using Omni.Platform.Jobs;

namespace Omni.Channels.Providers.Telegram;

/// <summary>Inbound media: <c>getFile(file_id)</c> gives a <c>file_path</c>, downloaded from
/// <c>file/bot&lt;token&gt;/&lt;file_path&gt;</c> through the SSRF-safe fetcher within the size cap. Bots cannot
/// download files over 20 MB (<c>400 file is too big</c>): <c>too_large</c>. The download does not say what it
/// is, so the type comes from the file's extension.</summary>
internal sealed class TelegramFiles(TelegramClient client, SafeFetcher fetcher)
{
    private static readonly FileExtensionContentTypeProvider Types = NewTypes();

    /// <exception cref="MediaFetchException">Too large, refused or gone: the attachment fails.</exception>
    /// <exception cref="TelegramUnavailableException">Telegram could not answer now: the fetch is retried.</exception>
    public async Task<MediaContent> DownloadAsync(ChannelContext channel, string fileId, long maxBytes, CancellationToken ct)
    {
        var token = channel.Credentials.GetValueOrDefault(TelegramBotToken.Credential);
        if (!TelegramBotToken.IsWellFormed(token)) throw new MediaFetchException("credentials_rejected", "The channel has no well-formed bot token.");

        var answer = await client.CallAsync(token!, "getFile", new JsonObject { ["file_id"] = fileId }, ct);
        var description = TelegramBotToken.Scrub(answer.Description, token!);
        if (answer.ErrorCode == 429) throw new JobRetryException(answer.RetryAfter ?? TimeSpan.FromSeconds(5), $"Telegram rate limited getFile: {description}");
        if (answer.Transient) throw new TelegramUnavailableException(description);
        if (answer.TokenRejected) throw new MediaFetchException("credentials_rejected", $"Telegram refused the bot token: {description}");
        if (!answer.Ok && description.Contains("file is too big", StringComparison.OrdinalIgnoreCase))
            throw new MediaFetchException("too_large", "Telegram lets bots download files of up to 20 MB only.");
        if (!answer.Ok) throw new MediaFetchException($"telegram_{answer.ErrorCode}", description);

        if (answer.Result.TryGetProperty("file_size", out var size) && size.TryGetInt64(out var bytes) && bytes > maxBytes)
            throw new MediaFetchException("too_large", $"The file is larger than {maxBytes} bytes.");
        var path = answer.Result.TryGetProperty("file_path", out var p) && p.ValueKind == JsonValueKind.String ? p.GetString()! : null;
        var url = path is null ? null : client.FileUrl(token!, path);
        if (url is null) throw new MediaFetchException("unavailable", "Telegram has no downloadable copy of this file.");

        FetchedContent file;
        try
        {
            file = await fetcher.GetAsync(url, maxBytes, TimeSpan.FromMinutes(2), null, ct);
        }
        catch (FetchException e) when (e.Code == "too_large")
        {
            throw new MediaFetchException("too_large", e.Message);
        }
        catch (FetchException e)
        {
            throw new TelegramUnavailableException($"The file download failed: {TelegramBotToken.Scrub(e.Message, token!)}");
        }
        return new MediaContent(file.Content, TypeOf(file.MediaType, path!), null);
    }

    private static string TypeOf(string? served, string path)
    {
        if (served is { Length: > 0 } && served != "application/octet-stream") return served;
        return Types.TryGetContentType(path, out var type) ? type : "application/octet-stream";
    }

    private static FileExtensionContentTypeProvider NewTypes()
    {
        var provider = new FileExtensionContentTypeProvider();
        provider.Mappings[".oga"] = "audio/ogg"; // voice notes
        provider.Mappings[".tgs"] = "application/x-tgsticker"; // animated stickers
        return provider;
    }
}

/// <summary>Telegram did not answer, or answered 5xx: worth trying again later. The message never carries the token.</summary>
internal sealed class TelegramUnavailableException(string message) : Exception(message);

using System.Buffers.Text;
using System.Globalization;
using System.Text;
using Omni.Platform.Http;

namespace Omni.Projects.ListTasks;

/// <summary>A position in a task list, for the list's order: by rank within a column (<c>r</c>), by due date
/// (<c>d</c>, the views) or newest first (<c>c</c>). A cursor of another order is refused.</summary>
internal sealed record TaskCursor(char Kind, string? Rank, DateOnly? DueKey, DateTimeOffset? CreatedAt, Guid? Id)
{
    public string Encode() => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(Kind switch
    {
        'r' => $"r|{Rank}",
        'd' => $"d|{DueKey!.Value.DayNumber.ToString(CultureInfo.InvariantCulture)}|{Id}",
        _ => $"c|{CreatedAt!.Value.UtcTicks.ToString(CultureInfo.InvariantCulture)}|{Id}",
    }));

    public static TaskCursor? Read(string? value, char expectedKind)
    {
        if (value is null) return null;
        string text;
        try
        {
            if (value.Length > 300) throw Invalid();
            text = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(value));
        }
        catch (FormatException)
        {
            throw Invalid();
        }
        var parts = text.Split('|');
        if (parts[0].Length != 1 || parts[0][0] != expectedKind) throw Invalid();
        switch (expectedKind)
        {
            case 'r' when parts.Length == 2 && Ranking.Rank.IsValid(parts[1]):
                return new TaskCursor('r', parts[1], null, null, null);
            case 'd' when parts.Length == 3 && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var day)
                          && day <= DateOnly.MaxValue.DayNumber && Guid.TryParse(parts[2], out var did):
                return new TaskCursor('d', null, DateOnly.FromDayNumber(day), null, did);
            case 'c' when parts.Length == 3 && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
                          && ticks <= DateTimeOffset.MaxValue.UtcTicks && Guid.TryParse(parts[2], out var cid):
                return new TaskCursor('c', null, null, new DateTimeOffset(ticks, TimeSpan.Zero), cid);
            default:
                throw Invalid();
        }
    }

    private static ApiException Invalid() => new(StatusCodes.Status400BadRequest, "invalid_cursor", "cursor is not one this API returned for this list.");
}

using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace TelesignVoice.Storage;

/// <summary>
/// The opaque paging cursor of GET /calls: the (created_at, reference_id) of the last call on a page.
/// Calls are ordered by both, newest first, so a page boundary is stable while new calls arrive.
/// </summary>
public readonly record struct CallCursor(DateTimeOffset CreatedAt, string ReferenceId)
{
    public string Encode()
    {
        var text = string.Create(CultureInfo.InvariantCulture, $"{CreatedAt.UtcTicks}:{ReferenceId}");
        return Base64Url.EncodeToString(Encoding.UTF8.GetBytes(text));
    }

    public static bool TryDecode(string? cursor, out CallCursor value)
    {
        value = default;
        if (string.IsNullOrEmpty(cursor) || cursor.Length > 512)
        {
            return false;
        }

        string text;
        try
        {
            text = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(cursor));
        }
        catch (FormatException)
        {
            return false;
        }

        var colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0
            || text.Any(char.IsControl)
            || !long.TryParse(text.AsSpan(0, colon), NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
            || ticks > DateTimeOffset.MaxValue.UtcTicks)
        {
            return false;
        }

        value = new CallCursor(new DateTimeOffset(ticks, TimeSpan.Zero), text[(colon + 1)..]);
        return true;
    }

    /// <summary>True when <paramref name="call"/> comes after this cursor in newest-first order.</summary>
    public bool Precedes(DateTimeOffset createdAt, string referenceId) =>
        createdAt < CreatedAt
        || (createdAt == CreatedAt && string.CompareOrdinal(referenceId, ReferenceId) < 0);
}

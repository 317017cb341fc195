extern alias libphonenumber;

using System.Collections.Concurrent;
using System.Globalization;
using libphonenumber::PhoneNumbers;

namespace TelesignVoice.Campaigns;

/// <summary>
/// Calling hours in the recipient's local time. The zone is the recipient's own <c>time_zone</c>, else the
/// campaign's <c>calling_hours.time_zone</c>, else the zones libphonenumber gives for the number; a number
/// whose region spans several zones (e.g. a US number without area detail) is called only when the hours
/// hold in every one of them, and a number with no known zone is treated as UTC.
/// </summary>
public static class CallingHoursPolicy
{
    private static readonly ConcurrentDictionary<string, TimeZoneInfo?> Zones = new(StringComparer.Ordinal);
    private static readonly PhoneNumberUtil Util = PhoneNumberUtil.GetInstance();

    public static bool TryParseTime(string? text, out TimeOnly time) =>
        TimeOnly.TryParseExact(text, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out time);

    public static bool IsKnownZone(string id) => FindZone(id) is not null;

    /// <summary>Null when the recipient may be called now; otherwise the earliest time it may.</summary>
    public static DateTimeOffset? NextOpening(CallingHours? hours, RecipientRecord recipient, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(recipient);
        if (hours is null || !TryParseTime(hours.Start, out var start) || !TryParseTime(hours.End, out var end) || start == end)
        {
            return null;
        }

        var zones = ZonesOf(recipient.Data.TimeZone ?? hours.TimeZone, recipient.To);
        if (zones.All(zone => IsOpen(zone, start, end, now)))
        {
            return null;
        }

        // The hours open at a zone's next local start; the first such time at which all zones are open.
        var candidates = zones
            .SelectMany(zone => new[] { NextStart(zone, start, now), NextStart(zone, start, NextStart(zone, start, now)) })
            .Order()
            .ToList();
        foreach (var candidate in candidates)
        {
            if (zones.All(zone => IsOpen(zone, start, end, candidate)))
            {
                return candidate;
            }
        }

        return now.AddHours(1);
    }

    /// <summary>The zones of a number by its region and prefix, as libphonenumber maps them.</summary>
    public static IReadOnlyList<TimeZoneInfo> ZonesOf(string? explicitZone, string number)
    {
        if (explicitZone is not null && FindZone(explicitZone) is { } chosen)
        {
            return [chosen];
        }

        try
        {
            var parsed = Util.Parse("+" + number, null);
            var found = PhoneNumberToTimeZonesMapper.GetInstance().GetTimeZonesForNumber(parsed)
                .Select(FindZone)
                .OfType<TimeZoneInfo>()
                .ToList();
            return found.Count > 0 ? found : [TimeZoneInfo.Utc];
        }
        catch (NumberParseException)
        {
            return [TimeZoneInfo.Utc];
        }
    }

    private static bool IsOpen(TimeZoneInfo zone, TimeOnly start, TimeOnly end, DateTimeOffset at)
    {
        var local = TimeOnly.FromDateTime(TimeZoneInfo.ConvertTime(at, zone).DateTime);
        return start < end ? local >= start && local < end : local >= start || local < end;
    }

    private static DateTimeOffset NextStart(TimeZoneInfo zone, TimeOnly start, DateTimeOffset after)
    {
        var local = TimeZoneInfo.ConvertTime(after, zone).DateTime;
        var day = DateOnly.FromDateTime(local);
        for (var i = 0; i < 3; i++)
        {
            var candidateLocal = day.AddDays(i).ToDateTime(start);
            if (zone.IsInvalidTime(candidateLocal))
            {
                candidateLocal = candidateLocal.AddHours(1);
            }

            var candidate = new DateTimeOffset(candidateLocal, zone.GetUtcOffset(candidateLocal));
            if (candidate > after)
            {
                return candidate.ToUniversalTime();
            }
        }

        return after.AddDays(1);
    }

    private static TimeZoneInfo? FindZone(string id) =>
        Zones.GetOrAdd(id, key => TimeZoneInfo.TryFindSystemTimeZoneById(key, out var zone) ? zone : null);
}

using System.Globalization;
using Microsoft.AspNetCore.WebUtilities;
using TelesignVoice.Calls;
using TelesignVoice.Storage;

namespace TelesignVoice.OperatorConsole;

/// <summary>The filters of the calls page, as typed in its form (query string), and what they mean for the store.</summary>
public sealed record CallFilter(string? From, string? To, string? Status, string? Flow, string? Number, string? ExternalId, string? Cursor)
{
    public const int PageSize = 25;

    public static CallFilter FromQuery(IQueryCollection query)
    {
        ArgumentNullException.ThrowIfNull(query);
        return new CallFilter(Value(query, "from"), Value(query, "to"), Value(query, "status"), Value(query, "flow"),
            Value(query, "number"), Value(query, "external_id"), Value(query, "cursor"));
    }

    /// <summary>The store's query, or the problems with the filters, each naming the field.</summary>
    public (CallQuery? Query, IReadOnlyDictionary<string, string> Errors) ToQuery()
    {
        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        var from = Time(From, "from", errors);
        var to = Time(To, "to", errors);
        if (from is not null && to is not null && to <= from)
        {
            errors["to"] = "“Until” must be later than “From”.";
        }

        if (Status is not null && !CallStatuses.All.Contains(Status))
        {
            errors["status"] = $"Status must be one of: {string.Join(", ", CallStatuses.All)}.";
        }

        string? number = null;
        if (Number is not null && (number = PhoneNumbers.Normalize(Number)) is null)
        {
            errors["number"] = $"Write the number with its country code, {PhoneNumbers.MinDigits} to {PhoneNumbers.MaxDigits} digits, e.g. +1 555 867 5309.";
        }

        if (Cursor is not null && !CallCursor.TryDecode(Cursor, out _))
        {
            errors["cursor"] = "This page link is not valid any more; start again from the newest calls.";
        }

        if (errors.Count > 0)
        {
            return (null, errors);
        }

        return (new CallQuery(Status, PageSize, Cursor)
        {
            CreatedFrom = from,
            CreatedBefore = to,
            Flow = Flow,
            Number = number,
            ExternalId = ExternalId,
        }, errors);
    }

    public bool IsFirstPage => Cursor is null;

    public bool IsFiltered => From is not null || To is not null || Status is not null || Flow is not null || Number is not null || ExternalId is not null;

    /// <summary>The query string of these filters, with another page's cursor.</summary>
    public string QueryString(string? cursor)
    {
        var values = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["from"] = From,
            ["to"] = To,
            ["status"] = Status,
            ["flow"] = Flow,
            ["number"] = Number,
            ["external_id"] = ExternalId,
            ["cursor"] = cursor,
        };
        return QueryHelpers.AddQueryString(string.Empty, values.Where(v => v.Value is not null));
    }

    private static string? Value(IQueryCollection query, string name) =>
        query[name].ToString() is { Length: > 0 } value && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;

    private static DateTimeOffset? Time(string? text, string field, Dictionary<string, string> errors)
    {
        if (text is null)
        {
            return null;
        }

        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time))
        {
            return time;
        }

        errors[field] = "Write a date and time in UTC, e.g. 2026-12-02T08:30.";
        return null;
    }
}

using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Primitives;
using TelesignVoice.Campaigns;

namespace TelesignVoice.OperatorConsole;

/// <summary>
/// The new-campaign page's form: the settings a campaign needs and a CSV file. The settings go to the
/// API's CSV path under the names of its query parameters (<see cref="CampaignCsv.ReadSettings"/>), so the
/// console and <c>POST /campaigns</c> with text/csv read, check and refuse exactly the same things.
/// </summary>
public sealed class CampaignUploadForm
{
    public const string FileField = "file";

    public string? Name { get; init; }

    public string? Flow { get; init; }

    public string? CallsPerSecond { get; init; }

    public string? MaxConcurrentCalls { get; init; }

    public string? CallingHoursStart { get; init; }

    public string? CallingHoursEnd { get; init; }

    public string? TimeZone { get; init; }

    /// <summary>UTC, as a datetime-local input sends it (2026-12-02T09:00); empty starts at once.</summary>
    public string? StartAt { get; init; }

    public static CampaignUploadForm From(IFormCollection form)
    {
        ArgumentNullException.ThrowIfNull(form);
        return new CampaignUploadForm
        {
            Name = Value(form, "name"),
            Flow = Value(form, "flow"),
            CallsPerSecond = Value(form, "calls_per_second"),
            MaxConcurrentCalls = Value(form, "max_concurrent_calls"),
            CallingHoursStart = Value(form, "calling_hours_start"),
            CallingHoursEnd = Value(form, "calling_hours_end"),
            TimeZone = Value(form, "time_zone"),
            StartAt = Value(form, "start_at"),
        };
    }

    /// <summary>The settings as the API's query parameters, or what is wrong with the form itself (by field).</summary>
    public (IQueryCollection? Settings, Dictionary<string, string> Errors) ToSettings()
    {
        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        if ((CallingHoursStart is null) != (CallingHoursEnd is null))
        {
            errors[CallingHoursStart is null ? "calling_hours.start" : "calling_hours.end"] =
                "Give both ends of the calling hours, or neither (then calls may be placed at any hour).";
        }

        if (TimeZone is not null && CallingHoursStart is null && CallingHoursEnd is null)
        {
            errors["calling_hours.time_zone"] = "A time zone is only used with calling hours; give them too, or leave the zone empty.";
        }

        if (errors.Count > 0)
        {
            return (null, errors);
        }

        var settings = new Dictionary<string, StringValues>(StringComparer.Ordinal)
        {
            ["name"] = Name,
            ["flow"] = Flow,
            ["calls_per_second"] = CallsPerSecond,
            ["max_concurrent_calls"] = MaxConcurrentCalls,
            ["calling_hours"] = CallingHoursStart is null ? null : $"{CallingHoursStart}-{CallingHoursEnd}",
            ["time_zone"] = TimeZone,
            ["start_at"] = StartAt,
        };
        return (new QueryCollection(settings.Where(s => !StringValues.IsNullOrEmpty(s.Value)).ToDictionary(StringComparer.Ordinal)), errors);
    }

    /// <summary>The API's refusal as the page shows it: one line per field or row.</summary>
    public static Dictionary<string, string> Problems(IResult refusal) => refusal switch
    {
        ValidationProblem validation => validation.ProblemDetails.Errors.ToDictionary(
            e => e.Key, e => string.Join(" ", e.Value), StringComparer.Ordinal),
        ProblemHttpResult problem => new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [string.Empty] = $"{problem.ProblemDetails.Title}: {problem.ProblemDetails.Detail}",
        },
        _ => new Dictionary<string, string>(StringComparer.Ordinal),
    };

    /// <summary>Where an error of the API points on this page: <c>rows[3].to</c> is "Line 3 of the file, to".</summary>
    public static string Where(string field)
    {
        ArgumentNullException.ThrowIfNull(field);
        if (field.StartsWith("rows[", StringComparison.Ordinal) && field.IndexOf(']', StringComparison.Ordinal) is var close and > 5
            && int.TryParse(field.AsSpan(5, close - 5), NumberStyles.None, CultureInfo.InvariantCulture, out var line))
        {
            var column = field[(close + 1)..].TrimStart('.');
            return column.Length == 0 ? $"Line {line} of the file" : $"Line {line} of the file, {column}";
        }

        return field switch
        {
            "" => string.Empty,
            "header.csv" or "rows" or FileField => "The file",
            _ => FieldLabel(field),
        };
    }

    /// <summary>The input an error belongs to (for aria-invalid and the link from the error to it), if any.</summary>
    public static string? InputOf(string field) => field switch
    {
        "name" or "flow" or "calls_per_second" or "max_concurrent_calls" or "start_at" => field,
        "calling_hours" or "calling_hours.start" => "calling_hours_start",
        "calling_hours.end" => "calling_hours_end",
        "calling_hours.time_zone" or "time_zone" => "time_zone",
        _ when field == FileField || field == "rows" || field.StartsWith("rows[", StringComparison.Ordinal) || field.StartsWith("header", StringComparison.Ordinal) => FileField,
        _ => null,
    };

    private static string FieldLabel(string field) => field switch
    {
        "name" => "Name",
        "flow" => "Flow",
        "calls_per_second" => "Calls per second",
        "max_concurrent_calls" => "Calls at once",
        "calling_hours" or "calling_hours.start" => "Calling hours, from",
        "calling_hours.end" => "Calling hours, until",
        "calling_hours.time_zone" or "time_zone" => "Time zone",
        "start_at" => "Start at",
        _ => field,
    };

    private static string? Value(IFormCollection form, string name) =>
        form[name].ToString() is { Length: > 0 } value && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;
}

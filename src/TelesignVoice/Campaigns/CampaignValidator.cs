using System.Globalization;
using Microsoft.Extensions.Options;
using TelesignVoice.Calls;
using TelesignVoice.Flows;
using TelesignVoice.Notifications;
using TelesignVoice.Telesign;

namespace TelesignVoice.Campaigns;

/// <summary>
/// Checks a campaign's settings and each of its recipients, naming every bad field. A recipient is
/// checked as POST /calls checks a call (<see cref="PlaceCallValidator"/>) plus the flow's variables, so
/// a list that passes here places no call that POST /calls would refuse.
/// </summary>
public sealed class CampaignValidator(
    FlowCatalog flows, IOptions<CampaignOptions> options, IOptionsMonitor<TelesignOptions> telesign, OutgoingNotifications notifications)
{
    public const int MaxNameLength = 200;

    /// <summary>One call every 100 seconds: slower than that is a mistake, and 1/rate must stay a sane interval.</summary>
    public const double MinCallsPerSecond = 0.01;
    private const int MaxRetryAttempts = 20;
    private const int MaxRetryDelaySeconds = 7 * 24 * 3600;

    public static readonly IReadOnlyList<string> DialOutcomes = [AttemptOutcomes.Busy, AttemptOutcomes.NoAnswer, AttemptOutcomes.Failed];

    public static IReadOnlyDictionary<string, RetryRule> DefaultRetry { get; } = new Dictionary<string, RetryRule>(StringComparer.Ordinal)
    {
        [AttemptOutcomes.Busy] = new(3, 300),
        [AttemptOutcomes.NoAnswer] = new(2, 1800),
        [AttemptOutcomes.Failed] = new(2, 600),
    };

    public (CampaignRecord? Campaign, Dictionary<string, string[]> Errors) ValidateSettings(CreateCampaignRequest request, string id, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(request);
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (string.IsNullOrWhiteSpace(request.Name) || request.Name.Length > MaxNameLength)
        {
            errors["name"] = [$"name is required: 1 to {MaxNameLength} characters."];
        }
        else if (HasNul(request.Name))
        {
            errors["name"] = [NulMessage("name")];
        }

        if (string.IsNullOrWhiteSpace(request.Flow) || !flows.Exists(request.Flow))
        {
            errors["flow"] = [$"flow is required and must name a loaded flow. Known flows: {string.Join(", ", flows.FlowIds.Order(StringComparer.Ordinal))}."];
        }

        var callerId = PhoneNumbers.Normalize(request.CallerIdNumber ?? telesign.CurrentValue.CallerIdNumber);
        if (callerId is null)
        {
            errors["caller_id_number"] = [request.CallerIdNumber is null
                ? "caller_id_number is required because Telesign:CallerIdNumber is not configured."
                : "caller_id_number must be a phone number with country code (e.g. +1 555 555 1212)."];
        }

        var max = options.Value.MaxCallsPerSecond;
        if (request.CallsPerSecond is { } rate && !(rate >= MinCallsPerSecond && rate <= max))
        {
            errors["calls_per_second"] = [$"calls_per_second must be from {MinCallsPerSecond.ToString(CultureInfo.InvariantCulture)} to {max.ToString(CultureInfo.InvariantCulture)} (Campaigns:MaxCallsPerSecond)."];
        }

        if (request.CallbackUrl is { } callbackUrl && notifications.CheckCallbackUrl(callbackUrl) is { } callbackProblem)
        {
            errors["callback_url"] = [$"callback_url {callbackProblem}"];
        }

        if (request.MaxConcurrentCalls is < 1 or > 100000)
        {
            errors["max_concurrent_calls"] = ["max_concurrent_calls must be a whole number from 1 to 100000."];
        }

        if (request.CallingHours is { } hours)
        {
            ValidateHours(hours, errors);
        }

        var retry = request.Retry ?? new Dictionary<string, RetryRule>(DefaultRetry, StringComparer.Ordinal);
        ValidateRetry(retry, request.Flow, errors);
        if (errors.Count > 0)
        {
            return (null, errors);
        }

        var campaign = new CampaignRecord
        {
            Id = id,
            Name = request.Name!,
            Flow = request.Flow!,
            Status = CampaignStatuses.Creating,
            CreatedAt = now,
            StartAt = request.StartAt,
            Settings = new CampaignSettings
            {
                CallerIdNumber = callerId,
                CallsPerSecond = request.CallsPerSecond ?? options.Value.CallsPerSecond,
                MaxConcurrentCalls = request.MaxConcurrentCalls ?? options.Value.MaxConcurrentCalls,
                CallingHours = request.CallingHours,
                Retry = new Dictionary<string, RetryRule>(retry, StringComparer.Ordinal),
                CallbackUrl = request.CallbackUrl,
            },
        };
        return (campaign, errors);
    }

    /// <summary>The recipient as stored, or the errors of its fields (keys without the row's prefix).</summary>
    public (RecipientRecord? Recipient, Dictionary<string, string[]> Errors) ValidateRecipient(
        CampaignRecord campaign, RecipientInput input, long seq, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(campaign);
        ArgumentNullException.ThrowIfNull(input);
        var (call, errors) = PlaceCallValidator.Validate(
            new PlaceCallRequest { To = input.To, CallerIdNumber = campaign.Settings.CallerIdNumber, Flow = campaign.Flow, ExternalId = input.ExternalId, Variables = input.Variables },
            campaign.Settings.CallerIdNumber);
        if (HasNul(input.ExternalId))
        {
            errors["external_id"] = [NulMessage("external_id")];
        }

        foreach (var (name, value) in input.Variables ?? [])
        {
            if (HasNul(name) || HasNul(value))
            {
                errors[$"variables.{name.Replace("\0", string.Empty, StringComparison.Ordinal)}"] = [NulMessage("A variable's name and value")];
            }
        }

        if (errors.Count > 0)
        {
            return (null, errors);
        }

        if (input.TimeZone is not null && !CallingHoursPolicy.IsKnownZone(input.TimeZone))
        {
            errors["time_zone"] = ["time_zone must be an IANA time zone such as Europe/Paris or America/New_York."];
        }

        if (call is not null)
        {
            foreach (var missing in flows.FindMissingVariables(campaign.Flow, call.Variables))
            {
                errors[$"variables.{missing}"] = [$"The flow '{campaign.Flow}' uses {{{missing}}}: give it a value."];
            }
        }

        if (call is null || errors.Count > 0)
        {
            return (null, errors);
        }

        return (new RecipientRecord
        {
            CampaignId = campaign.Id,
            Seq = seq,
            To = call.To,
            State = RecipientStates.Pending,
            NextAttemptAt = campaign.StartAt is { } start && start > now ? start : now,
            UpdatedAt = now,
            Data = new RecipientData
            {
                ExternalId = input.ExternalId,
                TimeZone = input.TimeZone,
                Variables = new Dictionary<string, string>(call.Variables, StringComparer.Ordinal),
            },
        }, errors);
    }

    /// <summary>U+0000 cannot be stored in PostgreSQL text or jsonb, and is never meant: refused on every store alike.</summary>
    public static bool HasNul(string? text) => text?.Contains('\0', StringComparison.Ordinal) == true;

    public static string NulMessage(string field) => $"{field} must not contain the character U+0000.";

    private static void ValidateHours(CallingHours hours, Dictionary<string, string[]> errors)
    {
        if (!CallingHoursPolicy.TryParseTime(hours.Start, out _))
        {
            errors["calling_hours.start"] = ["calling_hours.start must be a time of day as HH:mm, e.g. 09:00."];
        }

        if (!CallingHoursPolicy.TryParseTime(hours.End, out _))
        {
            errors["calling_hours.end"] = ["calling_hours.end must be a time of day as HH:mm, e.g. 20:00."];
        }

        if (hours.TimeZone is not null && !CallingHoursPolicy.IsKnownZone(hours.TimeZone))
        {
            errors["calling_hours.time_zone"] = ["calling_hours.time_zone must be an IANA time zone such as Europe/Paris; leave it out to use each number's own zone."];
        }
    }

    private void ValidateRetry(Dictionary<string, RetryRule> retry, string? flowId, Dictionary<string, string[]> errors)
    {
        var steps = flows.Find(flowId)?.Steps;
        foreach (var (outcome, rule) in retry)
        {
            if (!DialOutcomes.Contains(outcome) && (steps is null || !steps.ContainsKey(outcome)))
            {
                errors[$"retry.{outcome}"] = [$"retry keys are {string.Join(", ", DialOutcomes)} or a step of the flow (e.g. give_up)."];
            }
            else if (rule is null || rule.Attempts is < 1 or > MaxRetryAttempts || rule.DelaySeconds is < 0 or > MaxRetryDelaySeconds)
            {
                errors[$"retry.{outcome}"] = [$"retry.{outcome} needs attempts from 1 to {MaxRetryAttempts} and delay_seconds from 0 to {MaxRetryDelaySeconds}."];
            }
        }
    }
}

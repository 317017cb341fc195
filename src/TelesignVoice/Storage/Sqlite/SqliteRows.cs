using Microsoft.Data.Sqlite;
using TelesignVoice.Calls;

namespace TelesignVoice.Storage.Sqlite;

/// <summary>How calls and events map to SQLite rows and parameters.</summary>
internal static class SqliteRows
{
    public const string CallColumns =
        "reference_id, external_id, direction, to_number, from_number, flow, step, attempts, variables, digits, status, created_at, updated_at, end_of_call, version, placed_by, outcome, legs, flow_version";

    public const string EventColumns = "reference_id, event_name, body_hash, body, received_at, action_json, action_method";

    /// <summary>What a stored event is read with: its columns, the call version it was handled at, whether its answer was given.</summary>
    public const string StoredEventColumns = EventColumns + ", call_version, answer_given";

    private const string CallValues =
        "$reference_id, $external_id, $direction, $to_number, $from_number, $flow, $step, $attempts, $variables, $digits, $status, $created_at, $updated_at, $end_of_call, $version, $placed_by, $outcome, $legs, $flow_version";

    /// <summary>
    /// The event under the call version it was handled at ($expected_version): once per body and version.
    /// No conflict target: until <c>migrate --contract</c> the previous release's per-body constraint exists
    /// too, and a body stored before then is a duplicate as it was for that release.
    /// </summary>
    public const string InsertEvent = $"""
        INSERT INTO events ({EventColumns}, call_version)
        VALUES ($event_reference_id, $event_name, $body_hash, $body, $received_at, $action_json, $action_method, $expected_version)
        ON CONFLICT DO NOTHING
        """;

    public const string InsertCall = $"INSERT INTO calls ({CallColumns}) VALUES ({CallValues}) ON CONFLICT (reference_id) DO NOTHING";

    public const string MarkDialOutcomeUnknown = $"UPDATE calls SET status = '{CallStatuses.Unknown}', updated_at = $updated_at, version = version + 1 WHERE reference_id = $placeholder AND status = '{CallStatuses.Dialing}'";

    public const string UpdateCall = """
        UPDATE calls SET external_id = $external_id, direction = $direction, to_number = $to_number,
            from_number = $from_number, flow = $flow, step = $step, attempts = $attempts, variables = $variables,
            digits = $digits, status = $status, updated_at = $updated_at, end_of_call = $end_of_call, version = $version,
            outcome = $outcome, legs = $legs,
            flow_version = $flow_version
        WHERE reference_id = $reference_id AND version = $expected_version
        """;

    public static void AddCallParameters(SqliteCommand command, CallRecord call, long version)
    {
        var p = command.Parameters;
        p.AddWithValue("$reference_id", call.ReferenceId);
        p.AddWithValue("$external_id", (object?)call.ExternalId ?? DBNull.Value);
        p.AddWithValue("$direction", call.Direction);
        p.AddWithValue("$to_number", (object?)call.To ?? DBNull.Value);
        p.AddWithValue("$from_number", (object?)call.From ?? DBNull.Value);
        p.AddWithValue("$flow", (object?)call.Flow ?? DBNull.Value);
        p.AddWithValue("$step", (object?)call.Step ?? DBNull.Value);
        p.AddWithValue("$attempts", call.Attempts);
        p.AddWithValue("$variables", StoredJson.Variables(call.Variables));
        p.AddWithValue("$digits", StoredJson.Digits(call.Digits));
        p.AddWithValue("$status", call.Status);
        p.AddWithValue("$created_at", SqliteDatabase.FormatTime(call.CreatedAt));
        p.AddWithValue("$updated_at", SqliteDatabase.FormatTime(call.UpdatedAt));
        p.AddWithValue("$end_of_call", (object?)StoredJson.EndOfCall(call.EndOfCall) ?? DBNull.Value);
        p.AddWithValue("$version", version);
        p.AddWithValue("$placed_by", (object?)call.PlacedBy ?? DBNull.Value);
        p.AddWithValue("$outcome", (object?)call.Outcome ?? DBNull.Value);
        p.AddWithValue("$legs", (object?)StoredJson.Legs(call.Legs) ?? DBNull.Value);
        p.AddWithValue("$flow_version", (object?)call.FlowVersion ?? DBNull.Value);
    }

    public static void AddEventParameters(SqliteCommand command, EventRecord evt)
    {
        var p = command.Parameters;
        p.AddWithValue("$event_reference_id", evt.ReferenceId);
        p.AddWithValue("$event_name", evt.EventName);
        p.AddWithValue("$body_hash", evt.BodyHash);
        p.AddWithValue("$body", evt.Body);
        p.AddWithValue("$received_at", SqliteDatabase.FormatTime(evt.ReceivedAt));
        p.AddWithValue("$action_json", evt.ActionJson);
        p.AddWithValue("$action_method", (object?)evt.ActionMethod ?? DBNull.Value);
    }

    public static CallRecord ReadCall(SqliteDataReader reader) => StoredRows.ReadCall(reader, ReadTime);

    public static EventRecord ReadEvent(SqliteDataReader reader) => StoredRows.ReadEvent(reader, ReadTime);

    public static DialRecord ReadDial(SqliteDataReader reader) => StoredRows.ReadDial(reader, ReadTime);

    private static DateTimeOffset ReadTime(System.Data.Common.DbDataReader reader, int ordinal) => SqliteDatabase.ParseTime(reader.GetString(ordinal));
}

using Npgsql;
using NpgsqlTypes;
using TelesignVoice.Calls;
using TelesignVoice.Notifications;

namespace TelesignVoice.Storage.Postgres;

/// <summary>How calls and events map to PostgreSQL rows and typed parameters.</summary>
internal static class PostgresRows
{
    public const string CallColumns =
        "reference_id, external_id, direction, to_number, from_number, flow, step, attempts, variables, digits, status, created_at, updated_at, end_of_call, version, placed_by, outcome, legs, flow_version";

    public const string EventColumns = "reference_id, event_name, body_hash, body, received_at, action_json, action_method";

    /// <summary>What a stored event is read with: its columns, the call version it was handled at, whether its answer was given.</summary>
    public const string StoredEventColumns = EventColumns + ", call_version, answer_given";

    /// <summary>
    /// One statement, one round trip, committed on its own: the event is inserted under the call version it
    /// was handled at unless its body was stored at that version before, and only then is the call inserted
    /// (version 0) or updated from the version it was read at, and the event's outbox messages inserted in
    /// their order. When the event went in but the call could not be written, the statement fails with
    /// <see cref="CallVersionConflict"/>, which undoes all of it.
    /// </summary>
    public const string CommitEvent = $"""
        WITH new_event AS (
            INSERT INTO events ({EventColumns}, call_version)
            VALUES (@reference_id, @event_name, @body_hash, @body, @received_at, @action_json, @action_method, @expected_version)
            -- No conflict target: until `migrate --contract` the previous release's per-body constraint
            -- exists too, and a body stored before then is a duplicate as it was for that release.
            ON CONFLICT DO NOTHING
            RETURNING 1
        ), new_call AS (
            INSERT INTO calls ({CallColumns})
            SELECT {CallValues}
            WHERE @expected_version = 0 AND EXISTS (SELECT 1 FROM new_event)
            ON CONFLICT (reference_id) DO NOTHING
            RETURNING 1
        ), updated_call AS (
            UPDATE calls SET {CallAssignments}
            WHERE reference_id = @reference_id AND version = @expected_version AND @expected_version > 0
              AND EXISTS (SELECT 1 FROM new_event)
            RETURNING 1
        ), outbox AS (
            INSERT INTO notifications (message_id, event_type, endpoint, url, ordering_key, payload, created_at, state, next_attempt_at, pending_since)
            SELECT m.message_id, m.event_type, m.endpoint, m.url, m.ordering_key, m.payload, m.created_at, 'pending', m.created_at, m.created_at
            FROM unnest(@outbox_message_ids, @outbox_event_types, @outbox_endpoints, @outbox_urls, @outbox_ordering_keys, @outbox_payloads, @outbox_created_at)
                WITH ORDINALITY AS m (message_id, event_type, endpoint, url, ordering_key, payload, created_at, position)
            WHERE EXISTS (SELECT 1 FROM new_event)
            ORDER BY m.position
        )
        SELECT EXISTS (SELECT 1 FROM new_event),
            CASE WHEN EXISTS (SELECT 1 FROM new_event) AND NOT EXISTS (SELECT 1 FROM new_call) AND NOT EXISTS (SELECT 1 FROM updated_call)
                THEN telesignvoice_call_version_conflict()
            END
        """;

    /// <summary>The SQLSTATE <see cref="CommitEvent"/> fails with when the call moved on (Storage/Migrations/Postgres/0010_commit_in_one_statement.sql).</summary>
    public const string CallVersionConflict = "TV409";

    public static void AddOutboxParameters(NpgsqlCommand command, IReadOnlyList<OutboxMessage> outbox)
    {
        var p = command.Parameters;
        p.Add(TextArray("outbox_message_ids", outbox, static m => m.Id));
        p.Add(TextArray("outbox_event_types", outbox, static m => m.EventType));
        p.Add(TextArray("outbox_endpoints", outbox, static m => m.Endpoint));
        p.Add(TextArray("outbox_urls", outbox, static m => m.Url));
        p.Add(TextArray("outbox_ordering_keys", outbox, static m => m.OrderingKey));
        p.Add(TextArray("outbox_payloads", outbox, static m => m.Payload));
        p.Add(new NpgsqlParameter("outbox_created_at", NpgsqlDbType.Array | NpgsqlDbType.TimestampTz)
        {
            Value = outbox.Select(static m => m.CreatedAt.ToUniversalTime()).ToArray(),
        });
    }

    private static NpgsqlParameter TextArray(string name, IReadOnlyList<OutboxMessage> outbox, Func<OutboxMessage, string> value) =>
        new(name, NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = outbox.Select(value).ToArray() };

    public const string InsertCall = $"INSERT INTO calls ({CallColumns}) VALUES ({CallValues}) ON CONFLICT (reference_id) DO NOTHING";

    private const string CallValues =
        "@reference_id, @external_id, @direction, @to_number, @from_number, @flow, @step, @attempts, @variables, @digits, @status, @created_at, @updated_at, @end_of_call, @version, @placed_by, @outcome, @legs, @flow_version";

    private const string CallAssignments = """
        external_id = @external_id, direction = @direction, to_number = @to_number, from_number = @from_number,
        flow = @flow, step = @step, attempts = @attempts, variables = @variables, digits = @digits, status = @status,
        updated_at = @updated_at, end_of_call = @end_of_call, version = @version,
            outcome = @outcome, legs = @legs,
            flow_version = @flow_version
        """;

    public static void AddCallParameters(NpgsqlCommand command, CallRecord call, long version)
    {
        var p = command.Parameters;
        p.Add(Text("reference_id", call.ReferenceId));
        p.Add(Text("external_id", call.ExternalId));
        p.Add(Text("direction", call.Direction));
        p.Add(Text("to_number", call.To));
        p.Add(Text("from_number", call.From));
        p.Add(Text("flow", call.Flow));
        p.Add(Text("step", call.Step));
        p.Add(new NpgsqlParameter<int>("attempts", call.Attempts));
        p.Add(Json("variables", StoredJson.Variables(call.Variables)));
        p.Add(Json("digits", StoredJson.Digits(call.Digits)));
        p.Add(Text("status", call.Status));
        p.Add(Time("created_at", call.CreatedAt));
        p.Add(Time("updated_at", call.UpdatedAt));
        p.Add(Json("end_of_call", StoredJson.EndOfCall(call.EndOfCall)));
        p.Add(new NpgsqlParameter<long>("version", version));
        p.Add(Text("placed_by", call.PlacedBy));
        p.Add(Text("outcome", call.Outcome));
        p.Add(Json("legs", StoredJson.Legs(call.Legs)));
        p.Add(Text("flow_version", call.FlowVersion));
    }

    /// <summary>Adds the event's parameters; its reference id is the call's (@reference_id).</summary>
    public static void AddEventParameters(NpgsqlCommand command, EventRecord evt)
    {
        var p = command.Parameters;
        p.Add(Text("event_name", evt.EventName));
        p.Add(Text("body_hash", evt.BodyHash));
        p.Add(Text("body", evt.Body));
        p.Add(Time("received_at", evt.ReceivedAt));
        p.Add(Text("action_json", evt.ActionJson));
        p.Add(Text("action_method", evt.ActionMethod));
    }

    public static CallRecord ReadCall(NpgsqlDataReader reader) => StoredRows.ReadCall(reader, ReadTime);

    public static EventRecord ReadEvent(NpgsqlDataReader reader) => StoredRows.ReadEvent(reader, ReadTime);

    public static DialRecord ReadDial(NpgsqlDataReader reader) => StoredRows.ReadDial(reader, ReadTime);

    public static string? NullableString(NpgsqlDataReader reader, int ordinal) => StoredRows.NullableString(reader, ordinal);

    private static DateTimeOffset ReadTime(System.Data.Common.DbDataReader reader, int ordinal) => reader.GetFieldValue<DateTimeOffset>(ordinal);

    public static NpgsqlParameter Text(string name, string? value) =>
        new(name, NpgsqlDbType.Text) { Value = (object?)value ?? DBNull.Value };

    public static NpgsqlParameter Time(string name, DateTimeOffset value) =>
        new(name, NpgsqlDbType.TimestampTz) { Value = value.ToUniversalTime() };

    public static NpgsqlParameter Time(string name, DateTimeOffset? value) =>
        new(name, NpgsqlDbType.TimestampTz) { Value = value is { } time ? time.ToUniversalTime() : DBNull.Value };

    private static NpgsqlParameter Json(string name, string? value) =>
        new(name, NpgsqlDbType.Jsonb) { Value = (object?)value ?? DBNull.Value };
}

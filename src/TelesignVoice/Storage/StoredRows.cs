using System.Data.Common;
using TelesignVoice.Calls;

namespace TelesignVoice.Storage;

/// <summary>
/// Reads the calls and events columns, in the order both SQL stores select them. Only how a time is
/// stored differs between the providers (timestamptz, ISO-8601 text), so each passes its reader for it.
/// </summary>
public static class StoredRows
{
    public static CallRecord ReadCall(DbDataReader reader, Func<DbDataReader, int, DateTimeOffset> readTime)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(readTime);
        return new CallRecord
        {
            ReferenceId = reader.GetString(0),
            ExternalId = NullableString(reader, 1),
            Direction = reader.GetString(2),
            To = NullableString(reader, 3),
            From = NullableString(reader, 4),
            Flow = NullableString(reader, 5),
            Step = NullableString(reader, 6),
            Attempts = reader.GetInt32(7),
            Variables = StoredJson.Variables(reader.GetString(8)),
            Digits = StoredJson.Digits(reader.GetString(9)),
            Status = reader.GetString(10),
            CreatedAt = readTime(reader, 11),
            UpdatedAt = readTime(reader, 12),
            EndOfCall = StoredJson.EndOfCall(NullableString(reader, 13)),
            Version = reader.GetInt64(14),
            PlacedBy = NullableString(reader, 15),
            Outcome = NullableString(reader, 16),
            Legs = StoredJson.Legs(NullableString(reader, 17)),
            FlowVersion = NullableString(reader, 18),
        };
    }

    public static EventRecord ReadEvent(DbDataReader reader, Func<DbDataReader, int, DateTimeOffset> readTime)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(readTime);
        return new EventRecord(
            reader.GetString(0),
            reader.GetString(1),
            reader.GetString(2),
            reader.GetString(3),
            readTime(reader, 4),
            reader.GetString(5),
            NullableString(reader, 6),
            reader.GetInt64(7),
            reader.GetBoolean(8));
    }

    /// <summary>Reads a row of <c>SELECT reference_id, external_id, requested_at, request_json, http_status, response_json, outcome FROM dials</c>.</summary>
    public static DialRecord ReadDial(DbDataReader reader, Func<DbDataReader, int, DateTimeOffset> readTime)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(readTime);
        return new DialRecord(
            NullableString(reader, 0),
            reader.GetString(1),
            readTime(reader, 2),
            reader.GetString(3),
            reader.IsDBNull(4) ? null : reader.GetInt32(4),
            NullableString(reader, 5),
            reader.GetString(6));
    }

    /// <summary>Every remaining row of <paramref name="reader"/>, in order.</summary>
    public static List<T> ReadAll<TReader, T>(TReader reader, Func<TReader, T> readRow)
        where TReader : DbDataReader
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(readRow);
        var rows = new List<T>();
        while (reader.Read())
        {
            rows.Add(readRow(reader));
        }

        return rows;
    }

    /// <summary>Every remaining row of <paramref name="reader"/>, in order.</summary>
    public static async Task<List<T>> ReadAllAsync<TReader, T>(TReader reader, Func<TReader, T> readRow, CancellationToken cancellationToken)
        where TReader : DbDataReader
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(readRow);
        var rows = new List<T>();
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(readRow(reader));
        }

        return rows;
    }

    public static string? NullableString(DbDataReader reader, int ordinal)
    {
        ArgumentNullException.ThrowIfNull(reader);
        return reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);
    }
}

using System.Globalization;
using System.Text.Json;

namespace BenchTool;

/// <summary>One line of results.jsonl: a wrk run, a startup measurement or a skipped scenario.</summary>
internal sealed record Result
{
    public required string Kind { get; init; }

    public required string Target { get; init; }

    public string Label => Kind == "outbound"
        ? Target == "fake" ? "fake Telesign" : "POST /calls"
        : Target switch
        {
            "floor" => "floor",
            "demo" => "Telesign's demo (Python, uWSGI, nginx)",
            _ => $"TelesignVoice ({Target})",
        };

    public int Conns { get; init; }

    public bool Pinned { get; init; }

    public double Rps { get; init; }

    public double P50 { get; init; }

    public double P90 { get; init; }

    public double P99 { get; init; }

    public double RssMb { get; init; }

    /// <summary>Server CPU time per request in microseconds (the process and its children), 0 when not measured.</summary>
    public double CpuUs { get; init; }

    /// <summary>PostgreSQL's CPU time per request (its backends), for the PostgreSQL rows.</summary>
    public double PgCpuUs { get; init; }

    /// <summary>pg_test_fsync's fdatasync rate: what the disk allows a store that syncs every commit.</summary>
    public double FsyncOps { get; init; }

    public double FsyncUs { get; init; }

    public string Problems { get; init; } = "";

    public string Reason { get; init; } = "";

    public double StartupMedian { get; init; }

    public double StartupMin { get; init; }

    public double StartupMax { get; init; }

    public string StartupRuns { get; init; } = "";

    /// <summary>Warm-up and cold-start windows: req/s of each window, in order.</summary>
    public string Rates { get; init; } = "";

    public string P99s { get; init; } = "";

    public int WindowSeconds { get; init; }

    public static Result From(JsonElement json)
    {
        var result = new Result
        {
            Kind = json.GetProperty("kind").GetString()!,
            Target = json.GetProperty("target").GetString()!,
            Conns = json.TryGetProperty("conns", out var conns) ? conns.GetInt32() : 0,
            Pinned = json.TryGetProperty("pinned", out var pinned) && pinned.GetBoolean(),
            RssMb = json.TryGetProperty("rss_kb", out var rss) ? rss.GetDouble() / 1024 : 0,
            CpuUs = json.TryGetProperty("cpu_us", out var cpu) ? cpu.GetDouble() : 0,
            PgCpuUs = json.TryGetProperty("pg_cpu_us", out var pgCpu) ? pgCpu.GetDouble() : 0,
            FsyncOps = json.TryGetProperty("ops", out var ops) ? ops.GetDouble() : 0,
            FsyncUs = json.TryGetProperty("usecs", out var usecs) ? usecs.GetDouble() : 0,
            Reason = json.TryGetProperty("reason", out var reason) ? reason.GetString() ?? "" : "",
            Rates = json.TryGetProperty("rates", out var rates) ? rates.GetString() ?? "" : "",
            P99s = json.TryGetProperty("p99s", out var p99s) ? p99s.GetString() ?? "" : "",
            WindowSeconds = json.TryGetProperty("window_s", out var window) ? window.GetInt32() : 0,
        };
        if (json.TryGetProperty("wrk", out var wrk))
        {
            result = result with
            {
                Rps = wrk.GetProperty("rps").GetDouble(),
                P50 = wrk.GetProperty("p50_ms").GetDouble(),
                P90 = wrk.GetProperty("p90_ms").GetDouble(),
                P99 = wrk.GetProperty("p99_ms").GetDouble(),
                Problems = Describe(wrk, json),
            };
        }

        if (json.TryGetProperty("startup", out var startup))
        {
            result = result with
            {
                StartupMedian = startup.GetProperty("median_ms").GetDouble(),
                StartupMin = startup.GetProperty("min_ms").GetDouble(),
                StartupMax = startup.GetProperty("max_ms").GetDouble(),
                StartupRuns = startup.GetProperty("runs").GetString() ?? "",
            };
        }

        return result;
    }

    /// <summary>Anything that makes a run's figures suspect, in a few words; empty when the run was clean.</summary>
    private static string Describe(JsonElement wrk, JsonElement json)
    {
        var problems = new List<string>();
        foreach (var kind in new[] { "connect", "read", "write", "status", "timeout" })
        {
            var count = wrk.GetProperty("errors").GetProperty(kind).GetInt64();
            if (count > 0)
            {
                problems.Add(string.Create(CultureInfo.InvariantCulture, $"{count} {(kind == "status" ? "non-2xx" : kind)}"));
            }
        }

        if (wrk.TryGetProperty("exhausted", out var exhausted) && exhausted.GetInt32() > 0)
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"replay set ran out on {exhausted.GetInt32()} connections"));
        }

        foreach (var counter in new[] { "duplicates", "conflicts" })
        {
            if (json.TryGetProperty(counter, out var value) && value.GetInt64() > 0)
            {
                problems.Add(string.Create(CultureInfo.InvariantCulture, $"{value.GetInt64()} {counter}"));
            }
        }

        return string.Join(", ", problems);
    }
}

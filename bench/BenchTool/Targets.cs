using System.Globalization;
using System.Text;

namespace BenchTool;

/// <summary>The performance issue's targets, checked against this run's figures (see docs/benchmarks.md).</summary>
internal static class Targets
{
    private const double MinDemoRatio = 2.0;
    private const double MaxSingleCallP99Ms = 1.0;
    private const double MaxStallMs = 100;
    private const double MinPostgresSingleRps = 2000;
    private const double MinPostgresManyRps = 5000;
    private const double MaxPostgresP99Ms = 30;
    private const double MaxRssMb = 200;
    private const double MaxAddedP50Ms = 1.0;

    public static void Write(StringBuilder report, List<Result> rows)
    {
        report.AppendLine("## Targets").AppendLine();
        report.AppendLine("| target | placement | measured | met |");
        report.AppendLine("|---|---|---|---|");
        foreach (var pinned in new[] { true, false })
        {
            var placement = pinned ? "pinned" : "unpinned";
            var webhook = rows.Where(r => r.Kind == "webhook" && r.Pinned == pinned).ToList();
            Result? Row(string target, int conns) => webhook.FirstOrDefault(r => r.Target == target && r.Conns == conns);
            void Line(string target, string measured, bool? met) => report.AppendLine(CultureInfo.InvariantCulture,
                $"| {target} | {placement} | {measured} | {(met is null ? "–" : Mark(met.Value))} |");

            foreach (var conns in new[] { 16, 64 })
            {
                var (demo, sqlite) = (Row("demo", conns), Row("Sqlite", conns));
                var name = $"SQLite ≥ 2 × Telesign's demo req/s, {conns} conns";
                if (demo is null || sqlite is null)
                {
                    Line(name, "not measured", null);
                    continue;
                }

                var ratio = sqlite.Rps / demo.Rps;
                Line(name, $"{ratio:F2} × ({sqlite.Rps:F0} / {demo.Rps:F0}; server CPU {sqlite.CpuUs:F0} µs/event)", ratio >= MinDemoRatio);
            }

            var single = Row("Sqlite", 1);
            Line("SQLite p99 ≤ 1 ms, 1 conn", single is null ? "not measured" : $"{single.P99:F2} ms (p50 {single.P50:F2})",
                single is null ? null : single.P99 <= MaxSingleCallP99Ms);

            foreach (var stall in rows.Where(r => r.Kind == "stall" && r.Pinned == pinned))
            {
                var worst = stall.Rates.Split(", ").Select(m => double.Parse(m, CultureInfo.InvariantCulture)).Max();
                Line($"no 10 s window with a max above 100 ms, {stall.Target}, 16 conns, 60 s", $"worst window max {worst:F1} ms", worst <= MaxStallMs);
            }

            var pgSingle = Row("Postgres", 1);
            Line("PostgreSQL ≥ 2 000 events/s, 1 conn", pgSingle is null ? "not measured" : $"{pgSingle.Rps:F0} events/s",
                pgSingle is null ? null : pgSingle.Rps >= MinPostgresSingleRps);
            foreach (var conns in new[] { 16, 64 })
            {
                var pg = Row("Postgres", conns);
                Line($"PostgreSQL ≥ 5 000 events/s with p99 ≤ 30 ms, {conns} conns",
                    pg is null ? "not measured" : $"{pg.Rps:F0} events/s, p99 {pg.P99:F1} ms",
                    pg is null ? null : pg.Rps >= MinPostgresManyRps && pg.P99 <= MaxPostgresP99Ms);
            }

            foreach (var run in webhook.Where(r => r.Conns == 64 && r.Target is "Sqlite" or "Postgres"))
            {
                Line($"peak RSS ≤ 200 MB at 64 conns, {run.Target}", $"{run.RssMb:F0} MB", run.RssMb <= MaxRssMb);
            }

            var outbound = rows.Where(r => r.Kind == "outbound" && r.Pinned == pinned).ToList();
            foreach (var calls in outbound.Where(r => r.Target == "calls" && r.Conns == 16))
            {
                var fake = outbound.FirstOrDefault(r => r.Target == "fake" && r.Conns == calls.Conns);
                if (fake is not null)
                {
                    var added = calls.P50 - fake.P50;
                    Line($"POST /calls adds ≤ 1 ms p50, {calls.Conns} conns", $"{added:F2} ms ({calls.P50:F2} − {fake.P50:F2})", added <= MaxAddedP50Ms);
                }
            }
        }

        report.AppendLine();
    }

    private static string Mark(bool met) => met ? "yes" : "**no**";
}

using System.Globalization;
using System.Text;

namespace BenchTool;

/// <summary>The targets, checked against this run's figures.</summary>
internal static class Targets
{
    private const double MinRpsRatio = 0.60;
    private const double MaxP99Ratio = 2.0;
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
            foreach (var conns in new[] { 16, 64 })
            {
                var floor = webhook.FirstOrDefault(r => r.Target == "floor" && r.Conns == conns);
                var sqlite = webhook.FirstOrDefault(r => r.Target == "Sqlite" && r.Conns == conns);
                if (floor is null || sqlite is null)
                {
                    report.AppendLine(CultureInfo.InvariantCulture, $"| SQLite ≥ 60 % of floor req/s, {conns} conns | {placement} | not measured | – |");
                    report.AppendLine(CultureInfo.InvariantCulture, $"| SQLite p99 ≤ 2 × floor p99, {conns} conns | {placement} | not measured | – |");
                    continue;
                }

                var rps = sqlite.Rps / floor.Rps;
                var p99 = sqlite.P99 / floor.P99;
                report.AppendLine(CultureInfo.InvariantCulture,
                    $"| SQLite ≥ 60 % of floor req/s, {conns} conns | {placement} | {rps:P0} ({sqlite.Rps:F0} / {floor.Rps:F0}) | {Mark(rps >= MinRpsRatio)} |");
                report.AppendLine(CultureInfo.InvariantCulture,
                    $"| SQLite p99 ≤ 2 × floor p99, {conns} conns | {placement} | {p99:F2} × ({sqlite.P99:F2} / {floor.P99:F2} ms) | {Mark(p99 <= MaxP99Ratio)} |");
            }

            foreach (var run in webhook.Where(r => r.Conns == 64 && r.Target != "floor"))
            {
                report.AppendLine(CultureInfo.InvariantCulture,
                    $"| peak RSS ≤ 200 MB at 64 conns, {run.Target} | {placement} | {run.RssMb:F0} MB | {Mark(run.RssMb <= MaxRssMb)} |");
            }

            var outbound = rows.Where(r => r.Kind == "outbound" && r.Pinned == pinned).ToList();
            foreach (var calls in outbound.Where(r => r.Target == "calls"))
            {
                var fake = outbound.FirstOrDefault(r => r.Target == "fake" && r.Conns == calls.Conns);
                if (fake is not null)
                {
                    var added = calls.P50 - fake.P50;
                    report.AppendLine(CultureInfo.InvariantCulture,
                        $"| POST /calls adds ≤ 1 ms p50, {calls.Conns} conns | {placement} | {added:F2} ms ({calls.P50:F2} − {fake.P50:F2}) | {Mark(added <= MaxAddedP50Ms)} |");
                }
            }
        }

        report.AppendLine();
    }

    private static string Mark(bool met) => met ? "yes" : "**no**";
}

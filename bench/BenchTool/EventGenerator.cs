using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace BenchTool;

/// <summary>
/// Writes N calls that each follow the walked plan, signed, one request a line ("signature body"). Call i
/// goes to slice i mod S; each wrk thread owns one connection and walks the calls of its slices in order,
/// so the events of a call arrive in order and no body is sent twice.
/// </summary>
internal static class EventGenerator
{
    public static int Run(Arguments args)
    {
        var plan = File.ReadAllLines(args.Required("plan"))
            .Select(line => line.Split('\t'))
            .Select(parts => (Event: parts[0], Digits: parts[1] == "-" ? null : parts[1]))
            .ToList();
        var key = Convert.FromBase64String(args.Required("api-key"));
        var calls = args.Int("calls", 1000);
        var slices = args.Int("slices", 64);
        var to = args.Optional("to", "15558675309");
        var prefix = args.Optional("prefix", "B");
        var outDir = Directory.CreateDirectory(args.Required("out")).FullName;

        var writers = Enumerable.Range(0, slices)
            .Select(s => new StreamWriter(Path.Combine(outDir, string.Create(CultureInfo.InvariantCulture, $"slice-{s:D3}.txt")), append: false, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), 1 << 16))
            .ToArray();
        try
        {
            var start = DateTime.UtcNow;
            for (var i = 0; i < calls; i++)
            {
                // Opaque 32-character ids like Telesign's, unique across runs: a replayed body would be a duplicate.
                var referenceId = prefix + Convert.ToHexString(RandomNumberGenerator.GetBytes(16))[prefix.Length..];
                var from = string.Create(CultureInfo.InvariantCulture, $"1555{RandomNumberGenerator.GetInt32(10_000_000):D7}");
                var writer = writers[i % slices];
                foreach (var (eventName, digits) in plan)
                {
                    var body = EventBodies.Build(eventName, referenceId, to, from, digits, start);
                    writer.Write(EventBodies.Sign(body, key));
                    writer.Write(' ');
                    writer.Write(Encoding.UTF8.GetString(body));
                    writer.Write('\n');
                }
            }
        }
        finally
        {
            foreach (var writer in writers)
            {
                writer.Dispose();
            }
        }

        Console.WriteLine($"events: {calls} calls x {plan.Count} events in {slices} slices under {outDir}");
        return 0;
    }
}

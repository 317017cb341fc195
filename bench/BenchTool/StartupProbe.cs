using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;

namespace BenchTool;

/// <summary>
/// Time from process start to the first answered webhook: starts the server command, posts one signed
/// event every 2 ms until one is answered with 200, and stops the server. Repeated, the median reported.
/// </summary>
internal static class StartupProbe
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);

    public static async Task<int> RunAsync(Arguments args)
    {
        var url = new Uri(args.Required("url"));
        var line = File.ReadLines(args.Required("request")).First();
        var signature = line[..line.IndexOf(' ', StringComparison.Ordinal)];
        var body = Encoding.UTF8.GetBytes(line[(signature.Length + 1)..]);
        var customerId = args.Optional("customer-id", "bench");
        var runs = args.Int("runs", 5);
        var remove = args.Optional("remove", string.Empty);
        if (args.Rest.Count == 0)
        {
            throw new ArgumentException("startup: give the server command after '--'.");
        }

        using var client = new HttpClient(new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(1) });
        // The probe's own first request pays for its JIT before any timing starts.
        await TryPostAsync(client, url, body, signature, customerId);

        var times = new List<double>();
        for (var run = 0; run < runs; run++)
        {
            foreach (var path in remove.Split(',', StringSplitOptions.RemoveEmptyEntries))
            {
                File.Delete(path);
            }

            var elapsed = await TimeOneStartAsync(args.Rest, client, url, body, signature, customerId);
            if (elapsed is null)
            {
                Console.Error.WriteLine($"startup: no answer within {Limit.TotalSeconds} s");
                return 1;
            }

            times.Add(elapsed.Value.TotalMilliseconds);
        }

        times.Sort();
        var median = times[times.Count / 2];
        var all = string.Join(", ", times.Select(t => t.ToString("F0", CultureInfo.InvariantCulture)));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"RESULT {{\"median_ms\":{median:F1},\"min_ms\":{times[0]:F1},\"max_ms\":{times[^1]:F1},\"runs\":\"{all}\"}}"));
        return 0;
    }

    private static async Task<TimeSpan?> TimeOneStartAsync(
        IReadOnlyList<string> command, HttpClient client, Uri url, byte[] body, string signature, string customerId)
    {
        var info = new ProcessStartInfo(command[0])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in command.Skip(1))
        {
            info.ArgumentList.Add(argument);
        }

        var clock = Stopwatch.StartNew();
        using var process = Process.Start(info) ?? throw new InvalidOperationException("The server did not start.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            while (clock.Elapsed < Limit && !process.HasExited)
            {
                if (await TryPostAsync(client, url, body, signature, customerId))
                {
                    return clock.Elapsed;
                }

                await Task.Delay(2);
            }

            return null;
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    private static async Task<bool> TryPostAsync(HttpClient client, Uri url, byte[] body, string signature, string customerId)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.TryAddWithoutValidation("Authorization", $"TSA {customerId}:{signature}");
        request.Headers.TryAddWithoutValidation("X-TS-Authorization", signature);
        try
        {
            using var response = await client.SendAsync(request);
            return response.IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }
}

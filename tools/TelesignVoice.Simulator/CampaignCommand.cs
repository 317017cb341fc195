using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace TelesignVoice.SimulatorCli;

/// <summary>
/// <c>campaign</c>: posts a CSV to a running server's <c>POST /campaigns</c>, follows the campaign to its
/// end and prints a summary (recipients by state, time taken) and the results. Against a server with the
/// simulator on, each number does what <c>/simulator/numbers</c> or <c>Simulator:Numbers</c> scripts.
/// </summary>
internal static class CampaignCommand
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan ProgressInterval = TimeSpan.FromSeconds(5);

    public static Command Build(TextWriter output)
    {
        var csv = new Option<FileInfo>("--csv") { Description = "The recipient list: a header row to,<variable>,… (optional external_id, time_zone columns).", Required = true };
        var flow = new Option<string>("--flow") { Description = "The call flow each recipient hears (e.g. appointment-reminder).", Required = true };
        var name = new Option<string?>("--name") { Description = "The campaign's name; the CSV file's name when absent." };
        var rate = new Option<double?>("--calls-per-second") { Description = "Dials per second; the server's Campaigns:CallsPerSecond when absent." };
        var concurrent = new Option<int?>("--max-concurrent-calls") { Description = "Calls in progress at once at most." };
        var callerId = new Option<string?>("--caller-id") { Description = "The caller ID number; the server's Telesign:CallerIdNumber when absent." };
        var hours = new Option<string?>("--calling-hours") { Description = "Local calling hours, e.g. 09:00-20:00 (each recipient's own time zone)." };
        var retry = new Option<string[]>("--retry")
        {
            Description = "A retry rule as outcome=attempts,delay_seconds (busy=3,300); repeat for more; --retry none turns retries off.",
            AllowMultipleArgumentsPerToken = true,
        };
        var format = new Option<string>("--results")
        {
            Description = "How the results are printed: csv or ndjson.",
            DefaultValueFactory = _ => "csv",
        };
        format.AcceptOnlyFromAmong("csv", "ndjson");
        var timeout = new Option<int>("--timeout")
        {
            Description = "Seconds to follow the campaign before giving up (it keeps running on the server).",
            DefaultValueFactory = _ => 600,
        };
        var command = new Command("campaign", "Runs a CSV through a running server's POST /campaigns, follows it to its end and prints a summary and the results.")
        {
            csv, flow, name, rate, concurrent, callerId, hours, retry, format, SimulatorCommand.Server, SimulatorCommand.ApiKey, timeout,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (CommandInput.ServerUrl(parse.GetValue(SimulatorCommand.Server)) is not { } server)
            {
                await output.WriteLineAsync($"The campaign could not be started: --server must be an absolute http(s) URL such as {SimulatorCommand.DevelopmentServer}, not '{parse.GetValue(SimulatorCommand.Server)}'.");
                return ExitCodes.NotStarted;
            }

            var file = parse.GetValue(csv)!;
            if (!file.Exists)
            {
                await output.WriteLineAsync($"The campaign could not be started: --csv {file.FullName} does not exist.");
                return ExitCodes.NotStarted;
            }

            var query = new List<(string Key, string? Value)>
            {
                ("name", parse.GetValue(name) ?? Path.GetFileNameWithoutExtension(file.Name)),
                ("flow", parse.GetValue(flow)),
                ("calls_per_second", parse.GetValue(rate)?.ToString(CultureInfo.InvariantCulture)),
                ("max_concurrent_calls", parse.GetValue(concurrent)?.ToString(CultureInfo.InvariantCulture)),
                ("caller_id_number", parse.GetValue(callerId)),
                ("calling_hours", parse.GetValue(hours)),
            };
            foreach (var rule in parse.GetValue(retry) ?? [])
            {
                query.Add(rule == "none" ? ("retry", "none") : rule.Split('=', 2) is [var outcome, var value] ? ($"retry.{outcome}", value) : ($"retry.{rule}", string.Empty));
            }

            using var http = new HttpClient { BaseAddress = server, Timeout = TimeSpan.FromMinutes(5) };
            http.DefaultRequestHeaders.Add("X-Api-Key", parse.GetValue(SimulatorCommand.ApiKey));
            var run = new CampaignRun(http, output, TimeSpan.FromSeconds(parse.GetValue(timeout)));
            try
            {
                return await run.RunAsync(file, query, parse.GetValue(format)!, cancellationToken);
            }
            catch (HttpRequestException exception)
            {
                await output.WriteLineAsync($"The server cannot be reached ({exception.Message}); is TelesignVoice running at {server}?");
                return ExitCodes.NotStarted;
            }
            catch (JsonException exception)
            {
                await output.WriteLineAsync($"The server's answer is not what /campaigns returns ({exception.Message}); is --server a TelesignVoice?");
                return ExitCodes.NotStarted;
            }
        });
        return command;
    }

    /// <summary>One campaign from its POST to its results.</summary>
    private sealed class CampaignRun(HttpClient http, TextWriter output, TimeSpan timeout)
    {
        public async Task<int> RunAsync(FileInfo file, List<(string Key, string? Value)> query, string format, CancellationToken cancellationToken)
        {
            var clock = Stopwatch.StartNew();
            var path = "campaigns?" + string.Join('&', query.Where(q => q.Value is not null).Select(q => $"{Uri.EscapeDataString(q.Key)}={Uri.EscapeDataString(q.Value!)}"));
            JsonElement created;
            await using (var body = file.OpenRead())
            {
                using var content = new StreamContent(body);
                content.Headers.ContentType = new MediaTypeHeaderValue("text/csv") { CharSet = "utf-8" };
                using var response = await http.PostAsync(new Uri(path, UriKind.Relative), content, cancellationToken);
                var text = await response.Content.ReadAsStringAsync(cancellationToken);
                if (!response.IsSuccessStatusCode)
                {
                    await output.WriteLineAsync($"The campaign was refused: {Problem((int)response.StatusCode, text)}");
                    return ExitCodes.NotStarted;
                }

                created = JsonDocument.Parse(text).RootElement.Clone();
            }

            var id = created.GetProperty("id").GetString()!;
            var duplicates = created.TryGetProperty("duplicates", out var d) && d.ValueKind == JsonValueKind.Number ? d.GetInt32() : 0;
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"Campaign {id} created: {Count(created, "total")} recipients{(duplicates > 0 ? $" ({duplicates} duplicate rows called once)" : string.Empty)}, flow {created.GetProperty("flow").GetString()}, {created.GetProperty("calls_per_second").GetDouble()} calls/s"));

            var campaign = await FollowAsync(id, created, clock, cancellationToken);
            var status = campaign.GetProperty("status").GetString();
            var open = Count(campaign, "pending") + Count(campaign, "waiting") + Count(campaign, "dialing") + Count(campaign, "in_call");
            if (status is not ("completed" or "cancelled"))
            {
                await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"Campaign {id} is still {status} after {timeout.TotalSeconds:0} s ({open} recipients not final); it carries on on the server: GET /campaigns/{id}."));
                await output.WriteLineAsync(Summary(campaign));
                return ExitCodes.Failed;
            }

            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"Campaign {id} {status} in {Took(campaign, clock)}{FirstDial(campaign)}"));
            await output.WriteLineAsync(Summary(campaign));
            await output.WriteLineAsync("Results:");
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri($"campaigns/{Uri.EscapeDataString(id)}/results", UriKind.Relative));
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(format == "csv" ? "text/csv" : "application/x-ndjson"));
            using var results = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            if (!results.IsSuccessStatusCode)
            {
                await output.WriteLineAsync($"The results could not be read: {Problem((int)results.StatusCode, await results.Content.ReadAsStringAsync(cancellationToken))}");
                return ExitCodes.Failed;
            }

            using (var reader = new StreamReader(await results.Content.ReadAsStreamAsync(cancellationToken), Encoding.UTF8))
            {
                while (await reader.ReadLineAsync(cancellationToken) is { } line)
                {
                    await output.WriteLineAsync(line);
                }
            }

            return status == "completed" ? ExitCodes.Completed : ExitCodes.Failed;
        }

        /// <summary>Polls the campaign until it ends or the timeout passes, printing its counts now and then.</summary>
        private async Task<JsonElement> FollowAsync(string id, JsonElement campaign, Stopwatch clock, CancellationToken cancellationToken)
        {
            var lastProgress = clock.Elapsed;
            while (campaign.GetProperty("status").GetString() is not ("completed" or "cancelled") && clock.Elapsed < timeout)
            {
                await Task.Delay(PollInterval, cancellationToken);
                using var response = await http.GetAsync(new Uri($"campaigns/{Uri.EscapeDataString(id)}", UriKind.Relative), cancellationToken);
                response.EnsureSuccessStatusCode();
                campaign = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken)).RootElement.Clone();
                if (clock.Elapsed - lastProgress >= ProgressInterval)
                {
                    lastProgress = clock.Elapsed;
                    await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"  {clock.Elapsed.TotalSeconds:0} s: {Summary(campaign).Trim()}"));
                }
            }

            return campaign;
        }

        private static int Count(JsonElement campaign, string state) =>
            campaign.GetProperty("counts").TryGetProperty(state, out var count) ? count.GetInt32() : 0;

        /// <summary>Every state with a recipient in it, then the total: "reached 3, exhausted 1 (total 4)".</summary>
        private static string Summary(JsonElement campaign)
        {
            var states = campaign.GetProperty("counts").EnumerateObject()
                .Where(c => c.Name != "total" && c.Value.GetInt32() > 0)
                .Select(c => $"{c.Name} {c.Value.GetInt32().ToString(CultureInfo.InvariantCulture)}");
            return $"  {string.Join(", ", states)} (total {Count(campaign, "total").ToString(CultureInfo.InvariantCulture)})";
        }

        /// <summary>From the server's own times when it has them: the campaign's creation to its end.</summary>
        private static string Took(JsonElement campaign, Stopwatch clock)
        {
            var seconds = Time(campaign, "completed_at") is { } end && Time(campaign, "created_at") is { } start
                ? (end - start).TotalSeconds
                : clock.Elapsed.TotalSeconds;
            return string.Create(CultureInfo.InvariantCulture, $"{seconds:0.0} s");
        }

        private static string FirstDial(JsonElement campaign) =>
            Time(campaign, "first_dial_at") is { } first && Time(campaign, "created_at") is { } start
                ? string.Create(CultureInfo.InvariantCulture, $" (first dial {(first - start).TotalSeconds:0.00} s after it was created)")
                : " (nobody was dialled)";

        private static DateTimeOffset? Time(JsonElement campaign, string name) =>
            campaign.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetDateTimeOffset() : null;

        /// <summary>A problem+json answer as one line per field, as the server named them.</summary>
        private static string Problem(int status, string body)
        {
            try
            {
                var problem = JsonDocument.Parse(body).RootElement;
                var text = new StringBuilder(string.Create(CultureInfo.InvariantCulture, $"HTTP {status}"));
                if (problem.TryGetProperty("title", out var title))
                {
                    text.Append(' ').Append(title.GetString());
                }

                if (problem.TryGetProperty("detail", out var detail))
                {
                    text.Append(": ").Append(detail.GetString());
                }

                if (status == 401)
                {
                    text.Append(" (check --api-key against the server's Operators:ApiKeys)");
                }

                if (problem.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Object)
                {
                    foreach (var field in errors.EnumerateObject())
                    {
                        text.AppendLine().Append("  ").Append(field.Name).Append(": ")
                            .AppendJoin(' ', field.Value.EnumerateArray().Select(message => message.GetString()));
                    }
                }

                return text.ToString();
            }
            catch (JsonException)
            {
                return string.Create(CultureInfo.InvariantCulture, $"HTTP {status} {body}").TrimEnd()
                    + (status == 401 ? " (check --api-key against the server's Operators:ApiKeys)" : string.Empty);
            }
        }
    }
}

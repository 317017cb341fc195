using Microsoft.Extensions.Options;

namespace TelesignVoice.Flows;

public sealed record FlowLoadResult(
    IReadOnlyDictionary<string, FlowDefinition> Flows,
    IReadOnlyList<FlowProblem> Errors,
    IReadOnlyList<FlowProblem> Warnings);

/// <summary>
/// Loads the flow files and the code flows, and checks them with the Flows configuration. It runs once,
/// when the options are first validated at startup; the catalog then reuses that result.
/// </summary>
public sealed partial class FlowLoader(
    IHostEnvironment environment,
    IEnumerable<CallFlowRegistration> codeFlows,
    IEnumerable<FlowStepRegistration> codeSteps,
    ILogger<FlowLoader> logger)
{
    private readonly Lock _gate = new();
    private FlowLoadResult? _loaded;

    /// <summary>The flows as the server started with them: read once, whoever asks first.</summary>
    public FlowLoadResult Load(FlowOptions options)
    {
        lock (_gate)
        {
            // IOptions and IOptionsMonitor each bind their own instance of the same configuration: load once.
            return _loaded ??= LoadAgain(options);
        }
    }

    /// <summary>Reads and checks the flows again, as at startup (a reload); logs the warnings, not the errors.</summary>
    public FlowLoadResult LoadAgain(FlowOptions options)
    {
        var result = LoadFrom(
            options,
            environment.ContentRootPath,
            codeFlows.Select(BuildCodeFlow),
            codeSteps.Select(s => s.Name).ToHashSet(StringComparer.Ordinal));
        // A refused set is reported once, by whoever refuses it (the start in Program.cs, or the reload):
        // no warnings and no "loaded" line before it.
        if (result.Errors.Count == 0)
        {
            foreach (var warning in result.Warnings)
            {
                Log.FlowWarning(logger, warning.ToString());
            }

            Log.FlowsLoaded(logger, result.Flows.Count, string.Join(", ", result.Flows.Values.OrderBy(f => f.Id, StringComparer.Ordinal).Select(f => $"{f.Id}@{f.Version}")));
        }

        return result;
    }

    /// <summary>Reads and checks every flow; never throws for a bad flow, the result lists the problems.</summary>
    /// <param name="checkConfiguration">False to check the flows alone, not Flows:DefaultFlow and Flows:Inbound (flows check of a folder).</param>
    public static FlowLoadResult LoadFrom(FlowOptions options, string contentRoot, IEnumerable<FlowDefinition> codeFlows, IReadOnlySet<string> codeSteps, bool checkConfiguration = true)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(codeFlows);
        var errors = new List<FlowProblem>();
        var warnings = new List<FlowProblem>();
        var flows = new Dictionary<string, FlowDefinition>(StringComparer.Ordinal);
        var folder = Path.GetFullPath(Path.Combine(contentRoot, options.Path));
        if (Directory.Exists(folder))
        {
            foreach (var file in Directory.EnumerateFiles(folder, "*.json").Where(IsFlowFile).Order(StringComparer.Ordinal))
            {
                var source = DisplayPath(contentRoot, file);
                var text = File.ReadAllText(file);
                var flow = FlowFileReader.Read(Path.GetFileNameWithoutExtension(file), source, text, errors);
                if (flow is not null)
                {
                    flows[flow.Id] = flow with { Version = FlowJson.VersionOf(text) };
                }
            }
        }
        else
        {
            errors.Add(new FlowProblem("Flows:Path", null, null, $"the folder '{folder}' does not exist; set Flows:Path to the folder of flow files"));
        }

        foreach (var flow in codeFlows.Select(f => f with { Version = FlowJson.VersionOf(FlowJson.Serialize(f)) }))
        {
            if (!flows.TryAdd(flow.Id, flow))
            {
                errors.Add(new FlowProblem(flow.Source, null, null, $"a flow named '{flow.Id}' is also in {flows[flow.Id].Source}; flow names must be unique"));
            }
        }

        var validator = new FlowValidator(codeSteps, hasAudioBaseUrl: options.AudioBaseUrl is not null);
        foreach (var flow in flows.Values)
        {
            validator.Validate(flow, errors, warnings);
        }

        if (checkConfiguration)
        {
            CheckConfiguration(options, flows, errors);
        }
        if (options.AudioPath is { Length: > 0 } audioPath && !Directory.Exists(Path.Combine(contentRoot, audioPath)))
        {
            errors.Add(new FlowProblem("Flows:AudioPath", null, null, $"the folder '{Path.Combine(contentRoot, audioPath)}' does not exist; create it or remove Flows:AudioPath"));
        }

        return new FlowLoadResult(flows, errors, warnings);
    }

    /// <summary>Flow files are *.json beside their JSON schemas (*.schema.json) and their tests (*.test.json).</summary>
    public static bool IsFlowFile(string path) =>
        path.EndsWith(".json", StringComparison.OrdinalIgnoreCase)
        && !path.EndsWith(".schema.json", StringComparison.OrdinalIgnoreCase)
        && !path.EndsWith(Testing.FlowTestFile.Suffix, StringComparison.OrdinalIgnoreCase);

    private static void CheckConfiguration(FlowOptions options, Dictionary<string, FlowDefinition> flows, List<FlowProblem> errors)
    {
        var known = flows.Count == 0 ? "none" : string.Join(", ", flows.Keys.Order(StringComparer.Ordinal));
        if (!flows.ContainsKey(options.DefaultFlow))
        {
            errors.Add(new FlowProblem("Flows:DefaultFlow", null, null, $"no flow named '{options.DefaultFlow}' (flows: {known})"));
        }

        foreach (var (number, flowId) in options.Inbound)
        {
            if (!flows.TryGetValue(flowId, out var flow))
            {
                errors.Add(new FlowProblem($"Flows:Inbound:{number}", null, null, $"no flow named '{flowId}' (flows: {known})"));
            }
            else if (flow.Steps.GetValueOrDefault(flow.Start)?.SendDigits is not null)
            {
                errors.Add(new FlowProblem($"Flows:Inbound:{number}", null, null, $"the flow '{flowId}' starts with send_digits, which only an outbound call can do"));
            }
        }

        if (options.ReloadDelayMilliseconds is < 0 or > 60_000)
        {
            errors.Add(new FlowProblem("Flows:ReloadDelayMilliseconds", null, null, $"{options.ReloadDelayMilliseconds} must be between 0 and 60000 (Flows__ReloadDelayMilliseconds)"));
        }

        if (options.AudioBaseUrl is { } baseUrl
            && !(Uri.TryCreate(baseUrl, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"))
        {
            errors.Add(new FlowProblem("Flows:AudioBaseUrl", null, null, $"'{baseUrl}' must be an absolute http(s) URL, e.g. https://voice.example.com/audio/"));
        }
    }

    internal static FlowDefinition BuildCodeFlow(CallFlowRegistration registration)
    {
        var builder = new CallFlowBuilder(registration.Id);
        registration.Configure(builder);
        return builder.Build();
    }

    private static string DisplayPath(string contentRoot, string file)
    {
        var relative = Path.GetRelativePath(contentRoot, file);
        return relative.StartsWith("..", StringComparison.Ordinal) ? file : relative.Replace('\\', '/');
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 3101, Level = LogLevel.Warning, Message = "Call flow warning: {Warning}")]
        public static partial void FlowWarning(ILogger logger, string warning);

        [LoggerMessage(EventId = 3102, Level = LogLevel.Information, Message = "Loaded {Count} call flows: {Flows}")]
        public static partial void FlowsLoaded(ILogger logger, int count, string flows);
    }
}

/// <summary>Makes an invalid flow stop the server at startup (with ValidateOnStart), listing every problem.</summary>
public sealed class FlowOptionsValidator(FlowLoader loader) : IValidateOptions<FlowOptions>
{
    public ValidateOptionsResult Validate(string? name, FlowOptions options)
    {
        var errors = loader.Load(options).Errors;
        return errors.Count == 0
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(errors.Select(e => e.ToString()));
    }
}

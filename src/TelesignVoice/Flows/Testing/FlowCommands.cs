namespace TelesignVoice.Flows.Testing;

/// <summary>
/// <c>flows check [folder]</c> validates the flows as the server does at startup; <c>flows test [folder]</c>
/// also runs the flow tests beside them (<c>*.test.json</c>), with no server and no Telesign. Exit codes:
/// 0 all good, 1 a flow is invalid or a case failed, 2 bad input (no such folder, a test file that cannot
/// be read, a test of a flow that does not exist, no tests at all). Code steps and code flows are the
/// server's (<see cref="TelesignVoiceApplication.AddFlowCode"/>, passed in by Program.cs), so a flow's code
/// step runs in its tests as it runs on the server.
/// </summary>
public static class FlowCommands
{
    public const string Argument = "flows";
    public const int Passed = 0;
    public const int Failed = 1;
    public const int BadInput = 2;

    private const string Usage = "usage: flows check [folder] | flows test [folder]   (folder: the flows folder, default Flows:Path)";

    /// <param name="flowCode">Registers the code steps and code flows the flows may use (none when null).</param>
    public static async Task<int> RunAsync(string[] args, TextWriter output, Action<IServiceCollection>? flowCode = null)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        if (args is not [("check" or "test") and var command, .. var rest] || rest.Length > 1)
        {
            await output.WriteLineAsync(Usage);
            return BadInput;
        }

        var folder = rest.Length == 1 ? Path.GetFullPath(rest[0]) : ConfiguredFolder();
        if (!Directory.Exists(folder))
        {
            await output.WriteLineAsync($"no such folder: {folder}");
            return BadInput;
        }

        var code = new ServiceCollection();
        flowCode?.Invoke(code);
        var codeFlows = code.Select(d => d.ImplementationInstance).OfType<CallFlowRegistration>().Select(FlowLoader.BuildCodeFlow);
        var codeSteps = code.Select(d => d.ImplementationInstance).OfType<FlowStepRegistration>().Select(s => s.Name).ToHashSet(StringComparer.Ordinal);
        var loaded = FlowLoader.LoadFrom(new FlowOptions { Path = folder }, folder, codeFlows, codeSteps, checkConfiguration: false);
        foreach (var warning in loaded.Warnings)
        {
            await output.WriteLineAsync($"warning: {warning}");
        }

        foreach (var error in loaded.Errors)
        {
            await output.WriteLineAsync($"error: {error}");
        }

        if (loaded.Errors.Any(e => e.Field == "code"))
        {
            await output.WriteLineAsync(
                $"code steps known here: {(codeSteps.Count == 0 ? "none" : string.Join(", ", codeSteps.Order(StringComparer.Ordinal)))}; "
                + "the server's code steps are registered in TelesignVoiceApplication.AddFlowCode (docs/flows.md, \"Code\")");
        }

        await output.WriteLineAsync($"{loaded.Flows.Count} flows checked in {folder}: {(loaded.Errors.Count == 0 ? "valid" : $"{loaded.Errors.Count} problems")}");
        if (loaded.Errors.Count > 0)
        {
            return Failed;
        }

        return command == "check" ? Passed : await TestAsync(folder, loaded.Flows, flowCode, output);
    }

    private static async Task<int> TestAsync(string folder, IReadOnlyDictionary<string, FlowDefinition> flows, Action<IServiceCollection>? flowCode, TextWriter output)
    {
        var files = Directory.EnumerateFiles(folder, "*" + FlowTestFile.Suffix).Order(StringComparer.Ordinal).ToList();
        if (files.Count == 0)
        {
            await output.WriteLineAsync($"no flow tests (*{FlowTestFile.Suffix}) in {folder}");
            return BadInput;
        }

        var tests = new List<(string File, string Flow, FlowTestFile Test)>();
        foreach (var file in files)
        {
            var name = Path.GetFileName(file);
            if (FlowTestFile.Read(file, out var problem) is not { } test)
            {
                await output.WriteLineAsync($"{name}: {problem}");
                return BadInput;
            }

            var flow = test.Flow ?? name[..^FlowTestFile.Suffix.Length];
            if (!flows.ContainsKey(flow))
            {
                await output.WriteLineAsync($"{name}: no flow named '{flow}' in {folder} (flows: {string.Join(", ", flows.Keys.Order(StringComparer.Ordinal))})");
                return BadInput;
            }

            tests.Add((name, flow, test));
        }

        foreach (var untested in flows.Keys.Where(id => tests.All(t => t.Flow != id)).Order(StringComparer.Ordinal))
        {
            await output.WriteLineAsync($"warning: the flow '{untested}' has no tests ({untested}{FlowTestFile.Suffix})");
        }

        var (passed, failed) = (0, 0);
        await using var driver = new FlowTestDriver(folder, flows.Keys.Order(StringComparer.Ordinal), flowCode);
        foreach (var (file, flow, test) in tests)
        {
            await output.WriteLineAsync($"{file} ({flow})");
            foreach (var testCase in test.Cases)
            {
                var run = await driver.RunAsync(flow, testCase, CancellationToken.None);
                var differences = FlowTestDiff.Compare(testCase.Expect, run);
                if (differences.Count == 0)
                {
                    passed++;
                    await output.WriteLineAsync($"  PASS  {testCase.Name}");
                    continue;
                }

                failed++;
                await output.WriteLineAsync($"  FAIL  {testCase.Name}");
                foreach (var line in differences)
                {
                    await output.WriteLineAsync($"        {line}");
                }
            }
        }

        await output.WriteLineAsync($"{passed} passed, {failed} failed");
        return failed == 0 ? Passed : Failed;
    }

    /// <summary>The folder the server reads: Flows:Path of its configuration, under its content root.</summary>
    private static string ConfiguredFolder()
    {
        var builder = WebApplication.CreateBuilder();
        var path = builder.Configuration.GetSection(FlowOptions.SectionName).Get<FlowOptions>()?.Path ?? new FlowOptions().Path;
        return Path.GetFullPath(Path.Combine(builder.Environment.ContentRootPath, path));
    }
}

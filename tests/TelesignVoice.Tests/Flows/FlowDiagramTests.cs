using System.Text.RegularExpressions;
using TelesignVoice.Flows;

namespace TelesignVoice.Tests.Flows;

public partial class FlowDiagramTests
{
    private static readonly string SampleFolder = Path.Combine(AppContext.BaseDirectory, "flows");

    public static TheoryData<string> SampleFlows()
    {
        var names = new TheoryData<string>();
        foreach (var file in Directory.EnumerateFiles(SampleFolder, "*.json").Where(FlowLoader.IsFlowFile).Order(StringComparer.Ordinal))
        {
            names.Add(Path.GetFileNameWithoutExtension(file));
        }

        return names;
    }

    private static FlowDefinition Sample(string name)
    {
        var result = FlowLoader.LoadFrom(new FlowOptions { Path = SampleFolder }, AppContext.BaseDirectory, [], new HashSet<string>());
        Assert.Empty(result.Errors);
        return result.Flows[name];
    }

    /// <summary>Node id of each step, read back from its box: <c>s3["menu&lt;br/&gt;…"]</c>.</summary>
    private static Dictionary<string, string> NodesOf(string mermaid) =>
        NodeLine().Matches(mermaid).ToDictionary(m => m.Groups["name"].Value, m => m.Groups["id"].Value, StringComparer.Ordinal);

    [GeneratedRegex("""^    (?<id>s\d+)\["(?<name>[^<"]+)""", RegexOptions.Multiline)]
    private static partial Regex NodeLine();

    [Theory]
    [MemberData(nameof(SampleFlows))]
    public void Every_way_out_of_every_sample_step_is_an_arrow_in_its_diagram(string name)
    {
        var flow = Sample(name);
        var mermaid = FlowDiagram.ToMermaid(flow);
        var nodes = NodesOf(mermaid);

        Assert.StartsWith("flowchart TD\n", mermaid, StringComparison.Ordinal);
        Assert.Equal(flow.Steps.Keys.Order(StringComparer.Ordinal), nodes.Keys.Order(StringComparer.Ordinal));
        Assert.Contains($"    start --> {nodes[flow.Start]}\n", mermaid, StringComparison.Ordinal);
        foreach (var (step, definition) in flow.Steps)
        {
            foreach (var target in FlowGraph.Targets(definition))
            {
                var to = target == FlowTargets.Hangup ? "hangup" : nodes[target];
                Assert.Matches(new Regex($@"^    {nodes[step]} -->(\|""[^""]*""\|)? {to}$", RegexOptions.Multiline), mermaid);
            }
        }
    }

    [Fact]
    public void Support_menu_arrows_are_labelled_with_keys_no_input_invalid_input_give_up_and_after_transfer()
    {
        var mermaid = FlowDiagram.ToMermaid(Sample("support-menu"));
        var n = NodesOf(mermaid);

        Assert.Contains($"    {n["menu"]} -->|\"key 1\"| {n["sales"]}\n", mermaid, StringComparison.Ordinal);
        Assert.Contains($"    {n["menu"]} -->|\"key 0\"| {n["operator"]}\n", mermaid, StringComparison.Ordinal);
        Assert.Contains($"    {n["menu"]} -->|\"no input (ask again, 4 attempts)\"| {n["menu"]}\n", mermaid, StringComparison.Ordinal);
        Assert.Contains($"    {n["menu"]} -->|\"invalid input (ask again, 4 attempts)\"| {n["menu"]}\n", mermaid, StringComparison.Ordinal);
        Assert.Contains($"    {n["menu"]} -->|\"give up\"| {n["goodbye"]}\n", mermaid, StringComparison.Ordinal);
        Assert.Contains($"    {n["support"]} -->|\"after transfer\"| {n["survey"]}\n", mermaid, StringComparison.Ordinal);
        Assert.Contains($"    {n["survey"]} -->|\"entry saved as satisfaction\"| {n["thanks"]}\n", mermaid, StringComparison.Ordinal);
        Assert.Contains($"    {n["goodbye"]} --> hangup\n", mermaid, StringComparison.Ordinal);
        Assert.DoesNotContain("unreachable", mermaid, StringComparison.Ordinal);
    }

    [Fact]
    public void Appointment_reminder_shows_its_repeat_key_and_on_error_step()
    {
        var mermaid = FlowDiagram.ToMermaid(Sample("appointment-reminder"));
        var n = NodesOf(mermaid);

        Assert.Contains($"    {n["reminder"]} -->|\"key 9: repeat\"| {n["reminder"]}\n", mermaid, StringComparison.Ordinal);
        Assert.Contains($"    on_error{{{{\"on error\"}}}} -.-> {n["trouble"]}\n", mermaid, StringComparison.Ordinal);
    }

    [Fact]
    public void Code_results_are_labelled_unreachable_steps_marked_and_highlights_drawn()
    {
        var flow = new CallFlowBuilder("lookup")
            .StartAt("ask")
            .Step("ask", new FlowStep { Say = "Your number, then #.", Ask = new FlowAsk { MaxDigits = 8, EndKeys = "#", SaveAs = "account" }, Next = "lookup" })
            .Step("lookup", new FlowStep { Code = "lookup-account", Results = new Dictionary<string, string> { ["found"] = "found", ["not_found"] = "hangup" } })
            .Step("found", new FlowStep { Say = "Found \"it\" #1.", Hangup = true })
            .Step("orphan", new FlowStep { Say = "Nobody hears this.", Hangup = true })
            .Build();

        var mermaid = FlowDiagram.ToMermaid(flow, ["ask", "lookup", "nonexistent"]);
        var n = NodesOf(mermaid);

        Assert.Contains($"    {n["lookup"]} -->|\"result found\"| {n["found"]}\n", mermaid, StringComparison.Ordinal);
        Assert.Contains($"    {n["lookup"]} -->|\"result not_found\"| hangup\n", mermaid, StringComparison.Ordinal);
        Assert.Contains($"    class {n["orphan"]} unreachable\n", mermaid, StringComparison.Ordinal);
        Assert.Contains($"    class {n["ask"]},{n["lookup"]} highlighted\n", mermaid, StringComparison.Ordinal);
        Assert.Contains("say: Found #quot;it#quot; #35;1.", mermaid, StringComparison.Ordinal);
    }
}

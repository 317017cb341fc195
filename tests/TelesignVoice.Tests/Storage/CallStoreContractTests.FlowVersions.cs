using TelesignVoice.Storage;
using TelesignVoice.Tests.Support;

namespace TelesignVoice.Tests.Storage;

/// <summary>What a call needs to finish on the flow version it started on: the version on the call, the definition kept.</summary>
public abstract partial class CallStoreContractTests
{
    /// <summary>The app's flow version store for this call store (the in-memory one keeps versions beside it).</summary>
    private IFlowVersionStore FlowVersions => Store as IFlowVersionStore ?? new InMemoryFlowVersionStore();

    [StoreFact]
    public async Task A_call_keeps_its_flow_version_through_insert_and_commits()
    {
        await Store.InsertCallAsync(NewCall("ref-version") with { Flow = "menu", FlowVersion = "0123456789abcdef" }, default);
        var inserted = (await Store.FindCallAsync("ref-version", default))!;
        await Store.CommitEventAsync(inserted with { FlowVersion = "fedcba9876543210" }, Event("ref-version", "dial_completed", "h1"), default);

        var stored = (await Store.FindCallAsync("ref-version", default))!;

        Assert.Equal("0123456789abcdef", inserted.FlowVersion);
        Assert.Equal("fedcba9876543210", stored.FlowVersion);
    }

    [StoreFact]
    public async Task A_flow_version_is_kept_once_and_found_by_flow_and_version()
    {
        var versions = FlowVersions;
        var flow = $"menu-{Guid.NewGuid():N}";

        await versions.SaveFlowVersionAsync(flow, "v1", """{"id":"first"}""", T0, default);
        await versions.SaveFlowVersionAsync(flow, "v1", """{"id":"second"}""", T0.AddMinutes(1), default);
        await versions.SaveFlowVersionAsync(flow, "v2", """{"id":"other"}""", T0, default);

        Assert.Equal("""{"id":"first"}""", await versions.FindFlowVersionAsync(flow, "v1", default));
        Assert.Equal("""{"id":"other"}""", await versions.FindFlowVersionAsync(flow, "v2", default));
        Assert.Null(await versions.FindFlowVersionAsync(flow, "v3", default));
        Assert.Null(await versions.FindFlowVersionAsync("another-flow", "v1", default));
    }
}

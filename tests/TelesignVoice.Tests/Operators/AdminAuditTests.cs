using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Serilog.Core;
using Serilog.Events;
using TelesignVoice.Notifications;
using TelesignVoice.Tests.Support;

namespace TelesignVoice.Tests.Operators;

/// <summary>Every admin action leaves one audit line (event id 1802) naming the key, never its secret.</summary>
public sealed class AdminAuditTests : IAsyncDisposable
{
    private readonly CapturingLogSink _sink = new();
    private readonly WebApplicationFactory<Program> _app;
    private readonly HttpClient _admin;

    public AdminAuditTests()
    {
        _app = new NamedKeysFactory().WithServices(services => services.AddSingleton<ILogEventSink>(_sink));
        _admin = _app.CreateOperatorClient(NamedKeysFactory.AdminKey);
    }

    public async ValueTask DisposeAsync()
    {
        _admin.Dispose();
        await _app.DisposeAsync();
    }

    private IEnumerable<LogEvent> WithEventId(int eventId) =>
        _sink.Events.Where(e => e.Properties.TryGetValue("EventId", out var id) && id is StructureValue s
            && s.Properties.Any(p => p.Name == "Id" && p.Value is ScalarValue { Value: int value } && value == eventId));

    private List<(string Operator, string Action, string Target, int Status)> AuditLines() =>
        [.. WithEventId(1802).Select(e => (Text(e, "Operator"), Text(e, "Action"), Text(e, "Target"), (int)((ScalarValue)e.Properties["StatusCode"]).Value!))];

    private static string Text(LogEvent e, string name) => ((ScalarValue)e.Properties[name]).Value?.ToString() ?? string.Empty;

    [Fact]
    public async Task Suppressions_flow_reload_and_redelivery_each_write_one_audit_line_with_the_key_name()
    {
        var store = _app.Services.GetRequiredService<INotificationStore>();
        var message = new OutboxMessage(OutboxMessage.NewId(), NotificationEventTypes.CallCompleted, "crm", "https://crm.example/hook", "call-1", "{}", DateTimeOffset.UtcNow);
        await store.EnqueueAsync([message], default);

        using var put = await _admin.PutAsync(new Uri("/suppressions/15555551212", UriKind.Relative), content: null);
        using var delete = await _admin.DeleteAsync(new Uri("/suppressions/15555551212", UriKind.Relative));
        using var deleteAgain = await _admin.DeleteAsync(new Uri("/suppressions/15555551212", UriKind.Relative));
        using var reload = await _admin.PostAsync(new Uri("/flows/reload", UriKind.Relative), content: null);
        using var redeliver = await _admin.PostAsync(new Uri($"/notifications/{message.Id}/redeliver", UriKind.Relative), content: null);

        Assert.Equal(HttpStatusCode.Created, put.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, deleteAgain.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, redeliver.StatusCode);
        Assert.Equal(
            [
                ("ops-lead", "suppression.put", "1********12", 201),
                ("ops-lead", "suppression.delete", "1********12", 204),
                ("ops-lead", "suppression.delete", "1********12", 404),
                ("ops-lead", "flows.reload", "flows", 200),
                ("ops-lead", "notification.redeliver", message.Id, 202),
            ],
            AuditLines());
        Assert.DoesNotContain(_sink.Lines, line => line.Contains(NamedKeysFactory.AdminKey, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Campaign_create_pause_resume_and_cancel_each_write_one_audit_line_with_the_key_name()
    {
        using var caller = _app.CreateOperatorClient(NamedKeysFactory.CallerKey);
        using var created = await caller.PostAsJsonAsync("/campaigns", new
        {
            name = "audited",
            flow = "default",
            start_at = DateTimeOffset.UtcNow.AddDays(7),
            recipients = new[] { new { to = "15551110001" } },
        });
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;

        using var pause = await caller.PostAsync(new Uri($"/campaigns/{id}/pause", UriKind.Relative), content: null);
        using var resume = await caller.PostAsync(new Uri($"/campaigns/{id}/resume", UriKind.Relative), content: null);
        using var cancel = await caller.PostAsync(new Uri($"/campaigns/{id}/cancel", UriKind.Relative), content: null);
        using var cancelAgain = await caller.PostAsync(new Uri($"/campaigns/{id}/cancel", UriKind.Relative), content: null);

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, cancelAgain.StatusCode);
        Assert.Equal(
            [
                ("crm", "campaign.create", id, 201),
                ("crm", "campaign.pause", id, 200),
                ("crm", "campaign.resume", id, 200),
                ("crm", "campaign.cancel", id, 200),
                ("crm", "campaign.cancel", id, 409),
            ],
            AuditLines());
        Assert.DoesNotContain(_sink.Lines, line => line.Contains(NamedKeysFactory.CallerKey, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_refused_admin_action_is_audited_as_forbidden_not_as_done()
    {
        using var viewer = _app.CreateOperatorClient(NamedKeysFactory.ViewerKey);

        using var put = await viewer.PutAsync(new Uri("/suppressions/15555551212", UriKind.Relative), content: null);

        Assert.Equal(HttpStatusCode.Forbidden, put.StatusCode);
        Assert.Empty(AuditLines());
        var refused = Assert.Single(WithEventId(1804));
        Assert.Equal("reporting", Text(refused, "Operator"));
        Assert.Equal("admin", Text(refused, "RequiredRole"));
    }
}

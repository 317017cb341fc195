using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using TelesignVoice.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace TelesignVoice.Tests.OperatorConsole;

/// <summary>Campaigns in the console: created from a CSV upload (or through the API), followed, paused and resumed.</summary>
[Collection(ConsoleBrowserCollection.Name)]
public sealed class ConsoleCampaignTests(ConsoleBrowser browser)
{
    [Fact]
    public async Task An_operator_pauses_and_resumes_a_campaign_and_sees_its_counts()
    {
        using var api = browser.Host.CreateOperatorClient();
        // Scheduled an hour ahead, so nothing dials while the test looks at it.
        var startAt = DateTimeOffset.UtcNow.AddHours(1).ToString("O", System.Globalization.CultureInfo.InvariantCulture);
        using var body = new StringContent(
            JsonSerializer.Serialize(new
            {
                name = "Tuesday reminders",
                flow = "appointment-reminder",
                start_at = startAt,
                recipients = new[]
                {
                    new { to = "15557770201", variables = new Dictionary<string, string> { ["name"] = "Ada", ["when"] = "Tuesday" } },
                    new { to = "15557770202", variables = new Dictionary<string, string> { ["name"] = "Alan", ["when"] = "Tuesday" } },
                },
            }),
            Encoding.UTF8,
            "application/json");
        using var created = await api.PostAsync(new Uri("/campaigns", UriKind.Relative), body);
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());

        var page = await browser.SignedInPageAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Campaigns" }).ClickAsync();
        await ConsoleBrowser.ScreenshotAsync(page, "campaigns");
        await page.GetByRole(AriaRole.Link, new() { Name = "Tuesday reminders" }).First.ClickAsync();

        await Expect(page.Locator("#campaign-status")).ToHaveTextAsync("scheduled");
        await Expect(page.GetByRole(AriaRole.Row, new() { Name = "pending" })).ToContainTextAsync("2");
        await Expect(page.Locator("progress")).ToHaveAttributeAsync("max", "2");

        await page.GetByRole(AriaRole.Button, new() { Name = "Pause" }).ClickAsync();
        await Expect(page.Locator("#campaign-status")).ToHaveTextAsync("paused");
        await ConsoleBrowser.ScreenshotAsync(page, "campaign");
        await page.GetByRole(AriaRole.Button, new() { Name = "Resume" }).ClickAsync();
        await Expect(page.Locator("#campaign-status")).ToHaveTextAsync("scheduled");
        await Expect(page).ToHaveURLAsync(new Regex("/console/campaigns/[^/]+$"));

        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "Download the results (CSV)" }).ClickAsync());
        var csv = await File.ReadAllTextAsync(await download.PathAsync());
        Assert.Equal(3, csv.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);

        // Each button is an audit line naming the signed-in key, never its secret.
        var id = page.Url[(page.Url.LastIndexOf('/') + 1)..];
        var audit = browser.Host.AuditLines("console.campaign").Where(line => line.Contains(id, StringComparison.Ordinal)).ToList();
        Assert.Equal(
            [$"Audit: operator \"api-key-0\" did \"console.campaign\" on \"{id} pause\": HTTP 302", $"Audit: operator \"api-key-0\" did \"console.campaign\" on \"{id} resume\": HTTP 302"],
            audit);
        Assert.DoesNotContain(browser.Host.Logs.Lines, line => line.Contains(SimulatorHost.OperatorKey, StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_operator_creates_a_campaign_from_a_csv_upload_and_sees_its_counts()
    {
        var page = await browser.SignedInPageAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Campaigns" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "New campaign from a CSV list" }).ClickAsync();

        await page.GetByLabel("Name", new() { Exact = true }).FillAsync("Upload reminders");
        await page.GetByLabel("Flow", new() { Exact = true }).SelectOptionAsync("appointment-reminder");
        await page.GetByLabel("List of people to call (CSV)").SetInputFilesAsync(Csv(
            "to,name,when",
            "+1 555 777 0301,Ada,Tuesday at 10 AM",
            "15557770302,Alan,Wednesday at 9 AM",
            "15557770303,Grace,Thursday at noon"));
        await page.GetByLabel("Calls per second").FillAsync("2");
        await page.GetByLabel("From", new() { Exact = true }).FillAsync("09:00");
        await page.GetByLabel("Until", new() { Exact = true }).FillAsync("20:00");
        await page.GetByLabel("Time zone").FillAsync("America/New_York");
        // An hour ahead, so nothing dials while the test looks at the counts.
        await page.GetByLabel("Start at (UTC)").FillAsync(DateTimeOffset.UtcNow.AddHours(1).ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture));
        await ConsoleBrowser.ScreenshotAsync(page, "campaign-new");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create campaign" }).ClickAsync();

        await Expect(page).ToHaveURLAsync(new Regex("/console/campaigns/cmp_[0-9a-f]+$"));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Campaign Upload reminders");
        await Expect(page.Locator("#campaign-status")).ToHaveTextAsync("scheduled");
        await Expect(page.GetByRole(AriaRole.Row, new() { Name = "pending" })).ToContainTextAsync("3");
        await Expect(page.Locator("progress")).ToHaveAttributeAsync("max", "3");
        await Expect(page.Locator("dl.facts")).ToContainTextAsync("2 calls/s");

        // The API sees the same campaign, with the settings of the form.
        var id = page.Url[(page.Url.LastIndexOf('/') + 1)..];
        using var api = browser.Host.CreateOperatorClient();
        var campaign = await api.GetFromJsonAsync<JsonElement>(new Uri($"/campaigns/{id}", UriKind.Relative));
        Assert.Equal("appointment-reminder", campaign.GetProperty("flow").GetString());
        Assert.Equal("09:00", campaign.GetProperty("calling_hours").GetProperty("start").GetString());
        Assert.Equal("America/New_York", campaign.GetProperty("calling_hours").GetProperty("time_zone").GetString());
        Assert.Equal(3, campaign.GetProperty("counts").GetProperty("total").GetInt32());
        Assert.Equal("api-key-0", campaign.GetProperty("created_by").GetString());
        await Expect(page.Locator("#campaign-created-by")).ToHaveTextAsync("api-key-0");
        Assert.Contains($"Audit: operator \"api-key-0\" did \"console.campaign.create\" on \"{id}\": HTTP 302", browser.Host.AuditLines("console.campaign.create"));
        await page.GetByRole(AriaRole.Button, new() { Name = "Cancel campaign" }).ClickAsync();
        await Expect(page.Locator("#campaign-status")).ToHaveTextAsync("cancelled");
    }

    [Fact]
    public async Task A_bad_csv_row_is_named_on_the_page_at_a_phones_width_and_nothing_is_created()
    {
        var page = await browser.SignedInPageAsync(width: 390, height: 844);
        await page.GotoAsync("/console/campaigns/new");
        await page.GetByLabel("Name", new() { Exact = true }).FillAsync("Bad list");
        await page.GetByLabel("Flow", new() { Exact = true }).SelectOptionAsync("appointment-reminder");
        await page.GetByLabel("List of people to call (CSV)").SetInputFilesAsync(Csv(
            "to,name,when",
            "15557770401,Ada,Tuesday",
            "not a number,Alan,Tuesday",
            "15557770403,,Tuesday"));

        var answer = await page.RunAndWaitForResponseAsync(
            () => page.GetByRole(AriaRole.Button, new() { Name = "Create campaign" }).ClickAsync(),
            response => response.Url.EndsWith("/console/campaigns/new", StringComparison.Ordinal) && response.Request.Method == "POST");

        Assert.Equal((int)HttpStatusCode.BadRequest, answer.Status);
        var alert = page.GetByRole(AriaRole.Alert);
        await Expect(alert).ToContainTextAsync("2 of 3 rows are invalid; nothing was stored");
        await Expect(alert).ToContainTextAsync("Line 3 of the file, to:");
        await Expect(alert).ToContainTextAsync("Line 4 of the file, variables.name:");
        await Expect(page.GetByLabel("List of people to call (CSV)")).ToHaveAttributeAsync("aria-invalid", "true");
        // What was typed is kept; only the file has to be chosen again.
        await Expect(page.GetByLabel("Name", new() { Exact = true })).ToHaveValueAsync("Bad list");
        var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth");
        Assert.True(overflow <= 0, $"The page is {overflow} px wider than a phone's screen.");
        await ConsoleBrowser.ScreenshotAsync(page, "campaign-new-refused");

        // Each error links to the field to fix.
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Line 3 of the file, to" })).ToHaveAttributeAsync("href", "#file");
        using var api = browser.Host.CreateOperatorClient();
        var list = await api.GetStringAsync(new Uri("/campaigns?limit=1000", UriKind.Relative));
        Assert.DoesNotContain("Bad list", list, StringComparison.Ordinal);
        Assert.Contains("Audit: operator \"api-key-0\" did \"console.campaign.create\" on \"unknown\": HTTP 400", browser.Host.AuditLines("console.campaign.create"));
    }

    [Fact]
    public async Task Settings_the_server_refuses_are_named_by_their_labels()
    {
        var page = await browser.SignedInPageAsync();
        await page.GotoAsync("/console/campaigns/new");
        await page.GetByLabel("Name", new() { Exact = true }).FillAsync("Night calls");
        await page.GetByLabel("List of people to call (CSV)").SetInputFilesAsync(Csv("to,name,when", "15557770501,Ada,Tuesday"));
        await page.GetByLabel("From", new() { Exact = true }).FillAsync("09:00");
        await page.GetByLabel("Time zone").FillAsync("Mars/Olympus_Mons");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create campaign" }).ClickAsync();

        // One end of the calling hours is missing: the form says so before the server is asked.
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Calling hours, until: Give both ends of the calling hours");
        await page.GetByLabel("List of people to call (CSV)").SetInputFilesAsync(Csv("to,name,when", "15557770501,Ada,Tuesday"));
        await page.GetByLabel("Until", new() { Exact = true }).FillAsync("20:00");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create campaign" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Time zone: calling_hours.time_zone must be an IANA time zone");
        await Expect(page.GetByLabel("Time zone")).ToHaveAttributeAsync("aria-invalid", "true");
    }

    private static FilePayload Csv(params string[] lines) => new()
    {
        Name = "people.csv",
        MimeType = "text/csv",
        Buffer = Encoding.UTF8.GetBytes(string.Join("\n", lines) + "\n"),
    };
}

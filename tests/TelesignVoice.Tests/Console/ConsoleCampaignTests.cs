using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace TelesignVoice.Tests.OperatorConsole;

/// <summary>A campaign created through the API, followed, paused and resumed in the console.</summary>
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
    }
}

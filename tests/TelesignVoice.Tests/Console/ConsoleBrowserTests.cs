using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using TelesignVoice.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace TelesignVoice.Tests.OperatorConsole;

/// <summary>The console in a real browser, used as an operator would: by labels, buttons and links.</summary>
[Collection(ConsoleBrowserCollection.Name)]
public sealed partial class ConsoleBrowserTests(ConsoleBrowser browser)
{
    [Fact]
    public async Task A_wrong_key_is_refused_with_a_clear_message_and_no_session()
    {
        var page = await browser.NewPageAsync();
        await page.GotoAsync("/console/calls");
        await Expect(page).ToHaveURLAsync(new Regex("/console/sign-in"));
        await ConsoleBrowser.ScreenshotAsync(page, "sign-in");

        await page.GetByLabel("Operator key").FillAsync("not-the-operator-key-42");
        var answer = await page.RunAndWaitForResponseAsync(
            () => page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync(),
            response => response.Url.EndsWith("/console/sign-in", StringComparison.Ordinal) && response.Request.Method == "POST");

        Assert.Equal((int)HttpStatusCode.Unauthorized, answer.Status);
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("not an operator key");
        Assert.DoesNotContain("not-the-operator-key-42", await page.ContentAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain("not-the-operator-key-42", page.Url, StringComparison.Ordinal);
        await Expect(page.GetByLabel("Operator key")).ToHaveValueAsync("");
        await ConsoleBrowser.ScreenshotAsync(page, "sign-in-refused");

        await page.GotoAsync("/console/calls");
        await Expect(page).ToHaveURLAsync(new Regex("/console/sign-in"));
    }

    [Fact]
    public async Task An_operator_places_a_simulated_call_and_reads_its_timeline_and_path()
    {
        var page = await browser.SignedInPageAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Simulator" }).ClickAsync();
        await page.GetByLabel("Number to call").FillAsync("+1 555 867 5309");
        await page.GetByLabel("Flow").SelectOptionAsync("support-menu");
        await page.GetByLabel("What the callee presses").FillAsync("silence\n2\n4");
        await ConsoleBrowser.ScreenshotAsync(page, "simulator");
        await page.GetByRole(AriaRole.Button, new() { Name = "Place test call" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("Test call");
        await Expect(page.Locator("#transcript .status")).ToHaveTextAsync("completed", new() { Timeout = 30_000 });
        await Expect(page.Locator("#transcript")).ToContainTextAsync("presses 2");
        await ConsoleBrowser.ScreenshotAsync(page, "simulator-transcript");

        await page.GetByRole(AriaRole.Link, new() { Name = "Open this call's timeline" }).ClickAsync();
        var timeline = page.Locator("ol.timeline > li");
        await Expect(timeline.First).ToContainTextAsync("dial_completed: answered");
        await Expect(page.Locator("ol.timeline")).ToContainTextAsync("speak_completed at step menu: no keys pressed");
        await Expect(page.Locator("ol.timeline")).ToContainTextAsync("speak_completed at step menu: pressed 2");
        await Expect(page.Locator("ol.timeline")).ToContainTextAsync("transfers to 1********02 (step support)");
        await Expect(page.Locator("ol.timeline")).ToContainTextAsync("call_leg_completed at step support");
        // The survey saves what was typed, so its digits are masked; the menu choice is not.
        await Expect(page.Locator("ol.timeline")).ToContainTextAsync("speak_completed at step survey: pressed [1 digits]");
        await Expect(timeline.Last).ToContainTextAsync("call_completed");
        await Expect(page.Locator("dl.facts").First).ToContainTextAsync("1********09");
        await Expect(page.GetByRole(AriaRole.Region, new() { Name = "End of call" })).ToContainTextAsync("Duration");
        Assert.DoesNotContain("15558675309", await page.ContentAsync(), StringComparison.Ordinal);
        await ConsoleBrowser.ScreenshotAsync(page, "call");

        await page.GetByRole(AriaRole.Link, new() { Name = "support-menu: diagram with this call's path" }).ClickAsync();
        await Expect(page.Locator("#call-path")).ToContainTextAsync("menu → support → survey → thanks");
        await Expect(page.Locator("html")).ToHaveAttributeAsync("data-diagrams", "drawn");
        await Expect(page.Locator("#diagram svg .highlighted").First).ToBeVisibleAsync();
        await Expect(page.Locator("tr.on-path")).ToHaveCountAsync(4);
        await ConsoleBrowser.ScreenshotAsync(page, "flow-call-path");
    }

    /// <summary>Signs in, places a simulated call through the console's form, waits for its end and opens its timeline.</summary>
    private async Task<IPage> SimulatedCallTimelineAsync(string number, string flow, string presses, string? variables = null)
    {
        var page = await browser.SignedInPageAsync();
        await page.GotoAsync("/console/simulator");
        await page.GetByLabel("Number to call").FillAsync(number);
        await page.GetByLabel("Flow").SelectOptionAsync(flow);
        if (variables is not null)
        {
            await page.GetByLabel("Variables").FillAsync(variables);
        }

        await page.GetByLabel("What the callee presses").FillAsync(presses);
        await page.GetByRole(AriaRole.Button, new() { Name = "Place test call" }).ClickAsync();
        await Expect(page.Locator("#transcript .status")).ToHaveTextAsync("completed", new() { Timeout = 30_000 });
        await page.GetByRole(AriaRole.Link, new() { Name = "Open this call's timeline" }).ClickAsync();
        return page;
    }

    [Fact]
    public async Task A_pin_call_timeline_shows_no_pin_and_follows_the_call_through_its_masked_entry()
    {
        // The transcript it passes by is the simulated phone's side (it hears its PIN read back), kept only in memory.
        var page = await SimulatedCallTimelineAsync("+1 555 867 5310", "pin-capture", "739146#\n1");

        await Expect(page.Locator("ol.timeline")).ToContainTextAsync("speak_completed at step enter-pin: pressed [sensitive]");
        await Expect(page.Locator("ol.timeline")).ToContainTextAsync("speak_completed at step confirm-pin: pressed 1");
        await Expect(page.GetByRole(AriaRole.Region, new() { Name = "Variables" })).ToContainTextAsync("[sensitive]");
        await Expect(page.Locator("ol.timeline")).ToContainTextAsync("accepted");
        var timeline = await page.ContentAsync();

        Assert.DoesNotContain("739146", timeline, StringComparison.Ordinal);
        Assert.DoesNotContain("7 3 9 1 4 6", timeline, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_call_page_lists_the_notifications_the_call_caused_with_their_delivery()
    {
        var page = await SimulatedCallTimelineAsync("+1 555 777 0601", "appointment-reminder", "1", variables: "name=Ada\nwhen=Tuesday at 10 AM");

        // The notify step answers nothing itself: the confirmation is said at the step after it.
        await Expect(page.Locator("ol.timeline")).ToContainTextAsync("appointment is confirmed. Goodbye.” (step confirmed)");

        // The notify step's flow.result, then call.completed, each to both endpoints; the page refreshes while any is pending.
        var rows = page.GetByRole(AriaRole.Region, new() { Name = "Notifications" }).Locator("tbody tr");
        await Expect(rows).ToHaveCountAsync(4);
        await Expect(rows.Nth(0)).ToContainTextAsync("flow.result");
        await Expect(rows.Nth(3)).ToContainTextAsync("call.completed");
        var delivered = rows.Filter(new() { HasTextString = "simulator" });
        await Expect(delivered.Filter(new() { HasTextString = "delivered" })).ToHaveCountAsync(2);
        await Expect(delivered.First.Locator("td[data-label='Attempts']")).ToHaveTextAsync("1");
        await Expect(delivered.First.Locator("td[data-label='Last error']")).ToHaveTextAsync("—");
        var failing = rows.Filter(new() { HasTextString = "archive" });
        await Expect(failing.First.Locator("td[data-label='Attempts']")).Not.ToHaveTextAsync("0");
        await Expect(failing.First.Locator("td[data-label='Last error']")).Not.ToHaveTextAsync("—");
        await Expect(failing.First.Locator("td[data-label='State']")).ToHaveTextAsync("pending");
        await ConsoleBrowser.ScreenshotAsync(page, "call-notifications");
    }

    [Fact]
    public async Task A_flow_diagram_shows_its_steps_and_routes()
    {
        var page = await browser.SignedInPageAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Flows" }).ClickAsync();
        foreach (var flow in new[] { "appointment-reminder", "default", "pin-capture", "support-menu" })
        {
            await Expect(page.GetByRole(AriaRole.Link, new() { Name = flow, Exact = true })).ToBeVisibleAsync();
        }

        await ConsoleBrowser.ScreenshotAsync(page, "flows");
        await page.GetByRole(AriaRole.Link, new() { Name = "support-menu", Exact = true }).ClickAsync();
        await page.WaitForFunctionAsync("() => document.documentElement.hasAttribute('data-diagrams')");
        Assert.True(await page.Locator("html").GetAttributeAsync("data-diagrams") == "drawn", string.Join("\n", browser.BrowserErrors));
        var diagram = page.Locator("#diagram svg");
        foreach (var step in new[] { "menu", "sales", "support", "operator", "survey", "thanks", "goodbye" })
        {
            await Expect(diagram.Locator(".node", new() { HasTextString = step }).First).ToBeVisibleAsync();
        }

        await Expect(diagram).ToContainTextAsync("key 1");
        await Expect(diagram).ToContainTextAsync("after transfer");
        await Expect(page.GetByRole(AriaRole.Row, new() { Name = "menu" }).First).ToContainTextAsync("key 2 → support");
        await ConsoleBrowser.ScreenshotAsync(page, "flow");
    }

    [Fact]
    public async Task The_calls_list_shows_a_new_call_without_a_reload_and_filters_by_flow()
    {
        var page = await browser.SignedInPageAsync();
        await page.GotoAsync("/console/calls?flow=appointment-reminder");
        var rows = page.Locator("table.calls tbody tr");
        var before = await rows.CountAsync();

        using var api = browser.Host.CreateOperatorClient();
        using var placed = await api.PostAsJsonAsync("/calls", new
        {
            to = "15557770101",
            flow = "appointment-reminder",
            variables = new Dictionary<string, string> { ["name"] = "Ada", ["when"] = "Tuesday at 10 AM" },
        });
        Assert.Equal(HttpStatusCode.Accepted, placed.StatusCode);
        var referenceId = (await placed.Content.ReadFromJsonAsync<Dictionary<string, object>>())!["reference_id"].ToString()!;

        await Expect(rows).ToHaveCountAsync(before + 1, new() { Timeout = 15_000 });
        await Expect(page.Locator($"a[href='/console/calls/{referenceId}']")).ToBeVisibleAsync();
        await Expect(page.Locator("table.calls tbody")).Not.ToContainTextAsync("support-menu");
        await Expect(page.Locator("table.calls tbody")).ToContainTextAsync("1********01");
        await ConsoleBrowser.ScreenshotAsync(page, "calls");

        await page.GetByLabel("Number").FillAsync("not a number");
        await page.GetByRole(AriaRole.Button, new() { Name = "Show calls" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("country code");
        await Expect(page.GetByLabel("Number")).ToHaveAttributeAsync("aria-invalid", "true");
    }

    [Fact]
    public async Task A_forged_post_is_refused_and_changes_nothing()
    {
        var page = await browser.SignedInPageAsync();

        // What a page on another site can do: post a form into the console with the operator's cookie, without the token.
        var status = await page.EvaluateAsync<int>("""
            async () => {
              const body = new URLSearchParams({ to: "15558675309", presses: "1" });
              const answer = await fetch("/console/simulator", { method: "POST", body, credentials: "include" });
              return answer.status;
            }
            """);
        Assert.Equal(400, status);
        var signOut = await page.EvaluateAsync<int>("async () => (await fetch('/console/sign-out', { method: 'POST', credentials: 'include' })).status");
        Assert.Equal(400, signOut);

        await page.ReloadAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/console/calls$"));
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Sign out" })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task Signing_out_ends_the_session()
    {
        var page = await browser.SignedInPageAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("You are signed out");

        await page.GotoAsync("/console/flows");
        await Expect(page).ToHaveURLAsync(new Regex("/console/sign-in"));
    }

    [Fact]
    public async Task At_a_phones_width_the_calls_page_fits_and_the_keyboard_reaches_the_skip_link_first()
    {
        var page = await browser.SignedInPageAsync(width: 390, height: 844);
        await page.Keyboard.PressAsync("Tab");
        await Expect(page.Locator(":focus")).ToHaveTextAsync("Skip to content");

        var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth");
        Assert.True(overflow <= 0, $"The page is {overflow} px wider than a phone's screen.");
        await ConsoleBrowser.ScreenshotAsync(page, "calls-phone");
    }
}

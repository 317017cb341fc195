// Answers every dial as Telesign does when it accepts one: 202 with a fresh reference_id, echoing
// external_id. It does as little as a real HTTP peer must (read and parse the body, check that Basic
// auth is present), so its own answer time is the baseline that POST /calls is compared with. With
// Fake:RecordDials it also keeps a log of every dial, and with Fake:WebhookUrls it plays each call
// (see FakeTelesignApp).
await FakeTelesign.FakeTelesignApp.Create(args).RunAsync();

using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace TelesignVoice.Flows;

/// <summary>
/// Reloads the flows when a file of <c>Flows:Path</c> changes: it waits for <c>Flows:ReloadDelayMilliseconds</c>
/// of quiet (an editor writes a file in several steps), then reloads only if the files' contents differ
/// from the last reload. Where the system refuses a file watcher (out of inotify instances), it checks the
/// folder every two seconds instead.
/// </summary>
public sealed partial class FlowFileWatcher(
    FlowCatalog catalog,
    IOptions<FlowOptions> options,
    IHostEnvironment environment,
    TimeProvider time,
    ILogger<FlowFileWatcher> logger) : BackgroundService
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(2);

    private readonly SemaphoreSlim _changed = new(0);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        var folder = Path.GetFullPath(Path.Combine(environment.ContentRootPath, settings.Path));
        if (!settings.Watch || !Directory.Exists(folder))
        {
            return;
        }

        using var watcher = TryWatch(folder);
        var quiet = TimeSpan.FromMilliseconds(settings.ReloadDelayMilliseconds);
        var seen = Fingerprint(folder);
        while (!stoppingToken.IsCancellationRequested)
        {
            if (watcher is null)
            {
                await Task.Delay(PollInterval, time, stoppingToken);
            }
            else
            {
                await _changed.WaitAsync(stoppingToken);
                do
                {
                    while (_changed.Wait(0, CancellationToken.None))
                    {
                    }

                    await Task.Delay(quiet, time, stoppingToken);
                }
                while (_changed.CurrentCount > 0);
            }

            var now = Fingerprint(folder);
            if (now != seen)
            {
                seen = now;
                catalog.Reload("a file of Flows:Path changed");
            }
        }
    }

    public override void Dispose()
    {
        _changed.Dispose();
        base.Dispose();
    }

    private FileSystemWatcher? TryWatch(string folder)
    {
        try
        {
            var watcher = new FileSystemWatcher(folder)
            {
                NotifyFilter = NotifyFilters.FileName | NotifyFilters.LastWrite | NotifyFilters.Size | NotifyFilters.CreationTime,
            };
            watcher.Changed += (_, _) => _changed.Release();
            watcher.Created += (_, _) => _changed.Release();
            watcher.Deleted += (_, _) => _changed.Release();
            watcher.Renamed += (_, _) => _changed.Release();
            watcher.Error += (_, args) => Log.WatcherError(logger, args.GetException().Message);
            watcher.EnableRaisingEvents = true;
            return watcher;
        }
        catch (Exception exception) when (exception is IOException or ArgumentException or PlatformNotSupportedException)
        {
            Log.Polling(logger, folder, exception.Message);
            return null;
        }
    }

    /// <summary>The names and contents of the flow files, so a touch or a save without changes reloads nothing.</summary>
    private static string Fingerprint(string folder)
    {
        var text = new StringBuilder();
        try
        {
            foreach (var file in Directory.EnumerateFiles(folder, "*.json").Where(FlowLoader.IsFlowFile).Order(StringComparer.Ordinal))
            {
                text.Append(Path.GetFileName(file)).Append(':').Append(Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(file)))).Append('\n');
            }
        }
        catch (IOException exception)
        {
            // A file being written or the folder being replaced: a different fingerprint, so the next change reloads.
            text.Append(exception.Message);
        }

        return text.ToString();
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1911, Level = LogLevel.Warning, Message = "Cannot watch the flows folder {Folder} ({Reason}); checking it every 2 seconds instead")]
        public static partial void Polling(ILogger logger, string folder, string reason);

        [LoggerMessage(EventId = 1912, Level = LogLevel.Warning, Message = "The flows folder watcher reported an error: {Reason}")]
        public static partial void WatcherError(ILogger logger, string reason);
    }
}

using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Options;

namespace TelesignVoice.Flows;

/// <summary>
/// <c>GET /audio/{file}</c>: the audio files of Flows:AudioPath, so flows can play recordings kept with
/// the server (set Flows:AudioBaseUrl to this server's public URL + /audio/). 404 when the folder is not set.
/// </summary>
public static class FlowAudioEndpoints
{
    public static IEndpointConventionBuilder MapFlowAudio(this IEndpointRouteBuilder app) =>
        app.MapGet("/audio/{**file}", GetAudio)
            .WithName("FlowAudio")
            .WithTags("Call flows")
            .WithSummary("An audio file of Flows:AudioPath, for Telesign to play.")
            .ExcludeFromDescription();

    public static Results<PhysicalFileHttpResult, NotFound> GetAudio(string file, FlowAudioFiles audio)
    {
        ArgumentNullException.ThrowIfNull(audio);
        return audio.Find(file) is { } found
            ? TypedResults.PhysicalFile(found.Path, found.ContentType)
            : TypedResults.NotFound();
    }
}

public sealed class FlowAudioFiles(IOptions<FlowOptions> options, IHostEnvironment environment)
{
    private static readonly FileExtensionContentTypeProvider ContentTypes = new();

    private readonly Lazy<PhysicalFileProvider?> _files = new(() =>
        options.Value.AudioPath is { Length: > 0 } folder
            ? new PhysicalFileProvider(Path.GetFullPath(Path.Combine(environment.ContentRootPath, folder)))
            : null);

    /// <summary>The file's full path, or null when it is not in the audio folder (the provider refuses paths that climb out of it).</summary>
    public (string Path, string ContentType)? Find(string file)
    {
        if (_files.Value?.GetFileInfo(file) is not { Exists: true, IsDirectory: false, PhysicalPath: { } path })
        {
            return null;
        }

        return (path, ContentTypes.TryGetContentType(path, out var type) ? type : "application/octet-stream");
    }
}

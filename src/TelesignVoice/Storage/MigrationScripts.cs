using System.Globalization;

namespace TelesignVoice.Storage;

/// <summary>One numbered schema script (Storage/Migrations/{provider}/0001_name.sql), embedded in the app.</summary>
public sealed record MigrationScript(int Version, string Name, string Sql)
{
    /// <summary>The provider's scripts in version order.</summary>
    public static IReadOnlyList<MigrationScript> For(StorageProvider provider) => Under($"migrations/{provider}/");

    /// <summary>
    /// The provider's contract scripts (Storage/Migrations/{provider}/contract/), in version order: each
    /// removes what an expand script kept for the previous release, run only by <c>migrate --contract</c>.
    /// </summary>
    public static IReadOnlyList<MigrationScript> ContractFor(StorageProvider provider) => Under($"migrations/{provider}/contract/");

    private static List<MigrationScript> Under(string prefix)
    {
        var assembly = typeof(MigrationScript).Assembly;
        var scripts = new List<MigrationScript>();
        foreach (var resource in assembly.GetManifestResourceNames())
        {
            var normalized = resource.Replace('\\', '/');
            if (!normalized.StartsWith(prefix, StringComparison.Ordinal) || !normalized.EndsWith(".sql", StringComparison.Ordinal)
                || normalized.IndexOf('/', prefix.Length) >= 0)
            {
                continue;
            }

            var name = Path.GetFileNameWithoutExtension(normalized);
            var underscore = name.IndexOf('_', StringComparison.Ordinal);
            if (underscore <= 0 || !int.TryParse(name.AsSpan(0, underscore), NumberStyles.None, CultureInfo.InvariantCulture, out var version))
            {
                throw new InvalidOperationException($"Migration script {normalized} must be named NNNN_description.sql.");
            }

            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var reader = new StreamReader(stream);
            scripts.Add(new MigrationScript(version, name, reader.ReadToEnd()));
        }

        scripts.Sort((a, b) => a.Version.CompareTo(b.Version));
        return scripts;
    }
}

/// <summary>Brings a database's schema to the app's version; applying it again changes nothing.</summary>
public interface ISchemaMigrator
{
    /// <summary>Returns the scripts applied by this call (none when the schema was current).</summary>
    Task<IReadOnlyList<MigrationScript>> MigrateAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Applies the contract scripts (<see cref="MigrationScript.ContractFor"/>) the schema still needs,
    /// after <see cref="MigrateAsync"/>; returns those applied. Only for when no instance of an older release is left.
    /// </summary>
    Task<IReadOnlyList<MigrationScript>> ContractAsync(CancellationToken cancellationToken);
}

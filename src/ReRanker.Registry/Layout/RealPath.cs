namespace ReRanker.Registry;

/// <summary>
/// Resolves every symbolic link in a path, like POSIX realpath(3), so that containment in the registry root can be
/// checked on the real location (Kubernetes ConfigMaps link <c>music</c> to <c>..data/music</c>, <c>..data</c> to a
/// timestamped folder). Only link metadata is read, never file contents.
/// </summary>
internal static class RealPath
{
    private const int MaxLinks = 40;

    /// <summary>The real path, or null when a component does not exist or links loop.</summary>
    public static string? Resolve(string path)
    {
        var full = Path.GetFullPath(path);
        var root = Path.GetPathRoot(full) ?? "/";
        var pending = new Stack<string>(Split(full[root.Length..]).Reverse());
        var current = root;
        var links = 0;
        while (pending.TryPop(out var component))
        {
            if (component == ".")
            {
                continue;
            }

            if (component == "..")
            {
                current = Path.GetDirectoryName(current) ?? root;
                continue;
            }

            var next = Path.Combine(current, component);
            var target = LinkTarget(next);
            if (target is null)
            {
                // Any kind of entry counts (File.Exists is false for sockets and FIFOs, which must be seen and refused).
                if (LocalFile.Stat(next).Kind == FileKind.Missing)
                {
                    return null;
                }

                current = next;
                continue;
            }

            if (++links > MaxLinks)
            {
                return null;
            }

            if (Path.IsPathRooted(target))
            {
                current = Path.GetPathRoot(target) ?? root;
                target = target[current.Length..];
            }

            foreach (var part in Split(target).Reverse())
            {
                pending.Push(part);
            }
        }

        return current;
    }

    /// <summary>True when <paramref name="realPath"/> is <paramref name="realRoot"/> or lies beneath it.</summary>
    public static bool IsInside(string realPath, string realRoot)
    {
        var rootWithSeparator = Path.EndsInDirectorySeparator(realRoot) ? realRoot : realRoot + Path.DirectorySeparatorChar;
        return realPath.StartsWith(rootWithSeparator, StringComparison.Ordinal) || string.Equals(realPath, realRoot, StringComparison.Ordinal);
    }

    /// <summary>The target of a symbolic link, or null when <paramref name="path"/> is not a link or does not exist.</summary>
    public static string? LinkTarget(string path)
    {
        try
        {
            return new FileInfo(path).LinkTarget;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static string[] Split(string relative) =>
        relative.Split([Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar], StringSplitOptions.RemoveEmptyEntries);
}

using System.Text.Json;
using ReRanker.Tests.Shared;

namespace ReRanker.Deploy.Tests.Infrastructure;

/// <summary>
/// An image's file system and start command rebuilt on this machine from the Dockerfile alone (no Docker engine runs
/// here). Every COPY of the stage and the stages it derives from becomes a symbolic link under a temporary root: a
/// build-stage path under the publish folder to the published output the tests run (<see cref="Binaries"/>), one under
/// the build stage's working folder to the repository, a build-context path to the repository. WORKDIR, ENV and the
/// exec-form ENTRYPOINT are read from the Dockerfile and their absolute paths moved under the root; the exposed port is
/// published on a loopback port, as <c>docker run -p 127.0.0.1:&lt;port&gt;:8080</c> would.
/// </summary>
internal sealed class ContainerLayout : IDisposable
{
    private ContainerLayout(string root) => Root = root;

    /// <summary>The folder that stands for the image's "/".</summary>
    public string Root { get; }

    /// <summary>The image's WORKDIR, under <see cref="Root"/>.</summary>
    public string WorkingDirectory { get; private set; } = "";

    /// <summary>The ENTRYPOINT, paths under <see cref="Root"/>.</summary>
    public IReadOnlyList<string> Entrypoint { get; private set; } = [];

    /// <summary>The ENV, paths under <see cref="Root"/> and the exposed port published on the host port.</summary>
    public IReadOnlyDictionary<string, string> Environment { get; private set; } = new Dictionary<string, string>();

    /// <summary>Rebuilds stage <paramref name="stageName"/> of <paramref name="stages"/>, its exposed port published on <paramref name="hostPort"/>.</summary>
    public static ContainerLayout Of(IReadOnlyList<DockerStage> stages, string stageName, int hostPort)
    {
        var chain = Chain(stages, stageName);
        var build = stages.Single(s => s.Name == "build");
        var layout = new ContainerLayout(Path.Combine(Path.GetTempPath(), "reranker-image", Guid.NewGuid().ToString("N")));
        System.IO.Directory.CreateDirectory(layout.Root);
        var instructions = chain.SelectMany(s => s.Instructions).ToList();
        foreach (var copy in instructions.Where(i => i.Keyword == "COPY"))
        {
            layout.Copy(copy.Arguments, build);
        }

        var workdir = instructions.Last(i => i.Keyword == "WORKDIR").Arguments;
        layout.WorkingDirectory = layout.WorkingFolder(workdir);
        var exposed = instructions.Single(i => i.Keyword == "EXPOSE").Arguments;
        layout.Environment = instructions.Where(i => i.Keyword == "ENV")
            .SelectMany(i => i.Arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Select(pair => pair.Split('=', 2))
            .ToDictionary(kv => kv[0], kv => layout.Published(kv[1].Trim('"'), exposed, hostPort));
        var entrypoint = JsonSerializer.Deserialize<string[]>(instructions.Last(i => i.Keyword == "ENTRYPOINT").Arguments)!;
        layout.Entrypoint = entrypoint.Select(a => a.StartsWith('/') ? layout.Under(a) : a).ToList();
        return layout;
    }

    public void Dispose() => DeleteWithoutFollowingLinks(new DirectoryInfo(Root));

    /// <summary>Deletes the links and the folders made for them, never what a link points to (the publish output, the repository).</summary>
    private static void DeleteWithoutFollowingLinks(DirectoryInfo folder)
    {
        foreach (var entry in folder.EnumerateFileSystemInfos())
        {
            if (entry.LinkTarget is not null || entry is FileInfo)
            {
                entry.Delete();
            }
            else
            {
                DeleteWithoutFollowingLinks((DirectoryInfo)entry);
            }
        }

        folder.Delete();
    }

    /// <summary>A path of the image, under <see cref="Root"/>.</summary>
    public string Under(string imagePath) => Path.Combine(Root, imagePath.TrimStart('/'));

    /// <summary>The stage and every stage it is built FROM, base first.</summary>
    private static List<DockerStage> Chain(IReadOnlyList<DockerStage> stages, string name)
    {
        var chain = new List<DockerStage>();
        for (var stage = stages.Single(s => s.Name == name); stage is not null; stage = stages.SingleOrDefault(s => s.Name == stage.Image))
        {
            chain.Insert(0, stage);
        }

        return chain;
    }

    private void Copy(string arguments, DockerStage build)
    {
        var parts = arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var from = parts.FirstOrDefault(p => p.StartsWith("--from=", StringComparison.Ordinal))?["--from=".Length..];
        var paths = parts.Where(p => !p.StartsWith("--", StringComparison.Ordinal)).ToArray();
        paths.Should().HaveCount(2, $"one source per COPY is all this layout understands: COPY {arguments}");
        var source = from switch
        {
            null => Path.Combine(RepoPaths.Root, paths[0]),
            "build" => FromBuildStage(paths[0], build),
            _ => throw new NotSupportedException($"COPY --from={from}"),
        };
        var target = Under(paths[1].TrimEnd('/'));
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        if (System.IO.Directory.Exists(source))
        {
            System.IO.Directory.CreateSymbolicLink(target, Path.GetFullPath(source));
        }
        else
        {
            File.Exists(source).Should().BeTrue($"COPY {arguments} copies {source}");
            File.CreateSymbolicLink(target, Path.GetFullPath(source));
        }
    }

    /// <summary>Where a build-stage path is here: the publish folder (deploy/publish.sh &lt;out&gt;) or the build's working folder (the repository).</summary>
    private static string FromBuildStage(string path, DockerStage build)
    {
        var publish = build.ArgumentsOf("RUN").Select(r => r.Split(' ')).Single(r => r.Contains("deploy/publish.sh"));
        var output = publish[Array.IndexOf(publish, "deploy/publish.sh") + 1].TrimEnd('/') + "/";
        if (path.StartsWith(output, StringComparison.Ordinal))
        {
            var folder = path[output.Length..].TrimEnd('/');
            return folder switch
            {
                "api" => Path.GetDirectoryName(Binaries.ApiDll)!,
                "trainer" => Path.GetDirectoryName(Binaries.TrainerDll)!,
                _ => throw new NotSupportedException($"publish folder {folder}"),
            };
        }

        var workdir = build.ArgumentsOf("WORKDIR").Last().TrimEnd('/') + "/";
        path.Should().StartWith(workdir, "a build-stage path is published output or a file of the build's working folder");
        return Path.Combine(RepoPaths.Root, path[workdir.Length..]);
    }

    private string WorkingFolder(string imagePath)
    {
        var path = Under(imagePath);
        System.IO.Directory.CreateDirectory(path); // WORKDIR creates what is missing
        return path;
    }

    /// <summary>An ENV value as the container would see it here: absolute paths under the root, the exposed port published.</summary>
    private string Published(string value, string exposedPort, int hostPort)
    {
        if (value == exposedPort)
        {
            return hostPort.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        var portSuffix = ":" + exposedPort;
        if (value.Contains("://", StringComparison.Ordinal) && value.EndsWith(portSuffix, StringComparison.Ordinal))
        {
            // http://+:8080 listens on every interface of the container; here the published loopback port stands for it.
            var scheme = value[..value.IndexOf("://", StringComparison.Ordinal)];
            return $"{scheme}://127.0.0.1:{hostPort}";
        }

        return value.StartsWith('/') ? Under(value) : value;
    }
}

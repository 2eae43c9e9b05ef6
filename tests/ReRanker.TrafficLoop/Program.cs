using System.Globalization;
using ReRanker.TrafficLoop;

// reranker-traffic-loop --api <ReRanker.Api.dll> --trainer <reranker-train.dll> --train <train.jsonl> --test <test.jsonl>
//                       --work <dir> [--slice N] [--traffic N] [--seed S] [--rounds K] [--json <file>]
var options = new Dictionary<string, string>(StringComparer.Ordinal);
for (var i = 0; i + 1 < args.Length; i += 2)
{
    options[args[i]] = args[i + 1];
}

string Required(string name) => options.TryGetValue(name, out var value) ? value : throw new ArgumentException($"{name} is required");
int Number(string name, int fallback) => options.TryGetValue(name, out var value) ? int.Parse(value, CultureInfo.InvariantCulture) : fallback;

if (args.Length % 2 != 0 || args.Contains("--help"))
{
    Console.Error.WriteLine("usage: reranker-traffic-loop --api DLL --trainer DLL --train FILE --test FILE --work DIR [--slice N] [--traffic N] [--seed S] [--rounds K] [--json FILE]");
    return 2;
}

var settings = new LoopSettings(
    Required("--api"), Required("--trainer"), Required("--train"), Required("--test"), Required("--work"),
    Number("--slice", 0), options.ContainsKey("--traffic") ? Number("--traffic", 0) : null, Number("--seed", 1), Number("--rounds", 1));
var figures = await LoopRun.RunAsync(settings, Console.Error.WriteLine);
var json = LoopRun.ToJson(figures);
if (options.TryGetValue("--json", out var path))
{
    await File.WriteAllTextAsync(path, json);
}

Console.WriteLine(json);
return 0;

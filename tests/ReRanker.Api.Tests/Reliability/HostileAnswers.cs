using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using ReRanker.Api.Tests.Support;
using ReRanker.Core.Text;

namespace ReRanker.Api.Tests.Reliability;

/// <summary>
/// Sends a <see cref="Mutation"/> alone and as the middle item of a batch, and says what is wrong with the answers:
/// never a 5xx; the answer its class calls for (<see cref="Expect"/>); every 400 a problem whose fields are named,
/// printable and short, and whose messages name no .NET type; in a batch, damage inside an item fails that item only.
/// </summary>
internal static class HostileAnswers
{
    public static async Task<IReadOnlyList<string>> CheckAsync(HttpClient client, Mutation mutation, JsonObject validItem)
    {
        var failures = new List<string>();
        using (var alone = await client.PostAsync("/v1/rerank", Requests.Json(mutation.Body)))
        {
            var problem = await ProblemOf(alone);
            failures.AddRange(Judge(mutation.Expect, mutation.Field, (int)alone.StatusCode, problem, $"alone: {mutation}"));
        }

        var item = System.Text.Encoding.UTF8.GetBytes(validItem.ToJsonString());
        using var batch = await client.PostAsync("/v1/rerank/batch", Requests.Json([.. "{\"requests\":["u8, .. item, (byte)',', .. mutation.Body, (byte)',', .. item, .. "]}"u8]));
        var status = (int)batch.StatusCode;
        var where = $"in a batch: {mutation}";
        if (!mutation.StaysInItsItem || status != 200)
        {
            // Damage that breaks the batch body may fail it as a whole, as one problem.
            failures.AddRange(mutation.StaysInItsItem
                ? [$"{where}: {status}, but the damage is inside one item"]
                : Judge(Expect.Either, null, status, await ProblemOf(batch), where));
            return failures;
        }

        var results = (await batch.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("results");
        if (results[0].GetProperty("status").GetInt32() != 200 || results[2].GetProperty("status").GetInt32() != 200)
        {
            failures.Add($"{where}: the valid items did not succeed: {results}");
        }

        var damaged = results[1];
        var field = mutation.Field is null ? null : BodyMutator.InBatch(mutation.Field, 1);
        failures.AddRange(Judge(mutation.Expect, field, damaged.GetProperty("status").GetInt32(), damaged.TryGetProperty("error", out var error) ? error : null, where));
        return failures;
    }

    private static async Task<JsonElement?> ProblemOf(HttpResponseMessage response)
    {
        if (response.Content.Headers.ContentType?.MediaType != "application/problem+json")
        {
            return null;
        }

        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
    }

    private static IEnumerable<string> Judge(Expect expect, string? field, int status, JsonElement? problem, string where)
    {
        if (status >= 500)
        {
            yield return $"{where}: answered {status}";
            yield break;
        }

        var ok = expect switch
        {
            Expect.Accepted => status == 200,
            Expect.FieldNamed => status == 400 && Fields(problem).Contains(field!),
            Expect.Refused => status is >= 400 and < 500,
            _ => status == 200 || (status is >= 400 and < 500 && (status != 400 || field is null || Fields(problem).Any(f => Inside(f, field)))),
        };
        if (!ok)
        {
            yield return $"{where}: answered {status} {problem}; expected {expect} {field}";
        }

        if (status is >= 400 and < 500 && problem is null)
        {
            yield return $"{where}: {status} is not a problem+json body";
        }

        if (status == 400)
        {
            foreach (var bad in BadFields(problem))
            {
                yield return $"{where}: {bad}";
            }
        }
    }

    private static List<string> Fields(JsonElement? problem) =>
        problem is { } p && p.TryGetProperty("errors", out var errors) ? errors.EnumerateObject().Select(e => e.Name).ToList() : [];

    private static bool Inside(string named, string field) =>
        named == field || named.StartsWith(field + ".", StringComparison.Ordinal) || named.StartsWith(field + "[", StringComparison.Ordinal);

    /// <summary>Field names are caller text made printable and short; messages are for people, with no .NET type names.</summary>
    private static IEnumerable<string> BadFields(JsonElement? problem)
    {
        if (problem is not { } p || !p.TryGetProperty("errors", out var errors) || !errors.EnumerateObject().Any())
        {
            yield return $"a 400 without named fields: {problem}";
            yield break;
        }

        foreach (var error in errors.EnumerateObject())
        {
            if (error.Name.Length == 0 || error.Name.Length > 220 || JsonText.Printable(error.Name, int.MaxValue) != error.Name)
            {
                yield return $"field name not printable or too long: {JsonText.Printable(error.Name)}";
            }

            foreach (var message in error.Value.EnumerateArray().Select(m => m.GetString() ?? string.Empty))
            {
                if (message.Length == 0 || message.Contains("System.", StringComparison.Ordinal) || message.Contains("Exception", StringComparison.Ordinal))
                {
                    yield return $"message for {error.Name} leaks internals: {message}";
                }
            }
        }
    }
}

using System.Text.Json;

// The bare ASP.NET Core app that tests/load measures POST /v1/rerank against: the slim builder, no logging, no
// middleware; POST /echo parses the body with JsonDocument and writes it back. Whatever the service spends beyond
// this is its own pipeline and its work (docs/performance.md). Usage: dotnet ReRanker.EchoBaseline.dll --urls http://127.0.0.1:5098
var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.ClearProviders();
var app = builder.Build();

app.MapPost("/echo", async (HttpContext context) =>
{
    JsonDocument body;
    try
    {
        body = await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
    }
    catch (JsonException)
    {
        context.Response.StatusCode = StatusCodes.Status400BadRequest;
        return;
    }

    using (body)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        await using (var writer = new Utf8JsonWriter(context.Response.BodyWriter))
        {
            body.WriteTo(writer);
        }

        await context.Response.BodyWriter.FlushAsync(context.RequestAborted);
    }
});

await app.RunAsync();

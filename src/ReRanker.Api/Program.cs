using ReRanker.Api.Hosting;

// The table of contents: each line is one extension method in Hosting/.
var builder = WebApplication.CreateBuilder(args);
builder.AddReRankerConfiguration(args);
builder.AddReRankerSerilog();
builder.AddReRankerApi();
builder.AddReRankerSwagger();

var app = builder.Build();
app.UseReRankerPipeline();
app.UseReRankerSwagger();
app.MapReRankerEndpoints();
app.LogStartupAndShutdown();
await app.RunAsync();

/// <summary>Entry point, visible to WebApplicationFactory in tests.</summary>
public partial class Program;

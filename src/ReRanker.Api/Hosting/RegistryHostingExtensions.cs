using Microsoft.Extensions.Http.Resilience;
using ReRanker.Registry;

namespace ReRanker.Api.Hosting;

/// <summary>The weight registry as the service runs it.</summary>
public static class RegistryHostingExtensions
{
    /// <summary>
    /// The registry (section "Registry") and, for its HTTP source, the client's resilience handler
    /// (Microsoft.Extensions.Http.Resilience): transient failures retried, the circuit broken on repeated ones; a 404
    /// or a bad index is neither retried nor counted (<see cref="RegistryHttpClient"/>).
    /// </summary>
    public static WebApplicationBuilder AddReRankerRegistry(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddWeightRegistry(builder.Configuration);
        builder.Services.AddHttpClient(RegistryHttpClient.Name)
            .AddResilienceHandler(RegistryHttpClient.PipelineName, RegistryHttpClient.ConfigureResilience);
        return builder;
    }
}

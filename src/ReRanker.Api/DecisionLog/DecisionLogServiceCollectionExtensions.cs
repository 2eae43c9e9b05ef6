using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace ReRanker.Api.DecisionLog;

public static class DecisionLogServiceCollectionExtensions
{
    /// <summary>
    /// The decision log: <see cref="DecisionLogOptions"/> from the section "DecisionLog" (validated at start-up), the
    /// request-side <see cref="DecisionRecorder"/> and the background <see cref="DecisionLogWriter"/>.
    /// </summary>
    public static IServiceCollection AddDecisionLog(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<DecisionLogOptions>().Bind(configuration.GetSection(DecisionLogOptions.Section)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<DecisionLogOptions>, DecisionLogOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.AddMetrics();
        services.TryAddSingleton<DecisionRecorder>();
        services.TryAddSingleton<DecisionLogWriter>();
        services.AddHostedService(sp => sp.GetRequiredService<DecisionLogWriter>());
        return services;
    }
}

using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using ReRanker.Api.Rollback;
using ReRanker.Api.Shadow;

namespace ReRanker.Api.DecisionLog;

public static class DecisionLogServiceCollectionExtensions
{
    /// <summary>
    /// The decision log: <see cref="DecisionLogOptions"/> from the section "DecisionLog" (validated at start-up), the
    /// request-side <see cref="DecisionRecorder"/> and the background <see cref="DecisionLogWriter"/>; and what watches
    /// the decisions whether the log is on or not: <see cref="ShadowFigures"/> and the <see cref="RollbackWatcher"/>
    /// (<see cref="RollbackOptions"/> from the section "Rollback", validated at start-up).
    /// </summary>
    public static IServiceCollection AddDecisionLog(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<DecisionLogOptions>().Bind(configuration.GetSection(DecisionLogOptions.Section)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<DecisionLogOptions>, DecisionLogOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.AddMetrics();
        services.AddOptions<RollbackOptions>().Bind(configuration.GetSection(RollbackOptions.Section)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<RollbackOptions>, RollbackOptionsValidator>());
        services.TryAddSingleton<ShadowFigures>();
        services.TryAddSingleton<RollbackWatcher>();
        services.AddSingleton<IDecisionObserver>(sp => sp.GetRequiredService<ShadowFigures>());
        services.AddSingleton<IDecisionObserver>(sp => sp.GetRequiredService<RollbackWatcher>());
        services.TryAddSingleton<DecisionRecorder>();
        services.TryAddSingleton<DecisionLogWriter>();
        services.AddHostedService(sp => sp.GetRequiredService<DecisionLogWriter>());
        return services;
    }
}

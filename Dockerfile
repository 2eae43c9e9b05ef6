# syntax=docker/dockerfile:1
# ReRanker: the service (default target `api`) and the trainer (`--target trainer`) from one build.
#   docker build -t reranker .                                   # the service
#   docker build -t reranker-train --target trainer .            # the trainer CLI, for the retrain CI job
# Both runtime images derive from mcr.microsoft.com/dotnet/aspnet:10.0 (Ubuntu 24.04 "noble"; .NET 10
# ships no Debian images). See docs/deploy.md.

# ---- build: restore, then the SAME publish script that .ci/run runs (deploy/publish.sh) ----
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
ENV DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
# Restore first, from the project files only, so the package layer is cached across source edits.
COPY global.json Directory.Build.props Directory.Packages.props .editorconfig ./
COPY src/ReRanker.Core/ReRanker.Core.csproj src/ReRanker.Core/
COPY src/ReRanker.Registry/ReRanker.Registry.csproj src/ReRanker.Registry/
COPY src/ReRanker.Api/ReRanker.Api.csproj src/ReRanker.Api/
COPY src/ReRanker.Trainer/ReRanker.Trainer.csproj src/ReRanker.Trainer/
RUN dotnet restore src/ReRanker.Api/ReRanker.Api.csproj \
 && dotnet restore src/ReRanker.Trainer/ReRanker.Trainer.csproj
COPY src/ src/
COPY deploy/publish.sh deploy/healthcheck.sh deploy/reranker-train.sh deploy/
RUN deploy/publish.sh /out

# ---- common runtime base: non-root, read-only friendly ----
FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime-base
ENV DOTNET_CLI_TELEMETRY_OPTOUT=1 \
    DOTNET_NOLOGO=1
# The trainer rides in both images; its LightGBM (Microsoft.ML.LightGbm, compare) needs the OpenMP runtime.
RUN apt-get update \
 && apt-get install -y --no-install-recommends libgomp1 \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
# The built-in registry (trained by the project's trainer; see deploy/registry/README.md) is the
# default; mount a volume on /registry to serve another one. Owned by root: read-only for `app`.
COPY deploy/registry/ /registry/

# ---- trainer: `docker run --rm -v $PWD/data:/data reranker-train train --help` ----
FROM runtime-base AS trainer
COPY --from=build /out/trainer/ /app/trainer/
COPY --from=build /src/deploy/reranker-train.sh /usr/local/bin/reranker-train
USER $APP_UID
ENTRYPOINT ["reranker-train"]
CMD ["--help"]

# ---- api (the default target, last in the file) ----
FROM runtime-base AS api
COPY --from=build /out/api/ /app/api/
# The service reads appsettings.json (log levels, Urls, limits) from its content root, the working folder.
WORKDIR /app/api
COPY --from=build /src/deploy/healthcheck.sh /app/healthcheck.sh
# The trainer rides along in the service image too, so a CI job can use either image.
COPY --from=build /out/trainer/ /app/trainer/
COPY --from=build /src/deploy/reranker-train.sh /usr/local/bin/reranker-train
# The decision log (docs/privacy.md) goes to /data, writable by `app`; mount a volume there to keep it.
RUN mkdir -p /data && chown "$APP_UID" /data
ENV ASPNETCORE_URLS=http://+:8080 \
    RERANKER__Urls=http://+:8080 \
    RERANKER__Registry__Path=/registry \
    RERANKER__DecisionLog__Path=/data/decision-log \
    HEALTHCHECK_PORT=8080
EXPOSE 8080
# UID 1654: the aspnet image's `app` user.
USER $APP_UID
HEALTHCHECK --interval=30s --timeout=5s --start-period=15s --retries=3 CMD ["/app/healthcheck.sh"]
ENTRYPOINT ["dotnet", "/app/api/ReRanker.Api.dll"]

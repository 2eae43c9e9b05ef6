# Placeholder until the deploy issue (#6) lands the real multi-stage build.
FROM mcr.microsoft.com/dotnet/aspnet:10.0

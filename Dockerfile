# syntax=docker/dockerfile:1
# Build: docker build -t telesignvoice .
# Run:   docker run -p 8080:8080 -e Telesign__CustomerId=… -e Telesign__ApiKey=… -v tv-data:/app/data telesignvoice

# Needs BuildKit (Docker's default builder since 23.0; `docker buildx build` elsewhere), which sets
# BUILDPLATFORM and TARGETARCH: the SDK runs on the builder's own platform and publishes for the image's
# (amd64 or arm64), e.g. docker buildx build --platform linux/arm64 .
FROM --platform=$BUILDPLATFORM mcr.microsoft.com/dotnet/sdk:10.0 AS build
ARG TARGETARCH
WORKDIR /src
# Restore first, from the project files alone, so code changes reuse the cached package layer.
COPY global.json Directory.Build.props Directory.Packages.props .editorconfig ./
COPY src/TelesignVoice/TelesignVoice.csproj src/TelesignVoice/
COPY src/TelesignVoice.Telesign/TelesignVoice.Telesign.csproj src/TelesignVoice.Telesign/
COPY src/TelesignVoice.Simulator/TelesignVoice.Simulator.csproj src/TelesignVoice.Simulator/
# Restoring the server restores the two libraries it references (Telesign, Simulator) as well.
RUN dotnet restore src/TelesignVoice/TelesignVoice.csproj -a $TARGETARCH -p:PublishReadyToRun=true
COPY src/ src/
# ReadyToRun: precompiled code, so a new container answers sooner and is not slowed by the JIT for its
# first minute under load (docs/benchmarks.md, cold start).
RUN dotnet publish src/TelesignVoice/TelesignVoice.csproj -c Release -a $TARGETARCH --self-contained false \
      -p:PublishReadyToRun=true -p:UseAppHost=false -o /app --no-restore

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
WORKDIR /app
ENV ASPNETCORE_HTTP_PORTS=8080 \
    ASPNETCORE_ENVIRONMENT=Production \
    DOTNET_NOLOGO=1
COPY --from=build /app ./
# The SQLite store writes to /app/data: the only folder the app user may write to.
# The image never carries Development settings (the simulator, dev-operator-key): the project does not
# publish appsettings.Development.json, and this removes any copy that slipped in.
RUN rm -f /app/appsettings.Development.json
# data/keys holds the Data Protection keys; a named volume mounted there starts with this ownership.
RUN mkdir -p /app/data/keys && chown -R "$APP_UID" /app/data
VOLUME /app/data
# APP_UID is the non-root "app" user that Microsoft's .NET images create.
USER $APP_UID
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=15s --retries=3 \
  CMD ["dotnet", "TelesignVoice.dll", "--health-check"]
ENTRYPOINT ["dotnet", "TelesignVoice.dll"]

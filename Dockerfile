# Worker image: build with the SDK, run on the ASP.NET runtime as a non-root user.
#   docker build -t imagingpipeline-worker .
#   docker build -t imagingpipeline-consumers --build-arg PROJECT=ImagingPipeline.Consumers .
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
ARG PROJECT=ImagingPipeline.Worker
WORKDIR /source
COPY global.json Directory.Build.props Directory.Packages.props .editorconfig ./
COPY src/ src/
RUN dotnet publish "src/${PROJECT}/${PROJECT}.csproj" -c Release -o /app --nologo \
 && dotnet publish src/ImagingPipeline.Cli/ImagingPipeline.Cli.csproj -c Release -o /cli --nologo

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
ARG PROJECT=ImagingPipeline.Worker
ENV APP_DLL=${PROJECT}.dll \
    DOTNET_CLI_TELEMETRY_OPTOUT=1 \
    Storage__Root=/var/lib/imagingpipeline
RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/* \
 && groupadd --system --gid 10001 imagingpipeline \
 && useradd --system --uid 10001 --gid imagingpipeline --home-dir /var/lib/imagingpipeline imagingpipeline \
 && mkdir -p /var/lib/imagingpipeline && chown imagingpipeline:imagingpipeline /var/lib/imagingpipeline
WORKDIR /app
COPY --from=build /app ./
# The CLI beside the host, for `docker compose exec worker imagingpipeline users add …` (it reads the
# same ConnectionStrings__Postgres / Storage__Root from the environment).
COPY --from=build /cli /opt/imagingpipeline-cli
RUN printf '#!/bin/sh\nexec dotnet /opt/imagingpipeline-cli/imagingpipeline.dll "$@"\n' > /usr/local/bin/imagingpipeline \
 && chmod 755 /usr/local/bin/imagingpipeline
USER imagingpipeline
VOLUME /var/lib/imagingpipeline
EXPOSE 11112 8080
ENTRYPOINT ["sh", "-c", "exec dotnet \"$APP_DLL\""]

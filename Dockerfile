# syntax=docker/dockerfile:1
# One image recipe for every deployable. Build from the repository root, naming the project's folder and assembly:
#   docker build --build-arg PROJECT_DIR=services/order --build-arg ASSEMBLY=SocialCommerce.Order -t socialcommerce/order .
# deploy/compose/docker-compose.yml passes both for each service; tests/Deployment.Tests checks that they name a project.
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
ARG PROJECT_DIR
ARG ASSEMBLY
WORKDIR /src

# Project files first, so the restore layer is reused until a dependency changes. ServiceDefaults and contracts are what
# the services and the gateway reference (the web client also the generated API client); the sandbox provider references
# none of them, and restoring it ignores them.
COPY global.json Directory.Build.props Directory.Packages.props ./
COPY services/ServiceDefaults/SocialCommerce.ServiceDefaults.csproj services/ServiceDefaults/
COPY contracts/SocialCommerce.Contracts.csproj contracts/
COPY contracts/api-client/SocialCommerce.ApiClient.csproj contracts/api-client/
COPY ${PROJECT_DIR}/${ASSEMBLY}.csproj ${PROJECT_DIR}/
RUN dotnet restore ${PROJECT_DIR}/${ASSEMBLY}.csproj

COPY services/ServiceDefaults/ services/ServiceDefaults/
COPY contracts/ contracts/
COPY ${PROJECT_DIR}/ ${PROJECT_DIR}/
RUN dotnet publish ${PROJECT_DIR}/${ASSEMBLY}.csproj -c Release -o /app --no-restore -p:UseAppHost=false

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS final
ARG ASSEMBLY
ENV APP_ASSEMBLY=${ASSEMBLY}.dll
WORKDIR /app
COPY --from=build /app ./
# The runtime image's non-root "app" user (uid 1654); the Helm chart's runAsUser matches it.
USER $APP_UID
# Every deployable serves HTTP/1.1 (REST, health, metrics) on 8080; the services with gRPC also listen on 8081 (h2c),
# which the chart and compose declare. Kestrel's endpoints come from each project's appsettings.json.
EXPOSE 8080
# Exec form through sh, so the assembly comes from the build and arguments still arrive: `docker run <image> migrate`
# applies the migrations and exits (the Helm hook and compose use it).
ENTRYPOINT ["sh", "-c", "exec dotnet \"$APP_ASSEMBLY\" \"$@\"", "--"]

using System.Reflection;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using SocialCommerce.ServiceDefaults.Problems;

namespace SocialCommerce.ServiceDefaults.OpenApi;

/// <summary>
/// Makes a service's OpenAPI document one a client team can generate from (docs/openapi.md): the gateway as the server,
/// the bearer scheme applied to every operation that needs a token (and an empty requirement on public ones), an
/// operation id and summary on every operation, and the problem+json answers an operation can give.
/// </summary>
public static class ApiDocumentTransformers
{
    public const string BearerScheme = "bearer";
    public const string ProblemSchema = "Problem";
    public const string ProblemContentType = "application/problem+json";

    public static void Configure(OpenApiOptions options, string serviceName)
    {
        options.AddOperationTransformer((operation, context, _) =>
        {
            Describe(operation, context);
            return Task.CompletedTask;
        });
        options.AddDocumentTransformer((document, context, _) =>
        {
            Complete(document, serviceName);
            DescribeTags(document, context);
            return Task.CompletedTask;
        });
    }

    private static void Describe(OpenApiOperation operation, OpenApiOperationTransformerContext context)
    {
        var description = context.Description;
        var metadata = description.ActionDescriptor.EndpointMetadata;
        var handler = metadata.OfType<MethodInfo>().FirstOrDefault();
        var method = description.HttpMethod ?? "GET";
        // Route constraints ({postId:guid}) are the server's business, not the client's.
        var path = "/" + System.Text.RegularExpressions.Regex.Replace((description.RelativePath ?? "").TrimStart('/'), ":[^}]+}", "}");
        operation.OperationId ??= OperationNames.Id(method, path, handler);
        operation.Summary ??= OperationNames.Summary(method, path, handler);

        var needsToken = metadata.OfType<IAuthorizeData>().Any() && !metadata.OfType<IAllowAnonymous>().Any();
        operation.Security = needsToken
            ? [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(BearerScheme, context.Document)] = [] }]
            : [];

        var sources = description.ParameterDescriptions.Select(parameter => parameter.Source).ToList();
        operation.Responses ??= new OpenApiResponses();
        if (operation.RequestBody is not null || sources.Contains(BindingSource.Query) || sources.Contains(BindingSource.Header))
        {
            AddProblem(operation, context, "400", "The request is malformed or has invalid fields (`errors` names them); nothing changed.");
        }

        if (needsToken)
        {
            AddProblem(operation, context, "401", "No valid access token: sign in (or refresh the token) and send it as `Authorization: Bearer`.");
            AddProblem(operation, context, "403", "The token's user may not do this (a role it lacks, or someone else's resource).");
        }

        if (sources.Contains(BindingSource.Path)) AddProblem(operation, context, "404", "Nothing with that id exists for the caller.");
        if (metadata.OfType<ApiConflictCodes>().SelectMany(conflicts => conflicts.Codes).Distinct().ToList() is { Count: > 0 } codes)
        {
            AddProblem(operation, context, "409",
                "The resource's state forbids this; nothing changed. `code` says why: " + string.Join(", ", codes.Select(code => $"`{code}`")) + ".");
        }

        if (description.ParameterDescriptions.Any(parameter => parameter.Name == "Idempotency-Key"))
        {
            AddProblem(operation, context, "422",
                "The Idempotency-Key was already used with a different request (`code` `idempotency-key-reused`); send a new key.");
        }

        // Problems the endpoint's result types declared (a ValidationProblem, say) carry the one Problem schema too.
        foreach (var response in operation.Responses.Values)
        {
            if (response.Content?.TryGetValue(ProblemContentType, out var problem) == true)
            {
                problem.Schema = new OpenApiSchemaReference(ProblemSchema, context.Document);
            }
        }

        if (metadata.OfType<ApiRequestExample>().LastOrDefault() is { } example
            && operation.RequestBody?.Content?.TryGetValue("application/json", out var body) == true)
        {
            body.Example = example.Body.DeepClone();
        }

        AddProblem(operation, context, "429", "Too many requests from this client or user; wait for `Retry-After` seconds.");
        AddProblem(operation, context, "default",
            "Any other problem, as problem+json with a stable `type`: a service that did not answer in time (503, safe to " +
            "retry with the same Idempotency-Key where the operation takes one).");
    }

    private static void AddProblem(OpenApiOperation operation, OpenApiOperationTransformerContext context, string status, string description)
    {
        // A response the endpoint declared with a body of its own stays; the framework's problem schemas (ProblemDetails,
        // HttpValidationProblemDetails) give way to the one Problem schema every answer really has.
        if (operation.Responses!.TryGetValue(status, out var existing) && existing.Content?.Count > 0
            && !existing.Content.ContainsKey(ProblemContentType)) return;
        operation.Responses[status] = new OpenApiResponse
        {
            Description = description,
            Content = new Dictionary<string, OpenApiMediaType>
            {
                [ProblemContentType] = new() { Schema = new OpenApiSchemaReference(ProblemSchema, context.Document) },
            },
        };
    }

    // Tags in the order their first endpoint maps them, each with the description an endpoint gave it.
    private static void DescribeTags(OpenApiDocument document, OpenApiDocumentTransformerContext context)
    {
        var descriptions = context.DescriptionGroups
            .SelectMany(group => group.Items)
            .SelectMany(item => item.ActionDescriptor.EndpointMetadata.OfType<ApiTagDescription>())
            .GroupBy(tag => tag.Name)
            .ToDictionary(group => group.Key, group => group.First().Description);
        foreach (var tag in document.Tags ?? Enumerable.Empty<OpenApiTag>())
        {
            if (tag.Name is { } name && descriptions.TryGetValue(name, out var text)) tag.Description = text;
        }
    }

    private static void Complete(OpenApiDocument document, string serviceName)
    {
        // Clients call the gateway, which serves this document at /openapi/<service>.json: paths are relative to its origin.
        document.Servers = [new OpenApiServer { Url = "/", Description = "The gateway that serves this document" }];
        document.Info.Title = $"SocialCommerce {serviceName} API";
        document.Info.Description = $"The {serviceName} service's public API, as clients reach it through the gateway. " +
            "Errors are application/problem+json (RFC 9457) with a stable `type`; lists are paged with `?limit=&cursor=`.";
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[BearerScheme] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            BearerFormat = "JWT",
            Description = "The access token from POST /api/identity/tokens (or /tokens/sms, /tokens/refresh).",
        };
        document.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>();
        document.Components.Schemas[ProblemSchema] = ProblemDocument.Schema();
        document.Components.Schemas.Remove("ProblemDetails");
        document.Components.Schemas.Remove("HttpValidationProblemDetails");
        OperationNames.MakeUnique(document);
    }
}

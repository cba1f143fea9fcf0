using Microsoft.OpenApi;
using SocialCommerce.ServiceDefaults.Problems;

namespace SocialCommerce.ServiceDefaults.OpenApi;

/// <summary>The problem+json body every service answers errors with (RFC 9457 and this platform's extensions).</summary>
internal static class ProblemDocument
{
    public static OpenApiSchema Schema() => new()
    {
        Type = JsonSchemaType.Object,
        Description = "RFC 9457 problem details. `type` is one of the platform's stable problem types.",
        Required = new HashSet<string> { "type", "title", "status" },
        Properties = new Dictionary<string, IOpenApiSchema>
        {
            ["type"] = new OpenApiSchema
            {
                Type = JsonSchemaType.String,
                // Listed, not an enum: a type added later must not break a generated client.
                Description = "A stable URI naming the kind of problem: " + string.Join(", ", ProblemTypes.All) + ".",
            },
            ["title"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "A short human summary (not for parsing)." },
            ["status"] = new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32" },
            ["detail"] = new OpenApiSchema { Type = JsonSchemaType.String | JsonSchemaType.Null },
            ["instance"] = new OpenApiSchema { Type = JsonSchemaType.String | JsonSchemaType.Null },
            ["code"] = new OpenApiSchema
            {
                Type = JsonSchemaType.String | JsonSchemaType.Null,
                Description = "A finer reason for some problems, e.g. `not-published`, `upstream-unavailable`.",
            },
            ["correlationId"] = new OpenApiSchema
            {
                Type = JsonSchemaType.String | JsonSchemaType.Null,
                Description = "The request's X-Correlation-Id, to quote to support.",
            },
            ["errors"] = new OpenApiSchema
            {
                Type = JsonSchemaType.Object | JsonSchemaType.Null,
                Description = "Validation problems: each invalid field (the camelCase name sent) with its messages.",
                AdditionalProperties = new OpenApiSchema { Type = JsonSchemaType.Array, Items = new OpenApiSchema { Type = JsonSchemaType.String } },
            },
        },
    };
}

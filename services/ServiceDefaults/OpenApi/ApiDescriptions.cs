using System.Text.Json;
using Microsoft.AspNetCore.Http;
using SocialCommerce.ServiceDefaults.OpenApi;

// In ASP.NET Core's namespace, beside WithTags and WithSummary, so endpoint files need no extra using.
namespace Microsoft.AspNetCore.Builder;

/// <summary>
/// What an endpoint tells the OpenAPI document beyond its types (applied by <see cref="ApiDocumentTransformers"/>):
/// its tag with a description, the conflicts it can answer, an example request.
/// </summary>
public static class ApiDescriptions
{
    /// <summary>Tags the endpoints and describes the tag once for the whole document.</summary>
    public static TBuilder WithTag<TBuilder>(this TBuilder builder, string name, string description) where TBuilder : IEndpointConventionBuilder =>
        builder.WithTags(name).WithMetadata(new ApiTagDescription(name, description));

    /// <summary>The operation can answer 409 problem+json with one of these `code` values.</summary>
    public static TBuilder ProducesConflict<TBuilder>(this TBuilder builder, params string[] codes) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new ApiConflictCodes(codes));

    /// <summary>An example of the request body, serialised the way the API reads it (camelCase).</summary>
    public static TBuilder WithRequestExample<TBuilder>(this TBuilder builder, object example) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new ApiRequestExample(JsonSerializer.SerializeToNode(example, JsonSerializerOptions.Web)!));
}

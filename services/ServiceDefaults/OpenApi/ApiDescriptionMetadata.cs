using System.Text.Json.Nodes;

namespace SocialCommerce.ServiceDefaults.OpenApi;

/// <summary>A tag's description in the OpenAPI document (the section header a generated client's docs show).</summary>
public sealed record ApiTagDescription(string Name, string Description);

/// <summary>The `code` values an operation's 409 answers carry, so a client can switch on them.</summary>
public sealed record ApiConflictCodes(IReadOnlyList<string> Codes);

/// <summary>An example request body as a client would send it.</summary>
public sealed record ApiRequestExample(JsonNode Body);

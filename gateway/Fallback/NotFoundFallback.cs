using Microsoft.AspNetCore.Http.HttpResults;
using SocialCommerce.ServiceDefaults.Problems;

namespace SocialCommerce.Gateway.Fallback;

/// <summary>
/// A path no route claims gets a problem+json 404 whatever the client's Accept header says; status code pages
/// alone would fall back to plain text for a browser asking for HTML. When the web client is served from here, its
/// SPA fallback (index.html for client-side routes) takes the non-API paths and this keeps <c>/api</c> answering JSON.
/// </summary>
public static class NotFoundFallback
{
    public static IEndpointRouteBuilder MapNotFoundFallback(this IEndpointRouteBuilder app)
    {
        app.MapFallback("{**path}", NotFound).AllowAnonymous().ExcludeFromDescription();
        return app;
    }

    public static ProblemHttpResult NotFound() => Problems.NotFound("No route matches this path.");
}

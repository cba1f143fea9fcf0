using Microsoft.AspNetCore.Http.HttpResults;
using SocialCommerce.ServiceDefaults.Problems;

namespace SocialCommerce.Gateway.Fallback;

/// <summary>
/// An API path no route claims gets a problem+json 404 whatever the client's Accept header says; status code pages
/// alone would fall back to plain text for a browser asking for HTML. Every other path belongs to the web client (the
/// <c>web</c> route, ordered after every service route), whose own not-found page answers what it does not know; the
/// fallback still answers when a gateway runs without the web client.
/// </summary>
public static class NotFoundFallback
{
    public static IEndpointRouteBuilder MapNotFoundFallback(this IEndpointRouteBuilder app)
    {
        // Ordinary endpoints (order 0), so they outrank the web client's catch-all route (order 1000) under /api and
        // /openapi, while every service route, having more literal segments, still outranks them.
        app.Map("/api/{**path}", NotFound).AllowAnonymous().ExcludeFromDescription();
        app.Map("/openapi/{**path}", NotFound).AllowAnonymous().ExcludeFromDescription();
        app.MapFallback("{**path}", NotFound).AllowAnonymous().ExcludeFromDescription();
        return app;
    }

    public static ProblemHttpResult NotFound() => Problems.NotFound("No route matches this path.");
}

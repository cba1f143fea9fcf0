using SocialCommerce.SandboxProvider.Api;

namespace SocialCommerce.SandboxProvider.Merchants;

/// <summary>
/// Checks <c>X-Merchant-Id</c> and <c>X-Api-Key</c> on every request under the API prefix, before the endpoint binds
/// its body and even when no endpoint matches, so a caller without a valid key learns nothing but 401 (not 400, 404 or
/// 415). A middleware rather than an endpoint filter for exactly that reason: filters run after binding.
/// </summary>
public sealed class MerchantAuthenticationMiddleware(RequestDelegate next, MerchantDirectory merchants, PathString apiPrefix)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (!context.Request.Path.StartsWithSegments(apiPrefix))
        {
            await next(context);
            return;
        }

        var merchant = merchants.Authenticate(context.Request.Headers["X-Merchant-Id"], context.Request.Headers["X-Api-Key"]);
        if (merchant is null)
        {
            await Failure.Unauthorized().WriteAsync(context);
            return;
        }

        context.Items[typeof(Merchant)] = merchant;
        await next(context);
    }
}

public static class MerchantAuthentication
{
    public static IHostApplicationBuilder AddMerchants(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton(MerchantDirectory.FromConfiguration(builder.Configuration, builder.Environment));
        return builder;
    }

    public static IApplicationBuilder UseMerchantAuthentication(this IApplicationBuilder app, PathString apiPrefix) =>
        app.UseMiddleware<MerchantAuthenticationMiddleware>(apiPrefix);
}

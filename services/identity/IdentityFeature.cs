using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using SocialCommerce.Identity.Consents;
using SocialCommerce.Identity.Discovery;
using SocialCommerce.Identity.Keys;
using SocialCommerce.Identity.Merchants;
using SocialCommerce.Identity.Passwords;
using SocialCommerce.Identity.Phones;
using SocialCommerce.Identity.ServiceClients;
using SocialCommerce.Identity.Sms;
using SocialCommerce.Identity.Tokens;
using SocialCommerce.Identity.Users;
using SocialCommerce.ServiceDefaults.Auth;
using SocialCommerce.ServiceDefaults.Postgres;

namespace SocialCommerce.Identity;

/// <summary>
/// Accounts, sign-in and tokens (the issuer every service trusts), SMS codes, consents, merchant applications, service
/// tokens for the other services, and the user directory over gRPC.
/// </summary>
public static class IdentityFeature
{
    public static IHostApplicationBuilder AddIdentityFeature(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<IdentityOptions>().Bind(builder.Configuration.GetSection("Identity"))
            .Validate(options => Uri.IsWellFormedUriString(options.Issuer, UriKind.Absolute), "Identity:Issuer must be an absolute URL.")
            .ValidateOnStart();
        builder.Services.AddSingleton<KeyMaterial>();
        builder.Services.AddSingleton<PhoneProtector>();
        builder.Services.AddSingleton<PasswordHasher>();
        builder.Services.AddSingleton<TokenIssuer>();
        builder.Services.AddSingleton<RefreshTokenStore>();
        builder.Services.AddSingleton<SignInThrottle>();
        builder.Services.AddSingleton<SignIn>();
        builder.Services.AddSingleton<SmsCodeStore>();
        builder.Services.AddSingleton<UserStore>();
        builder.Services.AddSingleton<UserEraser>();
        builder.Services.AddSingleton<PersonalDataGatherer>();
        builder.Services.AddHttpClient(PersonalDataGatherer.HttpClientName);
        builder.Services.AddSingleton<ConsentStore>();
        builder.Services.AddSingleton<MerchantApplicationStore>();
        builder.AddSmsSender();
        // Codes, lock-outs and ended sessions serve for a while; afterwards they are only data held about people.
        builder.AddRetention(
            new RetentionRule("sms_codes", "expires_at", TimeSpan.FromDays(1)),
            new RetentionRule("development_sms_messages", "sent_at", TimeSpan.FromDays(1)),
            new RetentionRule("sign_in_throttle", "last_failure_at", TimeSpan.FromDays(1), "locked_until IS NULL OR locked_until < now()"),
            new RetentionRule("refresh_tokens", "expires_at", TimeSpan.FromDays(7)));

        // Identity validates its own tokens with the key it holds instead of fetching its own JWKS over HTTP.
        builder.Services.AddSingleton<IPostConfigureOptions<JwtBearerOptions>, OwnKeyJwtBearerOptions>();
        builder.Services.AddGrpc();
        return builder;
    }

    public static WebApplication MapIdentityApi(this WebApplication app)
    {
        app.MapDiscoveryEndpoints();
        app.MapServiceTokenEndpoint();
        // The social service (step 8) shows people's profile cards from the directory; no other service needs it yet.
        app.MapGrpcService<UserDirectoryService>().RequireServiceCallers("social");

        var api = app.MapGroup("/api/identity");
        api.MapSignUpEndpoints()
            .MapTokenEndpoints()
            .MapSmsCodeEndpoints(app.Environment)
            .MapMeEndpoints()
            .MapConsentEndpoints()
            .MapMerchantApplicationEndpoints()
            .MapRoleEndpoints();
        return app;
    }

    private sealed class OwnKeyJwtBearerOptions(KeyMaterial keys, IOptions<IdentityOptions> identity) : IPostConfigureOptions<JwtBearerOptions>
    {
        public void PostConfigure(string? name, JwtBearerOptions options)
        {
            var configuration = new OpenIdConnectConfiguration { Issuer = identity.Value.Issuer };
            foreach (var key in keys.PublishedKeys) configuration.SigningKeys.Add(key);
            // JwtBearer's own post-configure already made a manager that would fetch discovery over HTTP; replace it.
            options.Configuration = configuration;
            options.ConfigurationManager = new StaticConfigurationManager<OpenIdConnectConfiguration>(configuration);
            options.TokenValidationParameters.ValidIssuer = identity.Value.Issuer;
            options.TokenValidationParameters.IssuerSigningKeys = keys.PublishedKeys;
        }
    }
}

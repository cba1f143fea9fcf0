using Microsoft.AspNetCore.Http.HttpResults;
using SocialCommerce.Identity.Passwords;
using SocialCommerce.Identity.Phones;
using SocialCommerce.Identity.Sms;
using SocialCommerce.Identity.Users;
using SocialCommerce.ServiceDefaults.Auth;
using SocialCommerce.ServiceDefaults.Hosting;
using SocialCommerce.ServiceDefaults.Problems;

namespace SocialCommerce.Identity.Tokens;

public sealed record PasswordSignInRequest(string? Phone, string? Password);
public sealed record SmsSignInRequest(string? Phone, string? Code);
public sealed record RefreshRequest(string? RefreshToken);

public static class TokenEndpoints
{
    private const string WrongCredentials = "The phone number or password is wrong.";

    public static RouteGroupBuilder MapTokenEndpoints(this RouteGroupBuilder api)
    {
        var tokens = api.MapGroup("/tokens").WithTag("Tokens",
            "Sign in by password or SMS code for an access token (15 minutes) and a refresh token; refresh silently; revoke on sign-out.");
        tokens.MapPost("/", SignInWithPassword).AllowAnonymous().WithSummary("Sign in with phone and password")
            .WithRequestExample(new { phone = "13800000001", password = "Shopper2026!demo" });
        tokens.MapPost("/sms", SignInWithSmsCode).AllowAnonymous().WithSummary("Sign in with phone and SMS code")
            .WithRequestExample(new { phone = "13800000001", code = "123456" });
        tokens.MapPost("/refresh", Refresh).AllowAnonymous().WithSummary("Trade a refresh token for new tokens (the old one is spent)");
        tokens.MapPost("/revoke", Revoke).RequireAuthorization(Policies.User).WithSummary("Sign out: revoke the refresh token");
        return api;
    }

    public static async Task<Results<Ok<TokenPair>, ValidationProblem, ProblemHttpResult>> SignInWithPassword(
        PasswordSignInRequest request, UserStore users, PasswordHasher hasher, PhoneProtector phones,
        SignInThrottle throttle, SignIn signIn, HttpContext context)
    {
        var validator = new Validator().Required("phone", request.Phone).Required("password", request.Password)
            .MaxLength("password", request.Password, PasswordPolicy.MaxLength);
        if (!validator.IsValid) return validator.ToProblem();
        if (!PhoneNumber.TryParse(request.Phone, out var phone)) return Problems.Unauthorized(WrongCredentials);

        var phoneHash = phones.Hash(phone.Value);
        if (await throttle.LockedForAsync(phoneHash) is { } lockedFor)
        {
            return Problems.TooManyRequests("Too many failed sign-ins for this number; try again later.", lockedFor, context);
        }

        var user = await users.FindByPhoneAsync(phone.Value);
        if (!hasher.Verify(request.Password!, user?.PasswordHash))
        {
            await throttle.RecordFailureAsync(phoneHash);
            return Problems.Unauthorized(WrongCredentials);
        }

        await throttle.ResetAsync(phoneHash);
        return TypedResults.Ok(await signIn.StartSessionAsync(user!.Id));
    }

    /// <summary>Signs in with a one-time code, creating the account at the first sign-in (mainland apps' usual flow).</summary>
    public static async Task<Results<Ok<TokenPair>, ValidationProblem, ProblemHttpResult>> SignInWithSmsCode(
        SmsSignInRequest request, HttpContext context, UserStore users, PhoneProtector phones, SmsCodeStore codes, SignIn signIn)
    {
        var validator = new Validator().Required("phone", request.Phone).Required("code", request.Code)
            .Check(request.Code is null || SmsCodeStore.IsWellFormed(request.Code), "code", "must be 6 digits");
        if (!validator.IsValid) return validator.ToProblem();
        if (!PhoneNumber.TryParse(request.Phone, out var phone)) return Problems.Unauthorized("The code is wrong or has expired.");

        if (await codes.ConsumeAsync(phones.Hash(phone.Value), request.Code!, SmsPurposes.SignIn) != CodeCheck.Valid)
        {
            return Problems.Unauthorized("The code is wrong or has expired.");
        }

        // The code proves the phone: an account that proved it is signed in to; one that never did (anyone may type any number
        // at a password sign-up) is not handed over, it gives the number up and the owner gets an account of their own.
        var user = await users.FindByPhoneAsync(phone.Value);
        var userId = user is { PhoneVerifiedAt: not null } ? user.Id
            : await users.CreateAsync(phone.Value, null, DefaultNickname(phone.Value), null, deviceId: DeviceId.Of(context), phoneVerified: true)
              ?? (await users.FindByPhoneAsync(phone.Value))!.Id; // lost a race with a parallel first sign-in
        return TypedResults.Ok(await signIn.StartSessionAsync(userId));
    }

    public static async Task<Results<Ok<TokenPair>, ValidationProblem, ProblemHttpResult>> Refresh(
        RefreshRequest request, RefreshTokenStore refreshTokens, SignIn signIn)
    {
        var validator = new Validator().Required("refreshToken", request.RefreshToken).MaxLength("refreshToken", request.RefreshToken, 256);
        if (!validator.IsValid) return validator.ToProblem();

        var (outcome, userId, next) = await refreshTokens.RotateAsync(request.RefreshToken!);
        return outcome switch
        {
            RefreshOutcome.Rotated => TypedResults.Ok(await signIn.PairAsync(userId, next!)),
            RefreshOutcome.ReuseDetected => Problems.Unauthorized("The refresh token was already used; every session of this sign-in is revoked."),
            _ => Problems.Unauthorized("The refresh token is invalid, expired or revoked."),
        };
    }

    public static async Task<Results<NoContent, ValidationProblem>> Revoke(
        RefreshRequest request, RefreshTokenStore refreshTokens, HttpContext context)
    {
        var validator = new Validator().Required("refreshToken", request.RefreshToken).MaxLength("refreshToken", request.RefreshToken, 256);
        if (!validator.IsValid) return validator.ToProblem();
        await refreshTokens.RevokeAsync(request.RefreshToken!, context.User.UserId());
        return TypedResults.NoContent();
    }

    private static string DefaultNickname(PhoneNumber phone) => $"用户{phone.Digits[7..]}";
}

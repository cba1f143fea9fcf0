using Microsoft.AspNetCore.Http.HttpResults;
using SocialCommerce.Identity.Sms;
using SocialCommerce.ServiceDefaults.Auth;
using SocialCommerce.ServiceDefaults.Problems;

namespace SocialCommerce.Identity.Users;

public sealed record MeResponse(
    Guid UserId, string? Phone, string Nickname, string? AvatarUrl, IReadOnlyList<string> Roles, bool RealNameVerified, DateTime CreatedAt,
    bool PhoneVerified);

public sealed record PhoneVerificationRequest(string? Code);

public sealed record UpdateMeRequest(string? Nickname, string? AvatarUrl);

public static class MeEndpoints
{
    public static RouteGroupBuilder MapMeEndpoints(this RouteGroupBuilder api)
    {
        var me = api.MapGroup("/me").RequireAuthorization(Policies.User).WithTag("Me", "The signed-in user's account: profile, phone verification, export (PIPL) and erasure.");
        me.MapGet("/", GetMe).WithSummary("My account");
        me.MapPatch("/", UpdateMe).WithSummary("Change my nickname or avatar")
            .WithRequestExample(new { nickname = "小明", avatarUrl = "https://img.example.com/avatar.jpg" });
        me.MapGet("/export", ExportEndpoint.Export).WithSummary("Export all my personal data (every service's part)");
        me.MapDelete("/", EraseMe).WithSummary("Erase my account and my data everywhere").ProducesConflict("last-admin");
        me.MapPost("/phone-verification", VerifyPhone);
        return api;
    }

    public static async Task<Results<Ok<MeResponse>, ProblemHttpResult>> GetMe(HttpContext context, UserStore users)
    {
        var userId = context.User.UserId();
        var user = await users.FindAsync(userId);
        if (user is null || user.ErasedAt is not null) return Problems.NotFound("The account does not exist.");
        return TypedResults.Ok(new MeResponse(
            user.Id, user.PhoneMasked, user.Nickname, user.AvatarUrl, await users.RolesAsync(userId), user.RealNameVerified, user.CreatedAt,
            user.PhoneVerifiedAt is not null));
    }

    public static async Task<Results<Ok<MeResponse>, ValidationProblem, ProblemHttpResult>> UpdateMe(
        UpdateMeRequest request, HttpContext context, UserStore users)
    {
        var validator = new Validator()
            .Check(request.Nickname is null || request.Nickname.Trim().Length > 0, "nickname", "must not be empty")
            .MaxLength("nickname", request.Nickname?.Trim(), SignUpEndpoints.NicknameMaxLength)
            .MaxLength("avatarUrl", request.AvatarUrl, 512)
            .Check(request.AvatarUrl is null || IsHttpsUrl(request.AvatarUrl), "avatarUrl", "must be an https URL");
        if (!validator.IsValid) return validator.ToProblem();

        await users.UpdateProfileAsync(context.User.UserId(), request.Nickname?.Trim(), request.AvatarUrl);
        return await GetMe(context, users) switch
        {
            { Result: Ok<MeResponse> ok } => ok,
            { Result: ProblemHttpResult problem } => problem,
            _ => throw new InvalidOperationException(),
        };
    }

    public static async Task<Results<Accepted, ProblemHttpResult>> EraseMe(HttpContext context, UserEraser eraser)
    {
        return await eraser.EraseAsync(context.User.UserId()) switch
        {
            Erasure.Erased => TypedResults.Accepted((string?)null),
            Erasure.LastAdmin => Problems.Conflict(
                "The platform's last admin cannot erase the account; appoint another admin first.", "last-admin"),
            _ => Problems.NotFound("The account does not exist."),
        };
    }

    /// <summary>
    /// An account that signed up without a code proves its phone with a <c>sign-up</c> code sent to it: from then on nobody can
    /// take the number over and it may earn referral commission. 204 also when it had proven it already.
    /// </summary>
    public static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> VerifyPhone(
        PhoneVerificationRequest request, HttpContext context, UserStore users, SmsCodeStore codes)
    {
        var validator = new Validator().Required("code", request.Code)
            .Check(request.Code is null || SmsCodeStore.IsWellFormed(request.Code), "code", "must be 6 digits");
        if (!validator.IsValid) return validator.ToProblem();
        var userId = context.User.UserId();
        if (await users.PhoneHashAsync(userId) is not { } phoneHash) return Problems.NotFound("The account has no phone to verify.");
        if (await codes.ConsumeAsync(phoneHash, request.Code!, SmsPurposes.SignUp) != CodeCheck.Valid)
        {
            validator.Add("code", "is wrong or has expired");
            return validator.ToProblem();
        }

        await users.MarkPhoneVerifiedAsync(userId);
        return TypedResults.NoContent();
    }

    private static bool IsHttpsUrl(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttps;
}

using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.HttpResults;
using SocialCommerce.Identity.Passwords;
using SocialCommerce.Identity.Phones;
using SocialCommerce.Identity.Sms;
using SocialCommerce.ServiceDefaults.Hosting;
using SocialCommerce.ServiceDefaults.Problems;

namespace SocialCommerce.Identity.Users;

/// <param name="SmsCode">A <c>sign-up</c> code sent to the phone: optional, but an account without one has not proven the number,
/// gives it up to whoever proves it, and earns or triggers no referral commission until it proves it.</param>
public sealed record SignUpRequest(string? Phone, string? Password, string? Nickname, string? InviteCode, string? SmsCode = null);
public sealed record SignUpResponse(Guid UserId);

public static partial class SignUpEndpoints
{
    public const int NicknameMaxLength = 32;

    public static RouteGroupBuilder MapSignUpEndpoints(this RouteGroupBuilder api)
    {
        api.MapPost("/users", SignUp).AllowAnonymous().WithTag("Users", "Sign up with a phone number.")
            .WithSummary("Sign up").ProducesConflict("phone-taken")
            .WithRequestExample(new { phone = "13912345678", password = "Passw0rd!2026", nickname = "小明", inviteCode = (string?)null });
        return api;
    }

    public static async Task<Results<Created<SignUpResponse>, ValidationProblem, ProblemHttpResult>> SignUp(
        SignUpRequest request, HttpContext context, UserStore users, PasswordHasher hasher, PhoneProtector phones, SmsCodeStore codes)
    {
        var validator = new Validator()
            .Required("phone", request.Phone).Required("password", request.Password).Required("nickname", request.Nickname)
            .MaxLength("nickname", request.Nickname?.Trim(), NicknameMaxLength)
            .Check(request.InviteCode is null || InviteCode().IsMatch(request.InviteCode), "inviteCode", "must be 4 to 32 letters or digits")
            .Check(request.SmsCode is null || SmsCodeStore.IsWellFormed(request.SmsCode), "smsCode", "must be 6 digits");
        PhoneNumber? phone = null;
        if (request.Phone is not null && !PhoneNumber.TryParse(request.Phone, out phone))
        {
            validator.Add("phone", "must be a mainland China mobile number");
        }

        if (request.Password is not null && PasswordPolicy.Check(request.Password, phone?.Digits) is { } weakness)
        {
            validator.Add("password", weakness);
        }

        if (!validator.IsValid) return validator.ToProblem();

        // Checked last, after everything else is valid, so a typo elsewhere does not use the code up.
        var proven = request.SmsCode is not null;
        if (proven && await codes.ConsumeAsync(phones.Hash(phone!.Value), request.SmsCode!, SmsPurposes.SignUp) != CodeCheck.Valid)
        {
            validator.Add("smsCode", "is wrong or has expired");
            return validator.ToProblem();
        }

        var userId = await users.CreateAsync(phone!.Value, hasher.Hash(request.Password!), request.Nickname!.Trim(), request.InviteCode,
            deviceId: DeviceId.Of(context), phoneVerified: proven);
        return userId is null
            ? Problems.Conflict("This phone number already has an account.", "phone-taken")
            : TypedResults.Created("/api/identity/me", new SignUpResponse(userId.Value));
    }

    [GeneratedRegex("^[A-Za-z0-9]{4,32}$")]
    private static partial Regex InviteCode();
}

using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using SocialCommerce.Identity.Phones;
using SocialCommerce.ServiceDefaults.Problems;

namespace SocialCommerce.Identity.Sms;

public sealed record SmsCodeRequest(string? Phone, string? Purpose);

/// <summary>What a code is sent for; it proves only that (<see cref="SmsCodeStore.ConsumeAsync"/>).</summary>
public static class SmsPurposes
{
    public const string SignIn = "sign-in", SignUp = "sign-up";
    public static readonly string[] All = [SignIn, SignUp];
}

public static class SmsCodeEndpoints
{

    public static RouteGroupBuilder MapSmsCodeEndpoints(this RouteGroupBuilder api, IHostEnvironment environment)
    {
        api.MapPost("/sms-codes", RequestCode).AllowAnonymous()
            .WithTag("SMS codes", "One-time codes sent by SMS for sign-in and sign-up; one per phone per minute.")
            .WithSummary("Send an SMS code").WithRequestExample(new { phone = "13800000001", purpose = "sign-in" });
        if (environment.IsDevelopment())
        {
            // Lets the demo and the end-to-end tests read what the development sender "sent". Never mapped elsewhere.
            api.MapGet("/dev/sms-codes/latest", LatestDevelopmentCode).AllowAnonymous().WithTag("Development", "Only in the Development environment: read the last SMS code instead of a phone.");
        }

        return api;
    }

    /// <summary>Always 202 for a well-formed number, whether or not it has an account, so it reveals nothing.</summary>
    public static async Task<Results<Accepted, ValidationProblem, ProblemHttpResult>> RequestCode(
        SmsCodeRequest request, SmsCodeStore codes, PhoneProtector phones, [FromServices] ISmsSender? sender, HttpContext context)
    {
        if (sender is null)
        {
            return TypedResults.Problem(title: "SMS codes are not available on this deployment.",
                statusCode: StatusCodes.Status503ServiceUnavailable, type: ProblemTypes.Unavailable);
        }

        var validator = new Validator().Required("phone", request.Phone).Required("purpose", request.Purpose)
            .Check(request.Purpose is null || SmsPurposes.All.Contains(request.Purpose), "purpose", "must be sign-in or sign-up");
        PhoneNumber? phone = null;
        if (request.Phone is not null && !PhoneNumber.TryParse(request.Phone, out phone))
        {
            validator.Add("phone", "must be a mainland China mobile number");
        }

        if (!validator.IsValid) return validator.ToProblem();

        var (code, retryAfter) = await codes.CreateAsync(phones.Hash(phone!.Value), request.Purpose!);
        if (code is null) return Problems.TooManyRequests("Too many codes requested for this number.", retryAfter, context);

        await sender.SendCodeAsync(phone.Value, code, request.Purpose!, context.RequestAborted);
        return TypedResults.Accepted((string?)null);
    }

    public static async Task<Results<Ok<DevelopmentCode>, ProblemHttpResult>> LatestDevelopmentCode(string? phone, DevelopmentSmsSender sender)
    {
        if (!PhoneNumber.TryParse(phone, out var parsed)) return Problems.BadRequest("phone must be a mainland China mobile number");
        var code = await sender.LatestCodeAsync(parsed.Value);
        return code is null ? Problems.NotFound("No code was sent to this number.") : TypedResults.Ok(new DevelopmentCode(code));
    }

    public sealed record DevelopmentCode(string Code);
}

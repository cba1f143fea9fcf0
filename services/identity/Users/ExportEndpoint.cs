using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using SocialCommerce.Identity.Consents;
using SocialCommerce.Identity.Merchants;
using SocialCommerce.Identity.Phones;
using SocialCommerce.Identity.Tokens;
using SocialCommerce.ServiceDefaults.Auth;
using SocialCommerce.ServiceDefaults.Problems;

namespace SocialCommerce.Identity.Users;

/// <summary>
/// PIPL access and portability: everything the platform holds about the caller in one JSON document: identity's part
/// (phone in full: it is the owner's own data) and, under <c>services</c>, every other service's part from its own
/// <c>/me/export</c>. A part that cannot be fetched makes the whole export a 503 naming it: an export that silently
/// left out the orders would tell the person something untrue.
/// </summary>
public static class ExportEndpoint
{
    public sealed record PersonalDataExport(
        Guid UserId, string? Phone, string Nickname, string? AvatarUrl, bool RealNameVerified, DateTime CreatedAt,
        IReadOnlyList<string> Roles, ConsentsDto Consents, IReadOnlyList<MerchantApplicationDto> MerchantApplications,
        IReadOnlyList<SessionRow> Sessions, IReadOnlyDictionary<string, JsonElement> Services, DateTime ExportedAt);

    public static async Task<Results<Ok<PersonalDataExport>, ProblemHttpResult>> Export(
        HttpContext context, UserStore users, ConsentStore consents, MerchantApplicationStore applications,
        RefreshTokenStore refreshTokens, PhoneProtector phones, PersonalDataGatherer gatherer)
    {
        var userId = context.User.UserId();
        var user = await users.FindAsync(userId);
        if (user is null || user.ErasedAt is not null) return Problems.NotFound("The account does not exist.");

        var gathered = await gatherer.GatherAsync(context.Request.Headers.Authorization.ToString(), context.RequestAborted);
        if (gathered.Unavailable.Count > 0)
        {
            return TypedResults.Problem(
                title: "Part of your data could not be gathered; try again.", statusCode: StatusCodes.Status503ServiceUnavailable,
                type: ProblemTypes.ForStatus(StatusCodes.Status503ServiceUnavailable),
                extensions: new Dictionary<string, object?> { ["unavailable"] = gathered.Unavailable });
        }

        return TypedResults.Ok(new PersonalDataExport(
            user.Id,
            user.PhoneCipher is null ? null : phones.Decrypt(user.PhoneCipher),
            user.Nickname, user.AvatarUrl, user.RealNameVerified, user.CreatedAt,
            await users.RolesAsync(userId),
            await consents.GetAsync(userId),
            (await applications.ForUserAsync(userId)).Select(MerchantApplicationDto.From).ToList(),
            await refreshTokens.SessionsAsync(userId),
            gathered.Parts,
            DateTime.UtcNow));
    }
}

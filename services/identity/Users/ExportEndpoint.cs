using Microsoft.AspNetCore.Http.HttpResults;
using SocialCommerce.Identity.Consents;
using SocialCommerce.Identity.Merchants;
using SocialCommerce.Identity.Phones;
using SocialCommerce.Identity.Tokens;
using SocialCommerce.ServiceDefaults.Auth;
using SocialCommerce.ServiceDefaults.Problems;

namespace SocialCommerce.Identity.Users;

/// <summary>
/// PIPL access and portability: everything identity holds about the caller, phone included in full (it is
/// the owner's own data), in one JSON document. Other services export their part under their own prefix.
/// </summary>
public static class ExportEndpoint
{
    public sealed record PersonalDataExport(
        Guid UserId, string? Phone, string Nickname, string? AvatarUrl, bool RealNameVerified, DateTime CreatedAt,
        IReadOnlyList<string> Roles, ConsentsDto Consents, IReadOnlyList<MerchantApplicationDto> MerchantApplications,
        IReadOnlyList<SessionRow> Sessions, DateTime ExportedAt);

    public static async Task<Results<Ok<PersonalDataExport>, ProblemHttpResult>> Export(
        HttpContext context, UserStore users, ConsentStore consents, MerchantApplicationStore applications,
        RefreshTokenStore refreshTokens, PhoneProtector phones)
    {
        var userId = context.User.UserId();
        var user = await users.FindAsync(userId);
        if (user is null || user.ErasedAt is not null) return Problems.NotFound("The account does not exist.");

        return TypedResults.Ok(new PersonalDataExport(
            user.Id,
            user.PhoneCipher is null ? null : phones.Decrypt(user.PhoneCipher),
            user.Nickname, user.AvatarUrl, user.RealNameVerified, user.CreatedAt,
            await users.RolesAsync(userId),
            await consents.GetAsync(userId),
            (await applications.ForUserAsync(userId)).Select(MerchantApplicationDto.From).ToList(),
            await refreshTokens.SessionsAsync(userId),
            DateTime.UtcNow));
    }
}

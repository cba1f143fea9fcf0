using SocialCommerce.Identity.Users;

namespace SocialCommerce.Identity.Tokens;

/// <summary>Starts a session: a fresh refresh-token family and an access token with the user's current roles.</summary>
public sealed class SignIn(UserStore users, TokenIssuer issuer, RefreshTokenStore refreshTokens)
{
    public async Task<TokenPair> StartSessionAsync(Guid userId)
    {
        var refreshToken = await refreshTokens.IssueAsync(userId);
        return await PairAsync(userId, refreshToken);
    }

    public async Task<TokenPair> PairAsync(Guid userId, string refreshToken)
    {
        var (accessToken, expiresIn) = issuer.CreateAccessToken(userId, await users.RolesAsync(userId));
        return new TokenPair(accessToken, refreshToken, expiresIn);
    }
}

using System.Collections.Concurrent;
using Microsoft.Extensions.Caching.Memory;
using SocialCommerce.ApiClient;
using SocialCommerce.ApiClient.Identity.Models;

namespace SocialCommerce.Web.Account;

public enum RefreshResult { Refreshed, Refused, Unavailable }

/// <summary>
/// Trades a session's refresh token for a new pair. Identity rotates refresh tokens and treats a second use of a rotated
/// one as theft (the whole sign-in is revoked), so two requests of one browser racing to refresh must not both ask:
/// refreshes of one token are serialised in this process, and the pair it was traded for is remembered for a minute
/// for the requests that were waiting.
/// </summary>
/// <remarks>
/// It calls identity with the anonymous client: the user client's bearer handler authenticates the request, and this runs
/// inside that very authentication (the cookie handler's principal validation), which would then wait on itself.
/// </remarks>
public sealed class TokenRefresher([FromKeyedServices(Web.Api.GatewayApi.Anonymous)] ApiClients api, IMemoryCache rotated, TimeProvider time)
{
    private static readonly ConcurrentDictionary<string, SemaphoreSlim> InFlight = new();

    public async Task<(RefreshResult Result, SessionTokens? Tokens)> RefreshAsync(SessionTokens current, CancellationToken cancellationToken)
    {
        var gate = InFlight.GetOrAdd(current.RefreshToken, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken);
        try
        {
            if (rotated.TryGetValue(current.RefreshToken, out SessionTokens? already)) return (RefreshResult.Refreshed, already);
            var pair = await api.Identity.Tokens.Refresh.PostAsync(new RefreshRequest { RefreshToken = current.RefreshToken },
                cancellationToken: cancellationToken);
            var next = SessionTokens.From(pair!, time.GetUtcNow());
            rotated.Set(current.RefreshToken, next, TimeSpan.FromMinutes(1));
            return (RefreshResult.Refreshed, next);
        }
        catch (Exception exception) when (exception is IApiProblem { Status: 400 or 401 })
        {
            return (RefreshResult.Refused, null);
        }
        catch (Exception exception) when (exception is HttpRequestException or IApiProblem or TaskCanceledException)
        {
            return (RefreshResult.Unavailable, null);
        }
        finally
        {
            gate.Release();
            InFlight.TryRemove(new KeyValuePair<string, SemaphoreSlim>(current.RefreshToken, gate));
        }
    }
}

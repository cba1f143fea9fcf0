using SocialCommerce.ApiClient;
using SocialCommerce.ApiClient.Recommendation.Models;

namespace SocialCommerce.Web.Api;

/// <summary>
/// Tells recommendation which product a signed-in shopper opened. A view is the weakest signal there is, so a slow or failed
/// report costs the page at most a short timeout and never an error. The page awaits it before its request ends: the
/// shopper's token is read from that request's session.
/// </summary>
public sealed class ProductViews(ApiClients api, ILogger<ProductViews> logger)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(2);

    public async Task ReportAsync(Guid productId)
    {
        using var timeout = new CancellationTokenSource(Timeout);
        try
        {
            await api.Recommendation.Views.PostAsync(new ViewBatch { ProductIds = [productId] }, cancellationToken: timeout.Token);
            logger.LogDebug("Reported a view of {ProductId}.", productId);
        }
        catch (Exception exception)
        {
            // A lost view costs a little relevance, never the page.
            logger.LogWarning(exception, "A view of {ProductId} could not be reported.", productId);
        }
    }
}

using Microsoft.Kiota.Abstractions.Authentication;
using Microsoft.Kiota.Http.HttpClientLibrary;
using SocialCommerce.ApiClient.Catalog;
using SocialCommerce.ApiClient.Identity;
using SocialCommerce.ApiClient.Moderation;
using SocialCommerce.ApiClient.Order;
using SocialCommerce.ApiClient.PaymentAdapter;
using SocialCommerce.ApiClient.Recommendation;
using SocialCommerce.ApiClient.ReferralCommission;
using SocialCommerce.ApiClient.Social;

namespace SocialCommerce.ApiClient;

/// <summary>
/// The whole public API through one gateway: a generated client per service document, all sending through the given
/// <see cref="HttpClient"/>. Its BaseAddress is the gateway; it carries the bearer token (a default header or a handler),
/// so tokens stay the caller's business and no Kiota retry or redirect handler hides what the API answered.
/// </summary>
public sealed class ApiClients
{
    public ApiClients(HttpClient http)
    {
        ArgumentNullException.ThrowIfNull(http.BaseAddress, "http.BaseAddress");
        var adapter = new HttpClientRequestAdapter(new AnonymousAuthenticationProvider(), httpClient: http)
        {
            BaseUrl = http.BaseAddress.ToString().TrimEnd('/'),
        };
        Identity = new IdentityClient(adapter).Api.Identity;
        Catalog = new CatalogClient(adapter).Api.Catalog;
        Seller = new CatalogClient(adapter).Api.Seller;
        SellerOrders = new OrderClient(adapter).Api.Seller;
        Moderation = new ModerationClient(adapter).Api.Moderation;
        Payment = new PaymentAdapterClient(adapter).Api.Payment;
        Order = new OrderClient(adapter).Api.Order;
        Referral = new ReferralCommissionClient(adapter).Api.Referral;
        Social = new SocialClient(adapter).Api.Social;
        Recommendation = new RecommendationClient(adapter).Api.Recommendation;
    }

    public Identity.Api.Identity.IdentityRequestBuilder Identity { get; }

    public Catalog.Api.Catalog.CatalogRequestBuilder Catalog { get; }

    /// <summary>Catalog's seller API: products, SKUs, campaigns.</summary>
    public Catalog.Api.Seller.SellerRequestBuilder Seller { get; }

    /// <summary>Order's seller API: orders to ship, refund requests.</summary>
    public Order.Api.Seller.SellerRequestBuilder SellerOrders { get; }

    public Moderation.Api.Moderation.ModerationRequestBuilder Moderation { get; }

    public PaymentAdapter.Api.Payment.PaymentRequestBuilder Payment { get; }

    public Order.Api.Order.OrderRequestBuilder Order { get; }

    public ReferralCommission.Api.Referral.ReferralRequestBuilder Referral { get; }

    public Social.Api.Social.SocialRequestBuilder Social { get; }

    public Recommendation.Api.Recommendation.RecommendationRequestBuilder Recommendation { get; }
}

using Microsoft.AspNetCore.Http.HttpResults;
using SocialCommerce.SandboxProvider.Payments;

namespace SocialCommerce.SandboxProvider.PayPage;

/// <summary>
/// The pay page a shopper's browser is sent to (the payUrl). No authentication: the unguessable payment id in the URL
/// is the permission, as with a real provider's cashier page. No anti-forgery token either: there is no cookie or
/// session whose authority a forged cross-site POST could borrow; anyone who can post the form knows the id and could
/// pay through the page anyway, and in a sandbox paying moves no money.
/// </summary>
public static class PayPageEndpoints
{
    public static WebApplication MapPayPage(this WebApplication app)
    {
        var page = app.MapGroup("/pay/{providerPaymentId}");
        page.MapGet("/", Show);
        page.MapPost("/pay", Pay);
        page.MapPost("/decline", Decline);
        return app;
    }

    public static ContentHttpResult Show(string providerPaymentId, PaymentStore store) =>
        store.GetForPayPage(providerPaymentId) is { } model ? Html(PayPageHtml.Cashier(model), StatusCodes.Status200OK) : NotFound();

    public static ContentHttpResult Pay(string providerPaymentId, PaymentStore store) => Decide(providerPaymentId, store, pay: true);

    public static ContentHttpResult Decline(string providerPaymentId, PaymentStore store) => Decide(providerPaymentId, store, pay: false);

    private static ContentHttpResult Decide(string providerPaymentId, PaymentStore store, bool pay)
    {
        var outcome = store.Decide(merchantId: null, providerPaymentId, pay);
        if (store.GetForPayPage(providerPaymentId) is not { } model) return NotFound();
        // Already decided (a double click, a second tab): show how it ended, with 409 as the API would answer.
        return outcome.Failure is null
            ? Html(PayPageHtml.Result(model), StatusCodes.Status200OK)
            : Html(PayPageHtml.Result(model), StatusCodes.Status409Conflict);
    }

    private static ContentHttpResult NotFound() => Html(PayPageHtml.NotFound(), StatusCodes.Status404NotFound);

    private static ContentHttpResult Html(string html, int status) => TypedResults.Content(html, "text/html; charset=utf-8", statusCode: status);
}

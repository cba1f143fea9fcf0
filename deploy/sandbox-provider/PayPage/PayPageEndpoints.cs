using Microsoft.AspNetCore.Http.HttpResults;
using SocialCommerce.SandboxProvider.Payments;

namespace SocialCommerce.SandboxProvider.PayPage;

/// <summary>
/// The pay page a shopper's browser is sent to (the payUrl). No authentication: the unguessable payment id in the URL
/// is the permission, as with a real provider's cashier page. No anti-forgery token either: there is no cookie or
/// session whose authority a forged cross-site POST could borrow; anyone who can post the form knows the id and could
/// pay through the page anyway, and in a sandbox paying moves no money. <c>?return=</c> names the merchant's page to
/// go back to afterwards (a real provider's return URL); the result page links to it.
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

    public static ContentHttpResult Show(string providerPaymentId, string? @return, PaymentStore store) =>
        store.GetForPayPage(providerPaymentId) is { } model
            ? Html(PayPageHtml.Cashier(model, ReturnUrl(@return)), StatusCodes.Status200OK)
            : NotFound();

    public static async Task<ContentHttpResult> Pay(string providerPaymentId, HttpRequest request, PaymentStore store) =>
        Decide(providerPaymentId, store, pay: true, await ReturnUrlAsync(request));

    public static async Task<ContentHttpResult> Decline(string providerPaymentId, HttpRequest request, PaymentStore store) =>
        Decide(providerPaymentId, store, pay: false, await ReturnUrlAsync(request));

    private static async Task<Uri?> ReturnUrlAsync(HttpRequest request) =>
        request.HasFormContentType ? ReturnUrl((await request.ReadFormAsync())["return"]) : null;

    /// <summary>Only an absolute http(s) address: anything else (javascript:, a relative path) is dropped.</summary>
    private static Uri? ReturnUrl(string? value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" ? uri : null;

    private static ContentHttpResult Decide(string providerPaymentId, PaymentStore store, bool pay, Uri? returnUrl)
    {
        var outcome = store.Decide(merchantId: null, providerPaymentId, pay);
        if (store.GetForPayPage(providerPaymentId) is not { } model) return NotFound();
        // Already decided (a double click, a second tab): show how it ended, with 409 as the API would answer.
        return outcome.Failure is null
            ? Html(PayPageHtml.Result(model, returnUrl), StatusCodes.Status200OK)
            : Html(PayPageHtml.Result(model, returnUrl), StatusCodes.Status409Conflict);
    }

    private static ContentHttpResult NotFound() => Html(PayPageHtml.NotFound(), StatusCodes.Status404NotFound);

    private static ContentHttpResult Html(string html, int status) => TypedResults.Content(html, "text/html; charset=utf-8", statusCode: status);
}

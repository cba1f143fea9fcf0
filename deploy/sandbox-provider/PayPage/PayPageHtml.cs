using System.Globalization;
using System.Net;
using SocialCommerce.SandboxProvider.Payments;

namespace SocialCommerce.SandboxProvider.PayPage;

/// <summary>Self-contained zh-CN pages (inline style, no external assets), so the page works offline and in tests.</summary>
public static class PayPageHtml
{
    public static string Cashier(PayPageModel model, Uri? returnUrl = null)
    {
        var payment = model.Payment;
        var id = Encode(payment.ProviderPaymentId);
        var back = returnUrl is null ? "" : $"""<input type="hidden" name="return" value="{Encode(returnUrl.AbsoluteUri)}">""";
        var actions = payment.Status == PaymentStatus.Pending
            ? $"""
               <form method="post" action="/pay/{id}/pay">{back}<button type="submit" class="pay">确认支付</button></form>
               <form method="post" action="/pay/{id}/decline">{back}<button type="submit" class="decline">拒绝支付</button></form>
               """
            : $"""<p class="status">{StatusText(payment.Status)}</p>{ReturnLink(returnUrl)}""";
        return Page("沙箱收银台", $"""
            {Details(model)}
            {actions}
            """);
    }

    public static string Result(PayPageModel model, Uri? returnUrl = null) => Page(StatusText(model.Payment.Status), $"""
        {Details(model)}
        <p class="status">{StatusText(model.Payment.Status)}</p>
        {(returnUrl is null ? "<p>可以关闭此页面，返回商户查看订单状态。</p>" : ReturnLink(returnUrl))}
        """);

    private static string ReturnLink(Uri? returnUrl) =>
        returnUrl is null ? "" : $"""<p><a class="back" href="{Encode(returnUrl.AbsoluteUri)}">返回商户</a></p>""";

    public static string NotFound() => Page("未找到支付单", "<p>支付单不存在或已失效（沙箱重启后所有支付单都会清空）。</p>");

    /// <summary>¥12.34 from 1234 fen: integer arithmetic, never floating point.</summary>
    public static string Yuan(long fen) =>
        string.Create(CultureInfo.InvariantCulture, $"{(fen < 0 ? "-" : "")}¥{Math.Abs(fen) / 100}.{Math.Abs(fen) % 100:D2}");

    private static string Details(PayPageModel model) => $"""
        <dl>
          <dt>商户</dt><dd>{Encode(model.MerchantId)}</dd>
          <dt>商品</dt><dd>{Encode(model.Description)}</dd>
          <dt>商户订单号</dt><dd>{Encode(model.Payment.MerchantReference)}</dd>
        </dl>
        <p class="amount">{Yuan(model.Payment.Amount)}</p>
        """;

    private static string StatusText(string status) => status switch
    {
        PaymentStatus.Succeeded => "支付成功",
        PaymentStatus.Failed => "支付已拒绝",
        _ => "等待支付",
    };

    private static string Encode(string text) => WebUtility.HtmlEncode(text);

    private static string Page(string title, string body) => $$"""
        <!DOCTYPE html>
        <html lang="zh-CN">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>{{Encode(title)}} - 沙箱支付</title>
        <style>
          body { font-family: sans-serif; max-width: 28rem; margin: 2rem auto; padding: 0 1rem; color: #222; }
          .banner { background: #fff3cd; padding: .5rem; font-size: .9rem; }
          .amount { font-size: 2rem; font-weight: bold; }
          dt { color: #666; }
          button { width: 100%; padding: .8rem; margin: .3rem 0; font-size: 1rem; border: 0; border-radius: 4px; }
          .pay { background: #07c160; color: #fff; }
          .decline { background: #eee; }
          .status { font-size: 1.3rem; }
        </style>
        </head>
        <body>
        <p class="banner">沙箱环境：不会产生真实扣款。</p>
        <h1>{{Encode(title)}}</h1>
        {{body}}
        </body>
        </html>
        """;
}

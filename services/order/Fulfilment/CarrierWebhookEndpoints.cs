using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using SocialCommerce.ServiceDefaults.Problems;
using SocialCommerce.ServiceDefaults.Security;

namespace SocialCommerce.Order.Fulfilment;

/// <param name="Status">in-transit, out-for-delivery, delivered or exception.</param>
public sealed record TrackingEvent(string? EventId, string? TrackingNo, string? Status, string? Description, DateTimeOffset? OccurredAt);

public sealed record CarrierAnswer(string Outcome);

/// <summary>
/// POST /api/order/webhooks/carriers/{carrier}: public, trusted only through the HMAC signature
/// (X-Carrier-Timestamp, X-Carrier-Signature: v1=hex HMAC-SHA256(secret, "{timestamp}.{body}")). Each event is stored
/// once by its id; "delivered" moves a shipped order to delivered. Rejections change nothing and are logged and counted.
/// </summary>
public static partial class CarrierWebhookEndpoints
{
    public static readonly IReadOnlySet<string> Statuses = new HashSet<string> { "in-transit", "out-for-delivery", "delivered", "exception" };

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static RouteGroupBuilder MapCarrierWebhookEndpoints(this RouteGroupBuilder order)
    {
        order.MapPost("/webhooks/carriers/{carrier}", Receive).AllowAnonymous().WithTag("Webhooks", "Signed carrier callbacks (shipment tracking events); each applied once.").WithSummary("Receive a carrier's tracking callback");
        return order;
    }

    public static async Task<Results<Ok<CarrierAnswer>, ProblemHttpResult>> Receive(
        string carrier, HttpContext context, IOptions<CarrierOptions> options, Shipping shipping, OrderMetrics metrics, TimeProvider time,
        ILoggerFactory loggers)
    {
        var logger = loggers.CreateLogger(typeof(CarrierWebhookEndpoints));
        if (!Carriers.Known.Contains(carrier)) return Reject(logger, metrics, carrier, "unknown-carrier", "no such carrier", 404);
        using var reader = new StreamReader(context.Request.Body);
        var body = await reader.ReadToEndAsync(context.RequestAborted);
        var now = time.GetUtcNow();
        var rejection = WebhookSignature.Verify(context.Request.Headers["X-Carrier-Timestamp"], context.Request.Headers["X-Carrier-Signature"],
            body, options.Value.WebhookSecret, now, TimeSpan.FromSeconds(options.Value.WebhookToleranceSeconds));
        if (rejection is not null) return Reject(logger, metrics, carrier, rejection.Reason, rejection.Detail, 401);

        TrackingEvent? tracked;
        try
        {
            tracked = JsonSerializer.Deserialize<TrackingEvent>(body, Json);
        }
        catch (JsonException)
        {
            tracked = null;
        }

        if (tracked is not { EventId.Length: > 0 and <= 100, TrackingNo: not null, OccurredAt: not null } || tracked.Status is null
            || !Statuses.Contains(tracked.Status))
        {
            return Reject(logger, metrics, carrier, "malformed", "missing or invalid eventId, trackingNo, status or occurredAt", 400);
        }

        switch (await shipping.RecordAsync(carrier, tracked))
        {
            case TrackingOutcome.UnknownTrackingNumber:
                return Reject(logger, metrics, carrier, "unknown-tracking-number", $"no shipment {tracked.TrackingNo}", 404);
            case TrackingOutcome.Duplicate:
                metrics.CarrierWebhook("duplicate");
                return TypedResults.Ok(new CarrierAnswer("duplicate"));
            default:
                metrics.CarrierWebhook("accepted");
                return TypedResults.Ok(new CarrierAnswer("accepted"));
        }
    }

    private static ProblemHttpResult Reject(ILogger logger, OrderMetrics metrics, string carrier, string reason, string detail, int status)
    {
        LogRejected(logger, carrier, reason, detail);
        metrics.CarrierWebhook(reason);
        return TypedResults.Problem(title: "The callback was rejected.", detail: reason, statusCode: status, type: ProblemTypes.ForStatus(status));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Rejected {Carrier} tracking callback: {Reason} ({Detail})")]
    private static partial void LogRejected(ILogger logger, string carrier, string reason, string detail);
}

using SocialCommerce.ServiceDefaults.Problems;
using Yarp.ReverseProxy.Forwarder;

namespace SocialCommerce.Gateway.Proxy;

/// <summary>
/// YARP answers a failed forward with a bare status code and no body. Clients are promised problem+json for
/// every error, and a body that outgrew the size limit must read as 413 (the client's fault), not as a 502 that
/// blames the service.
/// </summary>
public static class ProxyErrorProblems
{
    public static async Task WriteAsync(HttpContext context, Func<Task> next)
    {
        await next();

        var error = context.GetForwarderErrorFeature();
        // Once the service's response has started streaming nothing can be rewritten, and a client that hung up
        // reads nothing.
        if (error is null || context.Response.HasStarted || context.RequestAborted.IsCancellationRequested)
        {
            return;
        }

        await Describe(error, context).ExecuteAsync(context);
    }

    private static IResult Describe(IForwarderErrorFeature error, HttpContext context)
    {
        if (ClientStatus(error.Exception) is { } clientStatus)
        {
            return clientStatus == StatusCodes.Status413PayloadTooLarge
                ? BodySizeLimit.TooLarge(context)
                : Problem(clientStatus, "The request body could not be read.");
        }

        return error.Error switch
        {
            ForwarderError.RequestTimedOut => Problem(StatusCodes.Status504GatewayTimeout, "The service did not answer in time."),
            ForwarderError.NoAvailableDestinations => Problem(StatusCodes.Status503ServiceUnavailable, "The service is unavailable."),
            ForwarderError.RequestBodyClient => Problem(StatusCodes.Status400BadRequest, "The request body could not be read."),
            _ => Problem(StatusCodes.Status502BadGateway, "The service could not be reached."),
        };
    }

    // Kestrel reports a body over the limit (and other malformed bodies) as BadHttpRequestException; on its way out
    // of HttpClient and the forwarder it arrives wrapped, sometimes in an AggregateException beside a copy error.
    private static int? ClientStatus(Exception? exception) => exception switch
    {
        null => null,
        BadHttpRequestException bad => bad.StatusCode,
        AggregateException aggregate => aggregate.InnerExceptions.Select(ClientStatus).FirstOrDefault(status => status is not null),
        _ => ClientStatus(exception.InnerException),
    };

    private static IResult Problem(int status, string title) =>
        TypedResults.Problem(title: title, statusCode: status, type: ProblemTypes.ForStatus(status));
}

using Grpc.Core;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Npgsql;

namespace SocialCommerce.ServiceDefaults.Problems;

/// <summary>
/// A service this request needed did not answer in time or could not be reached (a gRPC call that no handler caught), or
/// every database connection stayed busy past the pool's timeout (a burst such as a flash sale's first second): that is
/// a 503 the client may retry, never a 500. Handlers that can say more (which service, what to do) still catch their
/// calls themselves.
/// </summary>
internal sealed class UnavailableExceptionHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        var (title, code) = exception switch
        {
            RpcException { StatusCode: StatusCode.Unavailable or StatusCode.DeadlineExceeded or StatusCode.ResourceExhausted } =>
                ("A service this request needs did not answer; try again.", "upstream-unavailable"),
            NpgsqlException { InnerException: TimeoutException } => ("The service is too busy right now; try again.", "busy"),
            _ => (null, null),
        };
        if (title is null) return false;

        context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        context.Response.Headers.RetryAfter = "1";
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            Exception = exception,
            ProblemDetails =
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Title = title,
                Type = ProblemTypes.ForStatus(StatusCodes.Status503ServiceUnavailable),
                Extensions = { ["code"] = code },
            },
        });
    }
}

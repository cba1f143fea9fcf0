using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;

namespace SocialCommerce.ServiceDefaults.Problems;

/// <summary>
/// Malformed JSON, a body over the size limit and similar client mistakes surface as BadHttpRequestException
/// (always in Development, where minimal APIs throw on bad requests). They are the client's fault: answer with
/// the status the exception carries, never a 500.
/// </summary>
internal sealed class BadRequestExceptionHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not BadHttpRequestException badRequest) return false;

        context.Response.StatusCode = badRequest.StatusCode;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            Exception = exception,
            ProblemDetails =
            {
                Status = badRequest.StatusCode,
                Title = badRequest.StatusCode switch
                {
                    StatusCodes.Status413PayloadTooLarge => "The request body is too large.",
                    StatusCodes.Status415UnsupportedMediaType => "The request content type is not supported.",
                    _ => "The request could not be read.",
                },
                Type = ProblemTypes.ForStatus(badRequest.StatusCode),
            },
        });
    }
}

using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using SocialCommerce.ServiceDefaults.Problems;

namespace SocialCommerce.ServiceDefaults.Hosting;

/// <summary>
/// A service's gRPC port (Kestrel endpoint <c>Grpc</c>) answers gRPC calls only: without this every REST route would be
/// served there too, beside the gateway rather than behind it. Told apart by the connection's port, never by a header a
/// client chooses.
/// </summary>
public static class GrpcPortOnlyGrpc
{
    public const string Endpoint = "Grpc";

    public static WebApplication UseGrpcPortForGrpcOnly(this WebApplication app)
    {
        if (app.Configuration[$"Kestrel:Endpoints:{Endpoint}:Url"] is not { Length: > 0 } url) return app;

        var port = BindingAddress.Parse(url).Port;
        app.Use((context, next) =>
            context.Connection.LocalPort == port && !IsGrpc(context.Request)
                ? TypedResults.Problem(
                    title: "This port serves gRPC only.", statusCode: StatusCodes.Status404NotFound,
                    type: ProblemTypes.ForStatus(StatusCodes.Status404NotFound)).ExecuteAsync(context)
                : next(context));
        return app;
    }

    private static bool IsGrpc(HttpRequest request) =>
        request.ContentType?.StartsWith("application/grpc", StringComparison.OrdinalIgnoreCase) == true;
}

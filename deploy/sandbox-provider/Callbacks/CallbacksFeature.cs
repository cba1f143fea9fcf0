namespace SocialCommerce.SandboxProvider.Callbacks;

public static class CallbacksFeature
{
    public static IHostApplicationBuilder AddCallbacksFeature(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<CallbackQueue>();
        builder.Services.AddSingleton<CallbackLog>();
        builder.Services.AddSingleton<CallbackSender>();
        builder.Services.AddHostedService<CallbackDispatcher>();
        builder.Services.AddHttpClient(CallbackSender.HttpClientName, client => client.Timeout = CallbackSender.Timeout)
            // A provider posts to the URL it was given; following a redirect would post the signed body somewhere else.
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false });
        return builder;
    }
}

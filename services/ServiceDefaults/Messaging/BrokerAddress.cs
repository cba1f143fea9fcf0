namespace SocialCommerce.ServiceDefaults.Messaging;

/// <summary>Parses <c>amqp://user:pass@host:port/vhost</c>; an empty path is the default virtual host "/".</summary>
public sealed record BrokerAddress
{
    public BrokerAddress(string uri)
    {
        var parsed = new Uri(uri);
        if (parsed.Scheme is not ("amqp" or "rabbitmq"))
        {
            throw new ArgumentException($"Broker address must be an amqp:// URI, got scheme '{parsed.Scheme}'.");
        }

        Host = parsed.Host;
        Port = parsed.IsDefaultPort || parsed.Port <= 0 ? (ushort)5672 : (ushort)parsed.Port;
        var path = Uri.UnescapeDataString(parsed.AbsolutePath.TrimStart('/'));
        VirtualHost = path.Length == 0 ? "/" : path;
        var userInfo = parsed.UserInfo.Split(':', 2);
        Username = userInfo[0].Length == 0 ? "guest" : Uri.UnescapeDataString(userInfo[0]);
        Password = userInfo.Length > 1 ? Uri.UnescapeDataString(userInfo[1]) : "guest";
    }

    public string Host { get; }
    public ushort Port { get; }
    public string VirtualHost { get; }
    public string Username { get; }
    public string Password { get; }
}

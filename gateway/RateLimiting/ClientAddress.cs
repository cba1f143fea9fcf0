using System.Net;
using System.Net.Sockets;

namespace SocialCommerce.Gateway.RateLimiting;

/// <summary>Which bucket an anonymous caller's requests count against.</summary>
public static class ClientAddress
{
    /// <summary>
    /// The connection's address; an IPv6 client is keyed by its /64, because one subscriber usually holds a whole
    /// /64 and could otherwise rotate through addresses to reset its limit. Behind a load balancer this is the
    /// balancer's address unless forwarded headers are trusted for it (not configured yet).
    /// </summary>
    public static string PartitionKey(HttpContext context)
    {
        var address = context.Connection.RemoteIpAddress;
        if (address is null) return "unknown";
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        if (address.AddressFamily != AddressFamily.InterNetworkV6) return address.ToString();

        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes) + "/64";
    }
}

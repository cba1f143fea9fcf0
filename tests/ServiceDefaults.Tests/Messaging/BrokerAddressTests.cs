using SocialCommerce.ServiceDefaults.Messaging;

namespace SocialCommerce.ServiceDefaults.Tests.Messaging;

public sealed class BrokerAddressTests
{
    [Test]
    public void Parse_FullUri_ReadsEveryPart()
    {
        var address = new BrokerAddress("amqp://app:s%40cret@rabbit.internal:5673/orders");
        Assert.Multiple(() =>
        {
            Assert.That(address.Host, Is.EqualTo("rabbit.internal"));
            Assert.That(address.Port, Is.EqualTo(5673));
            Assert.That(address.VirtualHost, Is.EqualTo("orders"));
            Assert.That(address.Username, Is.EqualTo("app"));
            Assert.That(address.Password, Is.EqualTo("s@cret"));
        });
    }

    [Test]
    public void Parse_NoPathNoCredentials_DefaultsToRootVirtualHostAndGuest()
    {
        var address = new BrokerAddress("amqp://localhost");
        Assert.Multiple(() =>
        {
            Assert.That(address.Port, Is.EqualTo(5672));
            Assert.That(address.VirtualHost, Is.EqualTo("/"));
            Assert.That(address.Username, Is.EqualTo("guest"));
        });
    }

    [Test]
    public void Parse_HttpScheme_Throws() =>
        Assert.Throws<ArgumentException>(() => _ = new BrokerAddress("http://localhost:5672"));
}

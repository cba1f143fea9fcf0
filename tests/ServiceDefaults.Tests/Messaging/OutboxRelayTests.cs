using SocialCommerce.ServiceDefaults.Messaging;
using SocialCommerce.TestSupport;

namespace SocialCommerce.ServiceDefaults.Tests.Messaging;

/// <summary>The relay is driven pass by pass here, so a crash can be placed exactly between publish and mark.</summary>
[TestFixture]
public sealed class OutboxRelayTests
{
    private MessagingHost host = null!;

    // A short lease, so the rows of a pass that "died" come back within the test.
    [OneTimeSetUp]
    public async Task StartHost() =>
        host = await MessagingHost.StartAsync(relayRunning: false, new Dictionary<string, string?> { ["Outbox:Lease"] = "00:00:01" });

    [OneTimeTearDown]
    public async Task StopHost() => await host.DisposeAsync();

    [Test]
    public async Task PublishBatch_RelayDiesBetweenPublishAndMark_MessageHandledOnce()
    {
        var runId = Guid.NewGuid();
        await WriteAsync(new PingHappened(runId, "survives a crash"), commit: true);

        Assert.ThrowsAsync<InvalidOperationException>(() =>
            host.Relay.PublishBatchAsync(CancellationToken.None, () => throw new InvalidOperationException("relay killed")));
        Assert.That(await host.UnpublishedAsync(), Is.EqualTo(1), "the crashed pass must not mark the row");

        var secondPass = await Eventually.WaitForAsync(() => host.Relay.PublishBatchAsync(CancellationToken.None), pass => pass.Published > 0);
        Assert.That(secondPass.Published, Is.EqualTo(1), "once the dead pass's lease ran out");
        var deliveries = await Eventually.WaitForAsync(
            () => Task.FromResult(PingHappenedConsumer.Deliveries.GetValueOrDefault(runId)), count => count >= 2);
        Assert.Multiple(async () =>
        {
            Assert.That(deliveries, Is.EqualTo(2), "published twice: once before the crash, once after");
            Assert.That(await host.EffectsAsync(runId), Is.EqualTo(1), "the inbox applies it once");
            Assert.That(await host.UnpublishedAsync(), Is.Zero);
        });
    }

    [Test]
    public async Task PublishBatch_RolledBackTransaction_PublishesNothing()
    {
        var (runId, sentinel) = (Guid.NewGuid(), Guid.NewGuid());
        await WriteAsync(new PingHappened(runId, "never happened"), commit: false);

        Assert.That((await host.Relay.PublishBatchAsync(CancellationToken.None)).Claimed, Is.Zero);
        // A committed row written after it goes through relay, broker and consumer: by then the rolled-back one would have too.
        await WriteAsync(new PingHappened(sentinel, "happened"), commit: true);
        await host.Relay.PublishBatchAsync(CancellationToken.None);
        await Eventually.WaitForAsync(() => host.EffectsAsync(sentinel), n => n > 0);
        Assert.Multiple(async () =>
        {
            Assert.That(PingHappenedConsumer.Deliveries.ContainsKey(runId), Is.False);
            Assert.That(await host.EffectsAsync(runId), Is.Zero);
        });
    }

    [Test]
    public async Task PublishBatch_ManyCommittedRows_PublishesEachOnceInBatches()
    {
        var runId = Guid.NewGuid();
        for (var i = 0; i < 1200; i++) await WriteAsync(new PingHappened(runId, $"message {i}"), commit: true);

        var total = 0;
        int published;
        while ((published = (await host.Relay.PublishBatchAsync(CancellationToken.None)).Published) > 0) total += published;

        var effects = await Eventually.WaitForAsync(() => host.EffectsAsync(runId), count => count >= 1200);
        Assert.Multiple(() =>
        {
            Assert.That(total, Is.EqualTo(1200));
            Assert.That(effects, Is.EqualTo(1200));
        });
    }

    [Test]
    public async Task PublishBatch_RowOfUnknownType_RetriedLaterNotDeadLetteredAndTheRestPublished()
    {
        var runId = Guid.NewGuid();
        var unknown = await WriteRawAsync("Nope.NoSuchEvent, Nope", """{"runId":"0190a000-0000-7000-8000-000000000001"}""");
        await WriteAsync(new PingHappened(runId, "not held back"), commit: true);

        try
        {
            var pass = await host.Relay.PublishBatchAsync(CancellationToken.None);

            var effects = await Eventually.WaitForAsync(() => host.EffectsAsync(runId), count => count >= 1);
            Assert.Multiple(async () =>
            {
                Assert.That(pass, Is.EqualTo((2, 1)), "both claimed, the known one published");
                Assert.That(effects, Is.EqualTo(1));
                Assert.That(await ScalarAsync<string>("SELECT last_error FROM outbox_messages WHERE id = @unknown", new { unknown }),
                    Does.StartWith("unknown message type"));
                Assert.That(await host.Outbox.DeadLettersAsync(), Is.Empty, "a newer version's event is not poison");
                Assert.That(await ScalarAsync<int>("SELECT attempts FROM outbox_messages WHERE id = @unknown", new { unknown }), Is.EqualTo(1));
            });

            // Its last attempt: still unknown, so it is set aside for an operator.
            await ExecuteAsync("UPDATE outbox_messages SET attempts = @last, next_attempt_at = now() WHERE id = @unknown",
                new { unknown, last = new OutboxRelayOptions().MaxAttempts - 1 });
            await host.Relay.PublishBatchAsync(CancellationToken.None);

            Assert.That((await host.Outbox.DeadLettersAsync()).Select(letter => letter.Id), Is.EqualTo(new[] { unknown }));
        }
        finally
        {
            await DeleteAsync(unknown);
        }
    }

    [Test]
    public async Task PublishBatch_BodyNotOfItsType_DeadLetteredAndTheRestPublished()
    {
        var runId = Guid.NewGuid();
        var poison = await WriteRawAsync(PingType, """{"runId":"not-a-guid","text":"x"}""");
        await WriteAsync(new PingHappened(runId, "not held back"), commit: true);

        var pass = await host.Relay.PublishBatchAsync(CancellationToken.None);
        var next = await host.Relay.PublishBatchAsync(CancellationToken.None);

        var effects = await Eventually.WaitForAsync(() => host.EffectsAsync(runId), count => count >= 1);
        var letters = await host.Outbox.DeadLettersAsync();
        Assert.Multiple(async () =>
        {
            Assert.That(pass, Is.EqualTo((2, 1)), "both claimed, the good one published");
            Assert.That(next.Claimed, Is.Zero, "the dead letter is not claimed again");
            Assert.That(effects, Is.EqualTo(1));
            Assert.That(letters.Select(letter => letter.Id), Does.Contain(poison));
            Assert.That(letters.Single(letter => letter.Id == poison).LastError, Does.StartWith("unreadable"));
            Assert.That((await host.Outbox.MeasureAsync(CancellationToken.None)).LagSeconds, Is.Zero, "dead letters are not lag");
        });
        await DeleteAsync(poison);
    }

    [Test]
    public async Task OutboxReplay_DeadLetterWhoseBodyWasCorrected_PublishedAndHandledOnce()
    {
        var runId = Guid.NewGuid();
        var poison = await WriteRawAsync(PingType, """{"runId":"broken"}""");
        await host.Relay.PublishBatchAsync(CancellationToken.None);
        await ExecuteAsync("UPDATE outbox_messages SET body = @body::jsonb WHERE id = @poison",
            new { poison, body = $$"""{"runId":"{{runId}}","text":"corrected"}""" });
        var output = new StringWriter();

        await OutboxCommand.RunAsync(host.Outbox, ["replay", poison.ToString()], output);
        var pass = await host.Relay.PublishBatchAsync(CancellationToken.None);

        var effects = await Eventually.WaitForAsync(() => host.EffectsAsync(runId), count => count >= 1);
        Assert.Multiple(async () =>
        {
            Assert.That(output.ToString(), Does.Contain("1 dead letter(s) replayed."));
            Assert.That(pass.Published, Is.EqualTo(1));
            Assert.That(effects, Is.EqualTo(1));
            Assert.That(await host.Outbox.DeadLettersAsync(), Is.Empty);
        });
    }

    [Test]
    public async Task OutboxReplay_DeadLetterOlderThanTheInboxKeepsIds_LeftAloneAndReported()
    {
        var old = await WriteRawAsync(PingType, """{"runId":"broken"}""");
        await ExecuteAsync("UPDATE outbox_messages SET dead_lettered_at = now(), created_at = now() - interval '15 days' WHERE id = @old", new { old });
        var output = new StringWriter();

        try
        {
            await OutboxCommand.RunAsync(host.Outbox, ["replay", old.ToString()], output);

            Assert.Multiple(async () =>
            {
                Assert.That(output.ToString(), Does.Contain("0 dead letter(s) replayed.").And.Contain("1 dead letter(s) older than"));
                Assert.That((await host.Outbox.DeadLettersAsync()).Select(letter => letter.Id), Does.Contain(old));
            });
        }
        finally
        {
            await DeleteAsync(old);
        }
    }

    private const string PingType = "SocialCommerce.ServiceDefaults.Tests.Messaging.PingHappened, ServiceDefaults.Tests";

    private async Task<Guid> WriteRawAsync(string messageType, string body)
    {
        var id = Guid.CreateVersion7();
        await ExecuteAsync("INSERT INTO outbox_messages (id, message_type, body) VALUES (@id, @messageType, @body::jsonb)", new { id, messageType, body });
        return id;
    }

    private async Task<T> ScalarAsync<T>(string sql, object args)
    {
        await using var connection = await host.DataSource.OpenConnectionAsync();
        return (await Dapper.SqlMapper.ExecuteScalarAsync<T>(connection, sql, args))!;
    }

    private Task DeleteAsync(Guid id) => ExecuteAsync("DELETE FROM outbox_messages WHERE id = @id", new { id });

    private async Task ExecuteAsync(string sql, object args)
    {
        await using var connection = await host.DataSource.OpenConnectionAsync();
        await Dapper.SqlMapper.ExecuteAsync(connection, sql, args);
    }

    private async Task WriteAsync(PingHappened message, bool commit)
    {
        await using var connection = await host.DataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await Outbox.AddAsync(connection, transaction, message);
        if (commit) await transaction.CommitAsync();
        else await transaction.RollbackAsync();
    }
}

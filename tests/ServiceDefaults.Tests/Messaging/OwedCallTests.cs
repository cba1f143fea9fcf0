using System.Collections.Concurrent;
using Dapper;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;
using SocialCommerce.ServiceDefaults.Messaging;
using SocialCommerce.ServiceDefaults.Postgres;
using SocialCommerce.TestSupport;

namespace SocialCommerce.ServiceDefaults.Tests.Messaging;

/// <summary>Owed calls against real PostgreSQL: made if and only if the writing transaction commits, again until answered, recorded once.</summary>
[TestFixture]
public sealed class OwedCallTests
{
    private IHost host = null!;

    private NpgsqlDataSource DataSource => host.Services.GetRequiredService<NpgsqlDataSource>();

    [OneTimeSetUp]
    public async Task StartHost()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:Database"] = TestInfrastructure.NewDatabase("owed") });
        builder.AddPostgres(typeof(OwedCallTests).Assembly);
        builder.Services.AddScoped<OwedCallHandler, EchoCall>();
        builder.Services.AddScoped<OwedCallHandler, SlowLaneCall>();
        builder.AddOwedCalls(_ => TimeSpan.FromMilliseconds(100));
        builder.AddOwedCallLane(new OwedCallLane(SlowLaneCall.LaneName, Parallel: 4, BatchSize: 8), _ => TimeSpan.FromMilliseconds(100));
        host = builder.Build();
        host.Services.GetRequiredService<DatabaseMigrator>().Migrate();
        await host.StartAsync();
    }

    [OneTimeTearDown]
    public async Task StopHost()
    {
        await host.StopAsync();
        host.Dispose();
    }

    [Test]
    public async Task Add_TransactionCommits_MadeOnceAndAnswerRecorded()
    {
        var subject = Guid.NewGuid();

        await OweAsync(subject, commit: true);

        var effects = await Eventually.WaitForAsync(() => EffectsAsync(subject), n => n > 0);
        var call = await CallRowAsync(subject);
        Assert.Multiple(() =>
        {
            Assert.That(effects, Is.EqualTo(1));
            Assert.That(EchoCall.Calls.GetValueOrDefault(subject), Is.EqualTo(1));
            Assert.That(call.DoneAt, Is.Not.Null);
            Assert.That(call.Attempts, Is.EqualTo(1));
        });
    }

    [Test]
    public async Task Add_TransactionRolledBack_NeverMade()
    {
        var (rolledBack, sentinel) = (Guid.NewGuid(), Guid.NewGuid());

        await OweAsync(rolledBack, commit: false);
        await OweAsync(sentinel, commit: true);

        // The sentinel, owed after the rolled-back one, has been made: the worker has passed where that one would be.
        await Eventually.WaitForAsync(() => EffectsAsync(sentinel), n => n > 0);
        Assert.That(EchoCall.Calls.ContainsKey(rolledBack), Is.False);
    }

    [Test]
    public async Task Call_FailsTwice_MadeAgainUntilAnsweredAndRecordedOnce()
    {
        var subject = Guid.NewGuid();
        EchoCall.FailuresLeft[subject] = 2;

        await OweAsync(subject, commit: true);

        await Eventually.WaitForAsync(() => EffectsAsync(subject), n => n > 0, TimeSpan.FromSeconds(30));
        var call = await CallRowAsync(subject);
        Assert.Multiple(async () =>
        {
            Assert.That(await EffectsAsync(subject), Is.EqualTo(1));
            Assert.That(EchoCall.Calls.GetValueOrDefault(subject), Is.EqualTo(3));
            Assert.That(call.Attempts, Is.EqualTo(3));
            Assert.That(call.LastError, Is.Null, "cleared by the answer");
        });
    }

    [Test]
    public async Task Record_SaysNotYet_CallMadeAgainAndRecordedOnce()
    {
        var subject = Guid.NewGuid();
        EchoCall.NotYet[subject] = 1;

        await OweAsync(subject, commit: true);

        await Eventually.WaitForAsync(() => EffectsAsync(subject), n => n > 0, TimeSpan.FromSeconds(30));
        Assert.Multiple(async () =>
        {
            Assert.That(await EffectsAsync(subject), Is.EqualTo(1), "the refused record rolled back with its transaction");
            Assert.That(EchoCall.Calls.GetValueOrDefault(subject), Is.EqualTo(2));
        });
    }

    [Test]
    public async Task Add_KindWithoutHandler_KeptOwedWithTheReason()
    {
        var subject = Guid.NewGuid();
        await using (var connection = await DataSource.OpenConnectionAsync())
        await using (var transaction = await connection.BeginTransactionAsync())
        {
            await OwedCalls.AddAsync(connection, transaction, "unknown-kind", subject, new { }, DateTimeOffset.UtcNow);
            await transaction.CommitAsync();
        }

        var call = await Eventually.WaitForAsync(() => CallRowAsync(subject), row => row.Attempts > 0);
        Assert.Multiple(() =>
        {
            Assert.That(call.DoneAt, Is.Null);
            Assert.That(call.LastError, Does.Contain("unknown-kind"));
        });
    }

    [Test]
    public async Task Record_OneOfAPassSaysNotYet_OnlyItIsMadeAgainAndEachRecordedOnce()
    {
        var subjects = new[] { Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid() };
        EchoCall.NotYet[subjects[1]] = 1;

        // Owed in one transaction, so one pass of the worker takes them together.
        await using (var connection = await DataSource.OpenConnectionAsync())
        await using (var transaction = await connection.BeginTransactionAsync())
        {
            foreach (var subject in subjects)
                await OwedCalls.AddAsync(connection, transaction, EchoCall.Name, subject, new EchoPayload($"echo {subject}"), DateTimeOffset.UtcNow);
            await transaction.CommitAsync();
        }

        foreach (var subject in subjects) await Eventually.WaitForAsync(() => CallRowAsync(subject), row => row.DoneAt is not null);
        Assert.Multiple(async () =>
        {
            foreach (var subject in subjects) Assert.That(await EffectsAsync(subject), Is.EqualTo(1), "recorded once, the refused record rolled back alone");
            Assert.That(EchoCall.Calls.GetValueOrDefault(subjects[0]), Is.EqualTo(1));
            Assert.That(EchoCall.Calls.GetValueOrDefault(subjects[1]), Is.EqualTo(2));
            Assert.That(EchoCall.Calls.GetValueOrDefault(subjects[2]), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task Record_AnswersWithoutConsequences_DoneTogetherWithoutRecording()
    {
        var (quiet, recorded, alsoQuiet) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        await using (var connection = await DataSource.OpenConnectionAsync())
        await using (var transaction = await connection.BeginTransactionAsync())
        {
            await OwedCalls.AddAsync(connection, transaction, EchoCall.Name, quiet, new EchoPayload(EchoCall.Quiet), DateTimeOffset.UtcNow);
            await OwedCalls.AddAsync(connection, transaction, EchoCall.Name, recorded, new EchoPayload($"echo {recorded}"), DateTimeOffset.UtcNow);
            await OwedCalls.AddAsync(connection, transaction, EchoCall.Name, alsoQuiet, new EchoPayload(EchoCall.Quiet), DateTimeOffset.UtcNow);
            await transaction.CommitAsync();
        }

        var rows = new List<CallRow>();
        foreach (var subject in new[] { quiet, recorded, alsoQuiet })
            rows.Add(await Eventually.WaitForAsync(() => CallRowAsync(subject), row => row.DoneAt is not null));
        Assert.Multiple(async () =>
        {
            Assert.That(rows.Select(row => (row.Attempts, row.LastError)), Is.All.EqualTo((1, (string?)null)));
            Assert.That(await EffectsAsync(quiet) + await EffectsAsync(alsoQuiet), Is.Zero, "nothing recorded for the quiet answers");
            Assert.That(await EffectsAsync(recorded), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task Lane_CallsOfItsKind_MadeSideBySideUpToItsParallelism()
    {
        var subjects = Enumerable.Range(0, 12).Select(_ => Guid.NewGuid()).ToList();
        await using (var connection = await DataSource.OpenConnectionAsync())
        await using (var transaction = await connection.BeginTransactionAsync())
        {
            foreach (var subject in subjects) await OwedCalls.AddAsync(connection, transaction, SlowLaneCall.Name, subject, new { }, DateTimeOffset.UtcNow);
            await transaction.CommitAsync();
        }

        foreach (var subject in subjects) await Eventually.WaitForAsync(() => CallRowAsync(subject), row => row.DoneAt is not null);
        Assert.Multiple(() =>
        {
            // The default lane makes one call at a time: more than one at once is the lane's doing, and never beyond its four.
            Assert.That(SlowLaneCall.MostAtOnce, Is.InRange(2, 4));
            Assert.That(subjects.Select(subject => SlowLaneCall.Calls.GetValueOrDefault(subject)), Is.All.EqualTo(1));
        });
    }

    private async Task OweAsync(Guid subject, bool commit)
    {
        await using var connection = await DataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await OwedCalls.AddAsync(connection, transaction, EchoCall.Name, subject, new EchoPayload($"echo {subject}"), DateTimeOffset.UtcNow);
        if (commit) await transaction.CommitAsync();
        else await transaction.RollbackAsync();
    }

    private async Task<long> EffectsAsync(Guid subject)
    {
        await using var connection = await DataSource.OpenConnectionAsync();
        return await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM test_effects WHERE run_id = @subject", new { subject });
    }

    private async Task<CallRow> CallRowAsync(Guid subject)
    {
        await using var connection = await DataSource.OpenConnectionAsync();
        return await connection.QuerySingleAsync<CallRow>(
            "SELECT attempts, last_error, done_at FROM owed_calls WHERE subject_id = @subject", new { subject });
    }

    private sealed record CallRow(int Attempts, string? LastError, DateTime? DoneAt);

    public sealed record EchoPayload(string Text);

    /// <summary>A call in a lane of its own that takes a while, counting how many run at once.</summary>
    public sealed class SlowLaneCall : OwedCallHandler
    {
        public const string Name = "test-slow-lane";
        public const string LaneName = "test-lane";
        public static readonly ConcurrentDictionary<Guid, int> Calls = new();
        private static int running;
        private static int most;

        public static int MostAtOnce => Volatile.Read(ref most);

        public override string Kind => Name;

        public override string Lane => LaneName;

        public override async Task<object?> CallAsync(OwedCall call, DateTime deadline, CancellationToken cancellationToken)
        {
            Calls.AddOrUpdate(call.SubjectId, 1, (_, n) => n + 1);
            var now = Interlocked.Increment(ref running);
            for (var seen = Volatile.Read(ref most); now > seen && Interlocked.CompareExchange(ref most, now, seen) != seen; seen = Volatile.Read(ref most))
            {
            }

            await Task.Delay(200, cancellationToken);
            Interlocked.Decrement(ref running);
            return null;
        }
    }

    /// <summary>Answers with its payload's text, failing or refusing to record as many times as a test asks.</summary>
    public sealed class EchoCall : OwedCallHandler
    {
        public const string Name = "test-echo";

        /// <summary>An answer with nothing to record: the worker must not call <see cref="RecordAsync"/> for it.</summary>
        public const string Quiet = "quiet";
        public static readonly ConcurrentDictionary<Guid, int> Calls = new();
        public static readonly ConcurrentDictionary<Guid, int> FailuresLeft = new();
        public static readonly ConcurrentDictionary<Guid, int> NotYet = new();

        public override string Kind => Name;

        public override Task<object?> CallAsync(OwedCall call, DateTime deadline, CancellationToken cancellationToken)
        {
            Calls.AddOrUpdate(call.SubjectId, 1, (_, n) => n + 1);
            if (FailuresLeft.TryGetValue(call.SubjectId, out var left) && left > 0)
            {
                FailuresLeft[call.SubjectId] = left - 1;
                throw new InvalidOperationException("the callee is down");
            }

            return Task.FromResult<object?>(call.Read<EchoPayload>().Text);
        }

        public override bool HasConsequences(OwedCall call, object? answer) => (string?)answer != Quiet;

        public override async Task RecordAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, OwedCall call, object? answer, DateTimeOffset now)
        {
            await connection.ExecuteAsync("INSERT INTO test_effects (run_id, text) VALUES (@SubjectId, @text)", new { call.SubjectId, text = (string)answer! }, transaction);
            if (NotYet.TryGetValue(call.SubjectId, out var left) && left > 0)
            {
                NotYet[call.SubjectId] = left - 1;
                throw new InvalidOperationException("not yet");
            }
        }

        public override TimeSpan Backoff(int attempts) => TimeSpan.FromMilliseconds(50);
    }
}

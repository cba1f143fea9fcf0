using Dapper;
using Npgsql;
using SocialCommerce.Contracts.Events.Social;
using SocialCommerce.ServiceDefaults.Messaging;

namespace SocialCommerce.Social.CheckIns;

public sealed record CheckInView(DateOnly Date, int Streak);

/// <summary>My check-ins: whether today is done, the running streak and the recent days.</summary>
public sealed record CheckInHistory(bool CheckedInToday, int Streak, IReadOnlyList<DateOnly> Days);

/// <summary>
/// Daily check-in (签到), once per calendar day in Asia/Shanghai, whatever the server's zone. The day's row is the
/// lock: concurrent taps race on its primary key and exactly one inserts (and announces <see cref="CheckedIn"/>).
/// </summary>
public sealed class CheckInStore(NpgsqlDataSource dataSource, TimeProvider time)
{
    private static readonly TimeZoneInfo China = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");

    public const int HistoryDays = 30;

    public DateOnly Today() => DayIn(time.GetUtcNow());

    private static DateOnly DayIn(DateTimeOffset instant) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, China).DateTime);

    /// <returns>The new check-in, or null when the user has checked in today already.</returns>
    public async Task<CheckInView?> CheckInAsync(Guid userId, CancellationToken cancellationToken = default)
    {
        // One reading of the clock: the day and the time written with it agree even at midnight.
        var now = time.GetUtcNow();
        var today = DayIn(now);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var streak = await connection.ExecuteScalarAsync<int?>(
            """
            INSERT INTO check_ins (user_id, day, streak, checked_at)
            SELECT @userId, @today::date, COALESCE((SELECT streak FROM check_ins WHERE user_id = @userId AND day = @yesterday::date), 0) + 1, @now
            ON CONFLICT (user_id, day) DO NOTHING
            RETURNING streak
            """,
            new { userId, today = Day(today), yesterday = Day(today.AddDays(-1)), now }, transaction);
        if (streak is not { } value) return null;

        await Outbox.AddAsync(connection, transaction, new CheckedIn(userId, today, value, now));
        await transaction.CommitAsync(cancellationToken);
        return new CheckInView(today, value);
    }

    // A date as Npgsql writes it without a zone (the SQL casts it to date).
    private static DateTime Day(DateOnly day) => day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);

    /// <summary>The streak still counts until the end of today: checked in yesterday and not yet today keeps it.</summary>
    public async Task<CheckInHistory> HistoryAsync(Guid userId, CancellationToken cancellationToken = default)
    {
        var today = Today();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = (await connection.QueryAsync<(DateTime Day, int Streak)>(
            "SELECT day, streak FROM check_ins WHERE user_id = @userId AND day > @since::date ORDER BY day DESC",
            new { userId, since = Day(today.AddDays(-HistoryDays)) }))
            .Select(row => (Day: DateOnly.FromDateTime(row.Day), row.Streak)).ToList();
        var latest = rows.FirstOrDefault();
        var streak = rows.Count > 0 && latest.Day >= today.AddDays(-1) ? latest.Streak : 0;
        return new CheckInHistory(rows.Count > 0 && latest.Day == today, streak, rows.Select(row => row.Day).ToList());
    }
}

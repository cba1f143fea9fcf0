namespace SocialCommerce.Recommendation.Privacy;

/// <summary>
/// What a user did before their erasure stays erased. Erasure records the user's id and time in <c>erased_users</c>
/// (Migrations/0005) holding the user's advisory lock; every write of a row that names a user (a signal, a follow, a
/// consent) first takes that lock shared in its own transaction, then writes only if the event is newer than any erasure
/// of its users. So a late event either commits before the erasure gets the lock, and the erasure deletes what it wrote,
/// or waits for the erasure and then, reading afresh (each statement of a read-committed transaction does), writes nothing.
/// </summary>
public static class ErasedUsers
{
    /// <summary>The statement a write runs first, in the same transaction, for the users of the uuid array <paramref name="users"/>.</summary>
    public static string LockShared(string users) =>
        $"SELECT count(pg_advisory_xact_lock_shared(hashtextextended('recommendation.user:' || u::text, 0))) FROM unnest({users}::uuid[]) AS u";

    /// <summary>The condition the write then adds: none of the users was erased at or after the event's time <paramref name="at"/>.</summary>
    public static string NoneErasedSince(string users, string at) =>
        $"NOT EXISTS (SELECT 1 FROM erased_users WHERE user_id = ANY({users}::uuid[]) AND erased_at >= {at})";

    /// <summary>The erasure's first statements, in its transaction: the user's lock, then the record (<c>@userId</c>, <c>@erasedAt</c>).</summary>
    public const string RecordStatement =
        """
        SELECT pg_advisory_xact_lock(hashtextextended('recommendation.user:' || @userId::text, 0));
        INSERT INTO erased_users (user_id, erased_at) VALUES (@userId, @erasedAt)
        ON CONFLICT (user_id) DO UPDATE SET erased_at = GREATEST(erased_users.erased_at, excluded.erased_at)
        """;
}

namespace SocialCommerce.ServiceDefaults.Messaging;

/// <summary>
/// The operator's view of dead letters, run in the service's own container or folder:
/// <c>&lt;service&gt; outbox dead-letters</c> lists them with their last error; <c>&lt;service&gt; outbox replay all|&lt;id&gt;</c>
/// puts them back in line (once whatever made them fail is fixed: a missing contract type deployed, a row corrected).
/// </summary>
public static class OutboxCommand
{
    public static async Task RunAsync(OutboxStore store, string[] args, TextWriter? output = null)
    {
        output ??= Console.Out;
        switch (args)
        {
            case ["dead-letters"]:
                var letters = await store.DeadLettersAsync();
                foreach (var letter in letters)
                {
                    await output.WriteLineAsync(
                        $"{letter.Id}  {letter.MessageType}  created {letter.CreatedAt:u}  set aside {letter.DeadLetteredAt:u}  " +
                        $"attempts {letter.Attempts}  {letter.LastError}");
                }

                await output.WriteLineAsync($"{letters.Count} dead letter(s).");
                break;
            case ["replay", "all"]:
                await ReportAsync(await store.ReplayAsync(null), output);
                break;
            case ["replay", var id] when Guid.TryParse(id, out var messageId):
                await ReportAsync(await store.ReplayAsync(messageId), output);
                break;
            default:
                throw new ArgumentException("Usage: outbox dead-letters | outbox replay all | outbox replay <message id>");
        }
    }

    private static async Task ReportAsync((int Replayed, int TooOld) result, TextWriter output)
    {
        await output.WriteLineAsync($"{result.Replayed} dead letter(s) replayed.");
        if (result.TooOld > 0)
        {
            await output.WriteLineAsync(
                $"{result.TooOld} dead letter(s) older than the consumers' inbox ({MessagingExtensions.InboxRetention.TotalDays} days) left " +
                "alone: they may have been handled already; publish what is still owed by hand.");
        }
    }
}

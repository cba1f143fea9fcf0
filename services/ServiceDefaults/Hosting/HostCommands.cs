using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using SocialCommerce.ServiceDefaults.Messaging;
using SocialCommerce.ServiceDefaults.Postgres;

namespace SocialCommerce.ServiceDefaults.Hosting;

/// <summary>
/// One binary, several entry points: <c>migrate</c> applies migrations and exits, <c>outbox</c> shows and replays dead
/// letters; services add their own (identity's <c>demo-data</c>). Anything else starts the web host.
/// </summary>
public static class HostCommands
{
    public static async Task<bool> TryRunCommandAsync(
        this WebApplication app, string[] args, IReadOnlyDictionary<string, Func<IServiceProvider, Task>>? extra = null)
    {
        if (args.Length == 0 || args[0].StartsWith('-')) return false;

        if (args[0] == "migrate")
        {
            var applied = app.Services.GetRequiredService<DatabaseMigrator>().Migrate(Console.Out);
            Console.WriteLine($"{applied.Count} migration(s) applied.");
            return true;
        }

        if (args[0] == "outbox")
        {
            await OutboxCommand.RunAsync(app.Services.GetService<OutboxStore>()
                ?? throw new InvalidOperationException("This service has no outbox."), args[1..]);
            return true;
        }

        if (extra is not null && extra.TryGetValue(args[0], out var command))
        {
            await using var scope = app.Services.CreateAsyncScope();
            await command(scope.ServiceProvider);
            return true;
        }

        throw new ArgumentException($"Unknown command '{args[0]}'. Known: migrate, outbox{(extra is null ? "" : ", " + string.Join(", ", extra.Keys))}.");
    }
}

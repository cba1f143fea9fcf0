namespace SocialCommerce.Order.GroupBuys;

/// <summary>
/// Turns to join one team: in this process one join of a team runs at a time, and the next reads the team again when
/// its turn comes, so when a popular team fills, the joiners who lost are refused without reserving stock. (A join
/// takes its place only when its order is written, after the stock call, so two joins in flight for one free place
/// would both reserve.) Without turns, every joiner of every team quoted, reserved and released on the campaign's one
/// SKU row in catalog, which pushed a 200-join rush past catalog's deadline on a busy machine. A team has at most
/// size − 1 joiners, so one at a time costs a team little and teams do not wait for each other. This only saves
/// work: the guarded UPDATE in the order's transaction (<see cref="GroupBuyTeams.Join"/>) still decides a place, also
/// across replicas (each replica keeps its own turns).
/// </summary>
public sealed class TeamJoinTurns
{
    private readonly Dictionary<Guid, Team> teams = [];

    public async Task<Turn> WaitAsync(Guid teamId, CancellationToken cancellationToken)
    {
        Team team;
        lock (teams)
        {
            if (!teams.TryGetValue(teamId, out team!)) teams[teamId] = team = new Team();
            team.Users++;
        }

        try
        {
            await team.Gate.WaitAsync(cancellationToken);
        }
        catch
        {
            Leave(teamId, team);
            throw;
        }

        return new Turn(this, teamId, team);
    }

    private void Leave(Guid teamId, Team team)
    {
        // The last user of a team removes its entry, so the map holds only teams being joined right now.
        lock (teams)
        {
            if (--team.Users == 0) teams.Remove(teamId);
        }
    }

    internal sealed class Team
    {
        public SemaphoreSlim Gate { get; } = new(1);

        public int Users { get; set; }
    }

    public sealed class Turn : IDisposable
    {
        private readonly TeamJoinTurns owner;
        private readonly Guid teamId;
        private Team? team;

        internal Turn(TeamJoinTurns owner, Guid teamId, Team team)
        {
            this.owner = owner;
            this.teamId = teamId;
            this.team = team;
        }

        public void Dispose()
        {
            if (Interlocked.Exchange(ref team, null) is not { } held) return;
            held.Gate.Release();
            owner.Leave(teamId, held);
        }
    }
}

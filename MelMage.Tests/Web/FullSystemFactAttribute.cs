namespace MelMage.Tests.Web;

/// <summary>A test of the page against the whole running system (MelMage.Web → API → RabbitMQ → worker → Postgres,
/// Redis). It runs when <c>MELMAGE_E2E_WEB_URL</c> names a running MelMage.Web (for example one started by
/// <c>dotnet run --project MelMage.AppHost</c>) and is skipped, saying why, otherwise.</summary>
public sealed class FullSystemFactAttribute : FactAttribute
{
    public const string Variable = "MELMAGE_E2E_WEB_URL";

    public FullSystemFactAttribute()
    {
        if (string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(Variable)))
        {
            Skip = $"Needs the whole running system (API, worker, Postgres, Redis, RabbitMQ), which lands with the pipeline "
                   + $"(issue 4): set {Variable} to a running MelMage.Web to run it.";
        }
    }

    public static Uri WebAddress => new(Environment.GetEnvironmentVariable(Variable)
                                        ?? throw new InvalidOperationException($"{Variable} is not set."));
}

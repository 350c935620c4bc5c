using Microsoft.EntityFrameworkCore.Design;

namespace MelMage.Data;

/// <summary>Lets <c>dotnet ef migrations add</c> build the model without starting a service.</summary>
internal sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<MelMageDbContext>
{
    public MelMageDbContext CreateDbContext(string[] args) => MelMageDatabase.CreateContext("Host=127.0.0.1;Database=melmage");
}

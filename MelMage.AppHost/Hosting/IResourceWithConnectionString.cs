namespace MelMage.AppHost.Hosting;

/// <summary>A resource that services reach through <c>ConnectionStrings__NAME</c>.</summary>
public interface IResourceWithConnectionString
{
    string Name { get; }

    string ConnectionString { get; }
}

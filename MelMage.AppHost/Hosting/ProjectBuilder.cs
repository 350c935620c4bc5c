namespace MelMage.AppHost.Hosting;

/// <summary>A project as declared in Program.cs; it becomes one <see cref="ProjectResource"/> per replica when the
/// application is built (ports and the dashboard's address are known by then).</summary>
public sealed class ProjectBuilder
{
    internal ProjectBuilder(string name, string projectPath)
    {
        Name = name;
        ProjectPath = projectPath;
    }

    public string Name { get; }

    internal string ProjectPath { get; }

    internal int Replicas { get; private set; } = 1;

    internal bool External { get; private set; }

    internal List<(IResourceWithConnectionString Resource, string ConnectionName)> ConnectionReferences { get; } = [];

    internal List<ProjectBuilder> ServiceReferences { get; } = [];

    internal List<Resource> ResourceWaits { get; } = [];

    internal List<ProjectBuilder> ProjectWaits { get; } = [];

    internal Dictionary<string, string> ExtraEnvironment { get; } = [];

    internal List<ProjectResource> Instances { get; } = [];

    /// <summary>Injects <c>ConnectionStrings__{connectionName ?? resource name}</c>.</summary>
    public ProjectBuilder WithReference(IResourceWithConnectionString resource, string? connectionName = null)
    {
        ConnectionReferences.Add((resource, connectionName ?? resource.Name));
        return this;
    }

    /// <summary>Injects <c>services__{name}__http__0</c> (service discovery's configuration form).</summary>
    public ProjectBuilder WithReference(ProjectBuilder project)
    {
        ServiceReferences.Add(project);
        return this;
    }

    /// <summary>Starts only once <paramref name="resource"/> runs and is healthy.</summary>
    public ProjectBuilder WaitFor(Resource resource)
    {
        ResourceWaits.Add(resource);
        return this;
    }

    /// <summary>Starts only once every replica of <paramref name="project"/> runs and answers /health.</summary>
    public ProjectBuilder WaitFor(ProjectBuilder project)
    {
        ProjectWaits.Add(project);
        return this;
    }

    public ProjectBuilder WithReplicas(int replicas)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(replicas, 1);
        Replicas = replicas;
        return this;
    }

    /// <summary>Marks the http endpoint as the one people open (the dashboard and endpoints.json show it). Like Aspire
    /// in local runs, it still listens on 127.0.0.1 only.</summary>
    public ProjectBuilder WithExternalHttpEndpoints()
    {
        External = true;
        return this;
    }

    public ProjectBuilder WithEnvironment(string name, string value)
    {
        ExtraEnvironment[name] = value;
        return this;
    }
}

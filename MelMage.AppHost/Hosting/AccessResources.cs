using Microsoft.Extensions.Configuration;

namespace MelMage.AppHost.Hosting;

/// <summary>What the API needs to tell operators from users and its own web page from other sites: the operator key
/// (a secret parameter), the web's origin, and the folders training runs may read.</summary>
public static class AccessResources
{
    public const string OperatorKeyParameter = "operator-key";

    /// <summary>The operator key: <c>Parameters:operator-key</c> when configured (e.g. <c>Parameters__operator-key</c>
    /// in the environment), otherwise generated on the first start and kept in <c>secrets.json</c> in the state folder
    /// beside the servers' passwords. Never in the repository.</summary>
    public static IResourceBuilder<ParameterResource> AddOperatorKey(this IDistributedApplicationBuilder builder, StateDirectory state)
    {
        var key = $"Parameters:{OperatorKeyParameter}";
        if (string.IsNullOrEmpty(builder.Configuration[key])) builder.Configuration[key] = state.Secret(OperatorKeyParameter);
        return builder.AddParameter(OperatorKeyParameter, secret: true);
    }

    public static IResourceBuilder<ProjectResource> WithOperatorKey(this IResourceBuilder<ProjectResource> api,
        IResourceBuilder<ParameterResource> key) => api.WithEnvironment("Api__OperatorKey", key);

    /// <summary>The web page's origin (by the address Aspire gives it, and the same port as 127.0.0.1 and localhost):
    /// the only origin the API answers CORS for and accepts state-changing browser requests from.</summary>
    public static IResourceBuilder<ProjectResource> WithWebOrigin(this IResourceBuilder<ProjectResource> api,
        IResourceBuilder<ProjectResource> web) => api.WithEnvironment(context =>
    {
        var endpoint = web.GetEndpoint("http");
        var port = endpoint.Property(EndpointProperty.Port);
        context.EnvironmentVariables["Api__AllowedOrigins__0"] = ReferenceExpression.Create($"{endpoint.Property(EndpointProperty.Scheme)}://{endpoint.Property(EndpointProperty.Host)}:{port}");
        context.EnvironmentVariables["Api__AllowedOrigins__1"] = ReferenceExpression.Create($"http://127.0.0.1:{port}");
        context.EnvironmentVariables["Api__AllowedOrigins__2"] = ReferenceExpression.Create($"http://localhost:{port}");
    });

    /// <summary>The AppHost's <c>Training:DataRoots</c> (e.g. <c>Training__DataRoots__0=/data/ESC-50</c>) is passed to the
    /// API; without any, the shared data folder beside the repository (<c>../shared/data</c>, where the README's dev
    /// set lives).</summary>
    public static IResourceBuilder<ProjectResource> WithTrainingDataRoots(this IResourceBuilder<ProjectResource> api,
        IConfiguration configuration, string appHostDirectory)
    {
        var roots = configuration.GetSection("Training:DataRoots").Get<string[]>() is { Length: > 0 } configured
            ? configured
            : [Path.GetFullPath(Path.Combine(appHostDirectory, "..", "..", "shared", "data"))];
        for (var i = 0; i < roots.Length; i++) api.WithEnvironment($"Training__DataRoots__{i}", roots[i]);
        return api;
    }
}

using MelMage.AppHost.Bench;
using MelMage.AppHost.Hosting;

// A verb of its own: the end-to-end throughput benchmark (Bench/PipelineBenchmark.cs). Without a verb the AppHost
// runs the system.
if (args is ["bench-pipeline", ..])
{
    return await PipelineBenchmark.RunAsync(args[1..]);
}

var builder = DistributedApplication.CreateBuilder(args);

var postgres = builder.AddPostgres("postgres").AddDatabase("melmage");
var redis = builder.AddRedis("redis");
var rabbit = builder.AddRabbitMQ("rabbitmq");

var api = builder.AddProject("api", "../MelMage.Api/MelMage.Api.csproj")
    .WithReference(postgres, connectionName: "postgres")
    .WithReference(rabbit)
    .WithReference(redis)
    .WaitFor(postgres).WaitFor(rabbit).WaitFor(redis);

builder.AddProject("worker", "../MelMage.Worker.Gpu/MelMage.Worker.Gpu.csproj")
    .WithReplicas(builder.Workers)
    .WithReference(postgres, connectionName: "postgres")
    .WithReference(rabbit)
    .WithReference(redis)
    .WaitFor(api); // the API migrates the database at start

builder.AddProject("web", "../MelMage.Web/MelMage.Web.csproj")
    .WithReference(api)
    .WithExternalHttpEndpoints()
    .WaitFor(api);

await builder.Build().RunAsync();
return Environment.ExitCode;

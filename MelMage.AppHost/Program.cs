using MelMage.AppHost.Hosting;

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

builder.Build().Run();

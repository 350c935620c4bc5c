using Microsoft.Extensions.Configuration;
using MelMage.AppHost.Hosting;

// The dashboard's login token is known before it starts, so it can be written to endpoints.json with its address.
if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable("ASPIRE_DASHBOARD_FRONTEND_BROWSERTOKEN")))
{
    Environment.SetEnvironmentVariable("ASPIRE_DASHBOARD_FRONTEND_BROWSERTOKEN",
        Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16)));
}

var builder = DistributedApplication.CreateBuilder(args);
using var state = builder.AcquireStateDirectory();

var postgres = builder.AddLocalPostgres("postgres", state);
var database = postgres.AddDatabase("melmage");
var redis = builder.AddLocalRedis("redis", state)
    .WithFlushVisualizationsCommand();
var rabbitmq = builder.AddLocalRabbitMQ("rabbitmq", state);
var operatorKey = builder.AddOperatorKey(state);

// The schema is migrated here and only here: a run-once resource that the services wait for.
var migrations = builder.AddProject<Projects.MelMage_Worker_Gpu>("migrations")
    .WithArgs("migrate")
    .WithReference(database)
    .WaitFor(database);

var api = builder.AddProject<Projects.MelMage_Api>("api")
    .WithHttpEndpoint()
    .WithHttpHealthCheck("/health")
    .WithReference(database).WithReference(redis).WithReference(rabbitmq)
    .WaitFor(redis).WaitFor(rabbitmq).WaitForCompletion(migrations)
    .WithOperatorKey(operatorKey)
    .WithTrainingDataRoots(builder.Configuration, builder.AppHostDirectory)
    .WithRequeueFailedCommand(operatorKey)
    .WithQuietTelemetry();

builder.AddProject<Projects.MelMage_Worker_Gpu>("worker")
    .WithReplicas(builder.Configuration.GetValue("workers", 1))
    .WithReference(database).WithReference(redis).WithReference(rabbitmq)
    .WaitFor(redis).WaitFor(rabbitmq).WaitForCompletion(migrations)
    .WithWorkerSettings(builder.Configuration)
    .WithQuietTelemetry();

var web = builder.AddProject<Projects.MelMage_Web>("web")
    .WithHttpEndpoint()
    .WithExternalHttpEndpoints()
    .WithHttpHealthCheck("/health")
    .WithReference(api)
    .WaitFor(api);
api.WithWebOrigin(web);

builder.WriteEndpointsWhenReady(state, web, api);

builder.Build().Run();
// Ctrl-C returns here at once; stay until the orchestrator has stopped Postgres and the rest (see OrchestratorExit).
OrchestratorExit.Wait(TimeSpan.FromSeconds(45));

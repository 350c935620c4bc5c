using MelMage.Web.Extensions;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();

app.UseSecurityHeaders();
app.MapDefaultEndpoints();
app.UseSpaStaticFiles();
app.MapReverseProxy();
app.MapSpaFallback();

app.Run();

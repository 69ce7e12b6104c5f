using Spatial.Api.Data;
using Spatial.Api.Features.Health;
using Spatial.Api.Http;

var builder = WebApplication.CreateBuilder(args);

builder.Logging.AddSpatialConsole();
builder.Services.AddSpatialProblemDetails();
builder.Services.AddSpatialDatabase(builder.Configuration);

var app = builder.Build();

app.UseRequestLogging();
app.UseSpatialProblemDetails();

app.MapHealth();

app.Run();

/// <summary>Entry point, visible to WebApplicationFactory in the tests.</summary>
public partial class Program;

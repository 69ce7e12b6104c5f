using Spatial.Api.Data;
using Spatial.Api.Data.Replicas;
using Spatial.Api.Features.Account;
using Spatial.Api.Features.Collections;
using Spatial.Api.Features.Counties;
using Spatial.Api.Features.Editing;
using Spatial.Api.Features.Exports;
using Spatial.Api.Features.Footprints;
using Spatial.Api.Features.Health;
using Spatial.Api.Features.Imports;
using Spatial.Api.Features.Keys;
using Spatial.Api.Features.Landing;
using Spatial.Api.Features.Map;
using Spatial.Api.Features.Metrics;
using Spatial.Api.Features.Tiles;
using Spatial.Api.Features.Vocabulary;
using Spatial.Api.Http;
using Spatial.Api.Http.Auth;
using Spatial.Api.Http.Caching;
using Spatial.Api.Http.Limits;
using Spatial.Api.Http.Proxy;

var builder = WebApplication.CreateBuilder(args);

builder.Logging.AddSpatialConsole(builder.Configuration);
builder.Services.AddSpatialJson();
builder.Services.AddSpatialProblemDetails();
builder.Services.AddSpatialDatabase(builder.Configuration);
builder.Services.AddCollections(builder.Configuration);
builder.Services.AddClientConcurrency(builder.Configuration);
builder.Services.AddFootprints(builder.Configuration);
builder.Services.AddSecurityHeaders();
builder.Services.AddRequestSizes();
builder.Services.AddSpatialAuth(builder.Configuration);
builder.Services.AddEditing();
builder.Services.AddExports(builder.Configuration);
builder.Services.AddImports(builder.Configuration);
builder.Services.AddResponseCache(builder.Configuration);
builder.Services.AddTrustedProxies(builder.Configuration);
builder.Services.AddSpatialMetrics(builder.Configuration);
builder.Services.AddSpatialCompression();

var app = builder.Build();

app.UseForwardedHeaders();
app.UseSecurityHeaders();
app.UseRequestLogging();
app.UseSpatialProblemDetails();
app.UseRequestSizes();
app.UseSpatialCompression();
app.UseWebMap();
app.UseHeadAsGet();
app.UseRouting();
app.UseHeadAfterRouting();
app.UseSpatialHttpMetrics();
app.UseRequestDeadlines();
app.UseRateLimiter();
app.UseAuthentication();
app.UseReadAccess();
app.UseReadYourWrites();

app.MapLanding();
app.MapCollections();
app.MapTiles();
app.MapEditing();
app.MapImports();
app.MapKeys();
app.MapMe();
app.MapCounties();
app.MapFootprints();
app.MapVocabulary();
app.MapHealth();
app.MapMetrics();

app.Run();

/// <summary>Entry point, visible to WebApplicationFactory in the tests.</summary>
public partial class Program;

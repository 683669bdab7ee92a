using Omni.Api;
using Omni.Api.Cli;

if (await CommandLine.TryRunAsync(args)) return;

var app = await OmniApp.BuildAsync(args);
await app.RunAsync();

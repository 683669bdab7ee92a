using System.Net;
using Omni.Tests.Infrastructure;

namespace Omni.Tests.Platform;

/// <summary>Walks the OpenAPI document: every route with an id is asked, by a member of another org, for
/// a resource that exists in the first org. The answer must be 404 every time (never 200, never 500), and
/// the resource must be intact afterwards. New routes are swept as soon as they are documented.</summary>
public sealed class OpenApiSweepTests
{
    [Fact]
    public async Task Every_route_with_an_id_answers_404_to_another_org_for_a_resource_of_the_first()
    {
        var api = await TestApi.Shared;
        var document = await ApiDocument.LoadAsync(api);
        var (ownerA, orgA) = await api.NewOrgAsync("A");
        var (ownerB, orgB) = await api.NewOrgAsync("B");
        var resourcesOfA = new RouteResources(api, document, ownerA, orgA);
        using var asB = api.Client(ownerB.Token, orgB);
        using var asA = api.Client(ownerA.Token, orgA);

        var swept = new List<string>();
        var wrong = new List<string>();
        foreach (var operation in document.Operations.Where(o => o.Path.StartsWith("/api/", StringComparison.Ordinal) && o.PathParameters.Count > 0))
        {
            var path = await resourcesOfA.FillAsync(operation.Path);
            using var request = new HttpRequestMessage(new HttpMethod(operation.Method), path) { Content = RouteResources.BodyFor(operation) };
            var response = await asB.SendAsync(request);
            swept.Add($"{operation} -> {(int)response.StatusCode}");
            if (response.StatusCode != HttpStatusCode.NotFound)
                wrong.Add($"{operation.Method} {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            else
                Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }

        Assert.True(swept.Count >= 15, "too few routes swept:\n" + string.Join('\n', swept));
        Assert.True(wrong.Count == 0, string.Join('\n', wrong));

        // Nothing B tried changed A's resources.
        foreach (var operation in document.Operations.Where(o => o.Method == "GET" && o.Path.StartsWith("/api/", StringComparison.Ordinal) && o.PathParameters.Count > 0))
        {
            var path = await resourcesOfA.FillAsync(operation.Path);
            var response = await asA.GetAsync(path);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"A lost {path}: {(int)response.StatusCode}");
        }
    }

    [Fact]
    public async Task Every_route_with_an_id_answers_404_for_an_id_that_does_not_exist()
    {
        var api = await TestApi.Shared;
        var document = await ApiDocument.LoadAsync(api);
        var (owner, org) = await api.NewOrgAsync();
        using var client = api.Client(owner.Token, org);

        var wrong = new List<string>();
        foreach (var operation in document.Operations.Where(o => o.Path.StartsWith("/api/", StringComparison.Ordinal) && o.PathParameters.Count > 0))
        {
            var path = ApiDocument.ParamPattern().Replace(operation.Path, _ => Guid.NewGuid().ToString());
            using var request = new HttpRequestMessage(new HttpMethod(operation.Method), path) { Content = RouteResources.BodyFor(operation) };
            var response = await client.SendAsync(request);
            if (response.StatusCode != HttpStatusCode.NotFound) wrong.Add($"{operation}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
        Assert.True(wrong.Count == 0, string.Join('\n', wrong));
    }

    [Fact]
    public async Task Every_api_operation_is_documented_with_auth_and_its_error_answers()
    {
        var api = await TestApi.Shared;
        var document = await ApiDocument.LoadAsync(api);
        var problems = new List<string>();

        Assert.True(document.Root.GetProperty("components").GetProperty("securitySchemes").TryGetProperty("Bearer", out _));
        foreach (var operation in document.Operations.Where(o => o.Path.StartsWith("/api/", StringComparison.Ordinal)))
        {
            var responses = operation.Spec.GetProperty("responses");
            if (!operation.Spec.TryGetProperty("security", out var security) || security.GetArrayLength() == 0) problems.Add($"{operation}: no security requirement");
            if (!responses.EnumerateObject().Any(r => r.Name.StartsWith('2'))) problems.Add($"{operation}: no success response");
            foreach (var status in new[] { "401", "403", "429" })
                if (!responses.TryGetProperty(status, out _)) problems.Add($"{operation}: {status} undocumented");
            if (operation.HasBody && operation.BodyExample is null) problems.Add($"{operation}: request body has no example");
            if (operation.HasBody && !responses.TryGetProperty("400", out _)) problems.Add($"{operation}: 400 undocumented");
            if (operation.PathParameters.Count > 0 && !responses.TryGetProperty("404", out _)) problems.Add($"{operation}: 404 undocumented");
        }
        Assert.True(problems.Count == 0, string.Join('\n', problems));
    }

    [Fact]
    public async Task Every_query_parameter_is_named_in_snake_case_as_clients_send_it()
    {
        // A handler parameter bound by its C# name (contactId) silently ignores the documented contact_id.
        var api = await TestApi.Shared;
        var document = await ApiDocument.LoadAsync(api);
        var wrong = new List<string>();
        foreach (var operation in document.Operations)
        {
            if (!operation.Spec.TryGetProperty("parameters", out var parameters)) continue;
            foreach (var p in parameters.EnumerateArray().Where(p => p.GetProperty("in").GetString() == "query"))
            {
                var name = p.GetProperty("name").GetString()!;
                if (!System.Text.RegularExpressions.Regex.IsMatch(name, "^[a-z][a-z0-9_.]*$")) wrong.Add($"{operation}: ?{name}");
            }
        }
        Assert.True(wrong.Count == 0, string.Join('\n', wrong));
    }
}

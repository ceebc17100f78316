using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using IngressCore.IntegrationTests.Support;
using IngressCore.Model;

namespace IngressCore.IntegrationTests.Auth;

/// <summary>
/// auth-type: basic with htpasswd files made by Debian's <c>htpasswd</c> (bcrypt, apr1, SHA-1), and
/// satisfy combining basic auth, external auth and the source ranges as nginx does; after
/// kubernetes/ingress-nginx test/e2e/annotations/auth.go and satisfy.go.
/// </summary>
[Collection(AuthBackends.Collection)]
public sealed class BasicAuthTests
{
    private const string Host = "auth";

    private static readonly Lazy<string[]> Lines = new(() =>
    [
        Htpasswd.Line("-B", "bcrypt-user", "bcrypt-pass"),
        Htpasswd.Line("-m", "apr1-user", "apr1-pass"),
        Htpasswd.Line("-s", "sha1-user", "sha1-pass"),
        Htpasswd.Line("-p", "plain-user", "plain-pass"),
        Htpasswd.Line("-d", "des-user", "despass"),
    ]);

    private static Task<Gateway> StartAsync(SecretDefinition? secret, params (string Name, string Value)[] annotations) =>
        Gateway.StartAsync(
            o =>
            {
                o.Ingresses.Add(Ingresses.Single("app", Host, "/", "app", annotations: Ingresses.Nginx(
                    [("auth-type", "basic"), ("auth-secret", "basic-auth"), ("auth-realm", "test auth"), .. annotations])));
                if (secret is not null)
                {
                    o.Secrets.Add(secret);
                }
            },
            app => app.MapIngressBackend("app", b => AuthBackends.Protected(b, "app")));

    private static async Task<HttpResponseMessage> GetAsync(Gateway gateway, string? authorization, params (string Name, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri($"http://{Host}/"));
        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }

        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        return await gateway.Client().SendAsync(request);
    }

    [Theory]
    [InlineData("bcrypt-user", "bcrypt-pass")]
    [InlineData("apr1-user", "apr1-pass")]
    [InlineData("sha1-user", "sha1-pass")]
    public async Task Users_of_every_accepted_hash_log_in_and_the_backend_never_sees_the_password(string user, string password)
    {
        await using var gateway = await StartAsync(Htpasswd.Secret("default", "basic-auth", Lines.Value));

        using var response = await GetAsync(gateway, Htpasswd.Basic(user, password));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Null(AuthBackends.Header(await response.Content.ReadAsStringAsync(), "Authorization"));
    }

    [Theory] // auth.go: no header, wrong password, unknown user, a malformed header
    [InlineData(null)]
    [InlineData("bcrypt-user:wrong")]
    [InlineData("nobody:bcrypt-pass")]
    [InlineData("bcrypt-user")]
    public async Task Missing_or_wrong_credentials_are_401_with_the_realm(string? credentials)
    {
        await using var gateway = await StartAsync(Htpasswd.Secret("default", "basic-auth", Lines.Value));
        var before = AuthBackends.Reached;

        using var response = await GetAsync(gateway, credentials is null ? null : "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(credentials)));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Basic realm=\"test auth\"", Assert.Single(response.Headers.WwwAuthenticate).ToString());
        Assert.Equal(before, AuthBackends.Reached);
    }

    [Theory]
    [InlineData("plain-user", "plain-pass")]
    [InlineData("des-user", "despass")]
    public async Task Plain_text_and_DES_lines_are_refused_with_an_error_and_their_users_cannot_log_in(string user, string password)
    {
        await using var gateway = await StartAsync(Htpasswd.Secret("default", "basic-auth", Lines.Value));

        using var response = await GetAsync(gateway, Htpasswd.Basic(user, password));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var error = Assert.Single(gateway.Runtime.Current.Diagnostics, d => d.Message.Contains($"user '{user}'", StringComparison.Ordinal));
        Assert.Equal("default/basic-auth", error.ObjectName);
        Assert.Equal("data[auth]", error.Field);
    }

    [Fact] // auth.go "should return status code 200 when authentication is configured with a map"
    public async Task An_auth_map_holds_one_hash_per_user()
    {
        var hash = Htpasswd.Line("-B", "foo", "bar")["foo:".Length..];
        await using var gateway = await StartAsync(
            new SecretDefinition { Namespace = "default", Name = "basic-auth", Data = new Dictionary<string, byte[]> { ["foo"] = Encoding.UTF8.GetBytes(hash) } },
            ("auth-secret-type", "auth-map"));

        using var ok = await GetAsync(gateway, Htpasswd.Basic("foo", "bar"));
        using var wrong = await GetAsync(gateway, Htpasswd.Basic("foo", "baz"));

        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
    }

    [Fact] // auth.go "should return status code 503 when authentication is configured with an invalid secret"
    public async Task A_missing_Secret_or_one_without_an_auth_key_denies_the_location_with_503()
    {
        await using var missing = await StartAsync(null);
        using (var response = await GetAsync(missing, Htpasswd.Basic("bcrypt-user", "bcrypt-pass")))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        }

        await using var keyless = await StartAsync(new SecretDefinition { Namespace = "default", Name = "basic-auth", Data = new Dictionary<string, byte[]> { ["users"] = [1] } });
        using (var response = await GetAsync(keyless, Htpasswd.Basic("bcrypt-user", "bcrypt-pass")))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        }

        Assert.Contains(keyless.Runtime.Current.Diagnostics, d => d.Field == "data[auth]" && d.Message.Contains("no key 'auth'", StringComparison.Ordinal));
    }

    [Fact] // auth.go "should return status code 401 when authentication is configured with invalid content"
    public async Task An_htpasswd_file_without_users_refuses_everyone_with_401()
    {
        await using var gateway = await StartAsync(Htpasswd.Secret("default", "basic-auth", "foo:"));

        using var response = await GetAsync(gateway, Htpasswd.Basic("foo", "bar"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task A_changed_Secret_is_used_by_the_next_request()
    {
        await using var gateway = await StartAsync(Htpasswd.Secret("default", "basic-auth", Htpasswd.Line("-B", "alice", "old")));
        using (var before = await GetAsync(gateway, Htpasswd.Basic("alice", "new")))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, before.StatusCode);
        }

        await gateway.UpdateAsync(gateway.Runtime.Current.Objects with { Secrets = [Htpasswd.Secret("default", "basic-auth", Htpasswd.Line("-m", "alice", "new"))] });

        using var after = await GetAsync(gateway, Htpasswd.Basic("alice", "new"));
        using var old = await GetAsync(gateway, Htpasswd.Basic("alice", "old"));
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, old.StatusCode);
    }

    [Fact]
    public async Task Satisfy_all_refuses_a_client_outside_the_allowlist_even_with_good_credentials()
    {
        await using var gateway = await StartAsync(Htpasswd.Secret("default", "basic-auth", Lines.Value), ("allowlist-source-range", "10.0.0.0/8"));

        using var response = await GetAsync(gateway, Htpasswd.Basic("bcrypt-user", "bcrypt-pass"));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task Satisfy_any_lets_an_allowlisted_client_in_without_credentials_and_others_with_them()
    {
        await using var inside = await StartAsync(Htpasswd.Secret("default", "basic-auth", Lines.Value), ("allowlist-source-range", "127.0.0.0/8"), ("satisfy", "any"));
        await using var outside = await StartAsync(Htpasswd.Secret("default", "basic-auth", Lines.Value), ("allowlist-source-range", "10.0.0.0/8"), ("satisfy", "any"));

        using var allowlisted = await GetAsync(inside, null);
        using var withCredentials = await GetAsync(outside, Htpasswd.Basic("sha1-user", "sha1-pass"));
        using var without = await GetAsync(outside, null);

        Assert.Equal(HttpStatusCode.OK, allowlisted.StatusCode);
        Assert.Equal(HttpStatusCode.OK, withCredentials.StatusCode);
        // Both checks refused: nginx answers the 401 (it wins over the 403) with the challenge.
        Assert.Equal(HttpStatusCode.Unauthorized, without.StatusCode);
        Assert.Single(without.Headers.WwwAuthenticate);
    }

    [Fact] // satisfy.go "should allow multiple auth with satisfy any"
    public async Task Satisfy_any_with_basic_and_external_auth()
    {
        await using var auth = await AuthService.StartAsync();
        auth.AnswerWith(401);
        await using var gateway = await StartAsync(
            Htpasswd.Secret("default", "basic-auth", Htpasswd.Line("-B", "uname", "pwd")),
            ("auth-url", auth.Url + "/basic-auth/user/password"), ("auth-signin", "http://$host/auth/start"), ("satisfy", "any"));

        using (var withBasic = await GetAsync(gateway, Htpasswd.Basic("uname", "pwd")))
        {
            Assert.Equal(HttpStatusCode.OK, withBasic.StatusCode);
        }

        Assert.Empty(auth.Requests.Items); // basic auth let it through: the subrequest is skipped

        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri($"http://{Host}/?a=b&c=d"));
        using var without = await gateway.Client().SendAsync(request);
        Assert.Equal(HttpStatusCode.Found, without.StatusCode);
        Assert.Equal($"http://{Host}/auth/start?rd=http://{Host}{Uri.EscapeDataString("/?a=b&c=d")}", without.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task Satisfy_all_with_basic_auth_refused_asks_the_auth_service_nothing()
    {
        await using var auth = await AuthService.StartAsync();
        await using var gateway = await StartAsync(Htpasswd.Secret("default", "basic-auth", Lines.Value), ("auth-url", auth.Url + "/verify"));

        using var refused = await GetAsync(gateway, null);
        using var accepted = await GetAsync(gateway, Htpasswd.Basic("apr1-user", "apr1-pass"));

        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        Assert.Single(auth.Requests.Items);
    }
}

using System.Text.RegularExpressions;
using IngressCore.Routing;
using IngressCore.Backends;
using IngressCore.Passthrough;
using IngressCore.Sources;
using IngressCore.Decisions;
using IngressCore.Runtime;
using IngressCore.IntegrationTests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace IngressCore.IntegrationTests;

/// <summary>A gateway whose backend counts its calls and echoes the body it read.</summary>
public sealed class FramingFixture : IAsyncLifetime
{
    private int _backendCalls;

    internal Gateway Gateway { get; private set; } = null!;

    public int BackendCalls => Volatile.Read(ref _backendCalls);

    public async Task InitializeAsync() =>
        Gateway = await Gateway.StartAsync(
            o => o.Ingresses.Add(Ingresses.Single("framing", RequestFramingTests.Host, "/", "echo")),
            app => app.MapIngressBackend("echo", b => b.Run(async context =>
            {
                Interlocked.Increment(ref _backendCalls);
                using var reader = new StreamReader(context.Request.Body);
                var body = await reader.ReadToEndAsync(context.RequestAborted);
                await context.Response.WriteAsync($"backend=echo\nbody={body}\n");
            })));

    public async Task DisposeAsync() => await Gateway.DisposeAsync();
}

/// <summary>
/// Request framing (RFC 9110 §8.6, RFC 9112 §5, §6): a request whose length a backend could read
/// otherwise than the gateway (request smuggling) is answered 400 (501 for a transfer coding other
/// than chunked) before anything is forwarded, and the connection is closed so no byte after it is
/// read as another request. Raw bytes on a real Kestrel: Kestrel refuses some of these itself,
/// IngressCore's check the rest; either way the backend is never called. Well-formed framing
/// still gets through.
/// </summary>
public sealed partial class RequestFramingTests(FramingFixture fixture) : IClassFixture<FramingFixture>
{
    internal const string Host = "framing.test";

    private const string Body = "hello";

    /// <summary>What follows a refused request on the same connection: never answered.</summary>
    private const string Smuggled = "GET /smuggled HTTP/1.1\r\nHost: " + Host + "\r\nConnection: close\r\n\r\n";

    public static TheoryData<string, string, int> Refused() => new()
    {
        { "a sign in Content-Length", "Content-Length: +5\r\n", 400 },
        { "a sign on zero", "Content-Length: +0\r\n", 400 },
        { "minus zero", "Content-Length: -0\r\n", 400 },
        { "a sign after spaces", "Content-Length:  +5 \r\n", 400 },
        { "a sign in lower-case content-length", "content-length: +5\r\n", 400 },
        { "a negative Content-Length", "Content-Length: -5\r\n", 400 },
        { "a hexadecimal Content-Length", "Content-Length: 0x5\r\n", 400 },
        { "a space inside Content-Length", "Content-Length: 5 5\r\n", 400 },
        { "an empty Content-Length", "Content-Length: \r\n", 400 },
        { "a list of equal lengths", "Content-Length: 5, 5\r\n", 400 },
        { "a list of different lengths", "Content-Length: 5, 6\r\n", 400 },
        { "Content-Length twice", "Content-Length: 5\r\nContent-Length: 5\r\n", 400 },
        { "Transfer-Encoding with Content-Length", "Content-Length: 5\r\nTransfer-Encoding: chunked\r\n", 400 },
        { "Content-Length after Transfer-Encoding", "Transfer-Encoding: chunked\r\nContent-Length: 5\r\n", 400 },
        { "a coding other than chunked", "Transfer-Encoding: gzip\r\n", 400 },
        { "chunked not last", "Transfer-Encoding: chunked, gzip\r\n", 400 },
        { "another coding before chunked", "Transfer-Encoding: gzip, chunked\r\n", 501 },
        { "chunked twice", "Transfer-Encoding: chunked, chunked\r\n", 400 },
        { "Transfer-Encoding twice", "Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n", 400 },
        { "identity", "Transfer-Encoding: identity\r\n", 400 },
        { "an empty Transfer-Encoding", "Transfer-Encoding: \r\n", 400 },
        { "obs-fold in a header", "Content-Length: 5\r\nX-Note: a\r\n b\r\n", 400 },
        { "obs-fold in Content-Length", "Content-Length:\r\n 5\r\n", 400 },
        { "a bare CR in a header value", "Content-Length: 5\r\nX-Note: a\rb\r\n", 400 },
        { "a bare CR in Content-Length", "Content-Length: 5\r\r\n", 400 },
        { "a space before the colon", "Content-Length : 5\r\n", 400 },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public async Task Ambiguous_framing_is_refused_and_nothing_is_forwarded(string what, string framing, int status)
    {
        var before = fixture.BackendCalls;

        var answer = await RawHttp.ExchangeAsync(
            fixture.Gateway.HttpPort, $"POST /upload HTTP/1.1\r\nHost: {Host}\r\n{framing}\r\n{Body}{Smuggled}");

        var responses = StatusLines().Matches(answer);
        Assert.True(responses.Count == 1, $"{what}: expected one answer, got:\n{answer}");
        Assert.True(CurlResponse.Parse(answer).Status == status, $"{what}: expected {status}, got:\n{answer}");
        Assert.Equal(before, fixture.BackendCalls);
    }

    [Fact]
    public async Task Transfer_Encoding_in_an_HTTP_1_0_request_is_refused()
    {
        var before = fixture.BackendCalls;

        var answer = await RawHttp.SendAsync(
            fixture.Gateway.HttpPort, $"POST /upload HTTP/1.0\r\nHost: {Host}\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n");

        Assert.Equal(400, answer.Status);
        Assert.Equal(before, fixture.BackendCalls);
    }

    [Fact]
    public async Task The_refusal_is_a_plain_400_that_says_why_and_closes_the_connection()
    {
        var answer = await RawHttp.SendAsync(
            fixture.Gateway.HttpPort, $"POST /upload HTTP/1.1\r\nHost: {Host}\r\nTransfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\n5\r\nhello\r\n0\r\n\r\n");

        Assert.Equal(400, answer.Status);
        Assert.Equal("close", answer.Header("Connection"));
        Assert.StartsWith("text/plain", answer.Header("Content-Type"), StringComparison.Ordinal);
        Assert.Equal("400 Bad Request: Transfer-Encoding and Content-Length together\n", answer.Body);
    }

    public static TheoryData<string, string, string> Accepted() => new()
    {
        { "Content-Length", "Content-Length: 5\r\n", Body },
        { "Content-Length with spaces around it", "Content-Length:   5  \r\n", Body },
        { "Content-Length with a leading zero", "Content-Length: 05\r\n", Body },
        { "chunked", "Transfer-Encoding: chunked\r\n", "5\r\nhello\r\n0\r\n\r\n" },
        { "Chunked in capitals", "Transfer-Encoding: Chunked\r\n", "2\r\nhe\r\n3\r\nllo\r\n0\r\n\r\n" },
    };

    [Theory]
    [MemberData(nameof(Accepted))]
    public async Task Well_formed_framing_reaches_the_backend_with_its_body(string what, string framing, string body)
    {
        var answer = await RawHttp.SendAsync(
            fixture.Gateway.HttpPort, $"POST /upload HTTP/1.1\r\nHost: {Host}\r\n{framing}Connection: close\r\n\r\n{body}");

        Assert.True(answer.Status == 200, $"{what}: {answer.Status} {answer.Body}");
        Assert.Equal(Body, TestBackends.Field(answer.Body, "body"));
    }

    [Fact]
    public async Task A_signed_Content_Length_is_answered_with_its_reason()
    {
        var answer = await RawHttp.SendAsync(
            fixture.Gateway.HttpPort, $"POST /upload HTTP/1.1\r\nHost: {Host}\r\nContent-Length: +5\r\n\r\n{Body}");

        Assert.Equal(400, answer.Status);
        Assert.Equal("close", answer.Header("Connection"));
        Assert.Equal("400 Bad Request: Content-Length must be digits only\n", answer.Body);
    }

    [Fact]
    public async Task A_signed_Content_Length_after_other_requests_on_the_connection_is_refused()
    {
        // A GET, a body with a Content-Length (skipped, not searched), a chunked body, then the
        // signed length: each request's own head is the one checked.
        var before = fixture.BackendCalls;
        var body = "POST /x HTTP/1.1\r\nContent-Length: +5\r\n\r\n"; // looks like a head, is a body
        var answer = await RawHttp.ExchangeAsync(
            fixture.Gateway.HttpPort,
            $"GET /a HTTP/1.1\r\nHost: {Host}\r\n\r\n" +
            $"POST /b HTTP/1.1\r\nHost: {Host}\r\nContent-Length: {body.Length}\r\n\r\n{body}" +
            $"POST /c HTTP/1.1\r\nHost: {Host}\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n" +
            $"POST /d HTTP/1.1\r\nHost: {Host}\r\nContent-Length: +5\r\n\r\n{Body}{Smuggled}");

        var statuses = StatusLines().Matches(answer).Select(m => m.Value).ToList();
        Assert.Equal(["HTTP/1.1 200", "HTTP/1.1 200", "HTTP/1.1 200", "HTTP/1.1 400"], statuses);
        Assert.Equal(before + 3, fixture.BackendCalls);
    }

    [Fact]
    public async Task HTTP_2_with_prior_knowledge_is_served_on_an_endpoint_that_keeps_heads()
    {
        await using var gateway = await Gateway.StartAsync(
            o => o.Ingresses.Add(Ingresses.Single("h2", Host, "/", "echo")),
            app => app.MapIngressBackend("echo", b => b.Run(context => context.Response.WriteAsync($"protocol={context.Request.Protocol}\n"))),
            httpProtocols: HttpProtocols.Http2);

        var response = await Curl.GetAsync(gateway.HttpPort, Host, "/", "--http2-prior-knowledge");

        Assert.Equal(200, response.Status);
        Assert.Equal("HTTP/2", TestBackends.Field(response.Body, "protocol"));
    }

    [Fact]
    public async Task A_body_that_looks_like_the_HTTP_2_preface_does_not_stop_the_checks()
    {
        // On an HTTP/1.1 connection the preface is only a body: the requests after it are still checked.
        var preface = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n";
        var before = fixture.BackendCalls;
        var answer = await RawHttp.ExchangeAsync(
            fixture.Gateway.HttpPort,
            $"POST /a HTTP/1.1\r\nHost: {Host}\r\nContent-Length: {preface.Length}\r\n\r\n{preface}" +
            $"POST /b HTTP/1.1\r\nHost: {Host}\r\nContent-Length: +5\r\n\r\n{Body}{Smuggled}");

        Assert.Equal(["HTTP/1.1 200", "HTTP/1.1 400"], StatusLines().Matches(answer).Select(m => m.Value));
        Assert.Equal(before + 1, fixture.BackendCalls);
    }

    [Theory]
    [InlineData("/caf\u00c3\u00a9")]   // UTF-8 bytes of "café", sent raw
    [InlineData("/caf\u00e9")]          // one Latin-1 byte
    [InlineData("/a%20b?q=\u00ff")]
    public async Task A_request_target_with_raw_bytes_over_0x7F_does_not_dodge_the_check(string target)
    {
        var before = fixture.BackendCalls;

        var answer = await RawHttp.ExchangeAsync(
            fixture.Gateway.HttpPort,
            System.Text.Encoding.Latin1.GetBytes($"POST {target} HTTP/1.1\r\nHost: {Host}\r\nContent-Length: +5\r\n\r\n{Body}{Smuggled}"));

        // Kestrel refuses such a target itself; either way nothing is forwarded.
        Assert.Single(StatusLines().Matches(answer));
        Assert.StartsWith("HTTP/1.1 400", answer, StringComparison.Ordinal);
        Assert.Equal(before, fixture.BackendCalls);
    }

    [Fact]
    public async Task A_signed_Content_Length_after_30_KiB_of_headers_is_found()
    {
        var padding = string.Concat(Enumerable.Range(0, 30).Select(i => $"X-Pad-{i}: {new string('p', 1000)}\r\n"));

        var answer = await RawHttp.SendAsync(
            fixture.Gateway.HttpPort, $"POST /upload HTTP/1.1\r\nHost: {Host}\r\n{padding}Content-Length: +5\r\n\r\n{Body}");

        Assert.Equal(400, answer.Status);
        Assert.Equal("400 Bad Request: Content-Length must be digits only\n", answer.Body);
    }

    [Theory]
    [InlineData("POST http://framing.test/upload HTTP/1.1")]
    [InlineData("OPTIONS * HTTP/1.1")]
    [InlineData("post /lower-case-method HTTP/1.1")]
    [InlineData("PUT /upload?q=a%20b&r=%2B HTTP/1.0")]
    public async Task A_signed_Content_Length_is_found_whatever_the_request_line(string requestLine)
    {
        var answer = await RawHttp.SendAsync(
            fixture.Gateway.HttpPort, $"{requestLine}\r\nHost: {Host}\r\nContent-Length: +5\r\n\r\n{Body}");

        Assert.Equal(400, answer.Status);
        Assert.Equal("400 Bad Request: Content-Length must be digits only\n", answer.Body);
    }

    [Fact]
    public async Task A_header_value_that_spells_a_signed_length_is_not_mistaken_for_one()
    {
        var answer = await RawHttp.SendAsync(
            fixture.Gateway.HttpPort,
            $"POST /upload HTTP/1.1\r\nHost: {Host}\r\nX-Note: Content-Length: +5\r\nContent-Length: 5\r\nConnection: close\r\n\r\n{Body}");

        Assert.Equal(200, answer.Status);
        Assert.Equal(Body, TestBackends.Field(answer.Body, "body"));
    }

    [Fact]
    public async Task Requests_without_a_body_and_kept_alive_requests_are_untouched()
    {
        var answer = await RawHttp.ExchangeAsync(
            fixture.Gateway.HttpPort,
            $"GET /a HTTP/1.1\r\nHost: {Host}\r\n\r\nPOST /b HTTP/1.1\r\nHost: {Host}\r\nContent-Length: 5\r\n\r\n{Body}{Smuggled}");

        Assert.Equal(3, StatusLines().Matches(answer).Count);
        Assert.DoesNotContain("HTTP/1.1 400", answer, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"HTTP/1\.[01] \d{3}")]
    private static partial Regex StatusLines();
}

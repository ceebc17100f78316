using System.Net;
using System.Net.Http.Headers;
using System.Security.Authentication;
using System.Text;
using System.Text.Json;
using k8s;
using k8s.Exceptions;

namespace IngressCore.Kubernetes.Cluster;

/// <summary>
/// One connection to an API server, made by KubernetesClient from a kubeconfig or the pod's service
/// account: its configuration, authentication (tokens, client certificates, exec plugins) and TLS.
/// Lists and watches are sent through the client's HTTP pipeline but read here, object by object,
/// rather than deserialized whole: one object the model cannot hold must be refused with a
/// diagnostic naming it, not fail its whole list or end its watch.
/// </summary>
internal sealed class ApiClient : IDisposable
{
    /// <summary>How much of an error answer is read: enough for any Status object.</summary>
    private const int MaxErrorBody = 64 * 1024;

    private readonly k8s.Kubernetes _client;
    private readonly KubernetesClientConfiguration _config;

    private ApiClient(k8s.Kubernetes client, KubernetesClientConfiguration config, string origin)
    {
        _client = client;
        _config = config;
        Origin = origin;
    }

    /// <summary>The API server, as its URL without a trailing slash (what messages and diagnostics name).</summary>
    public string Origin { get; }

    /// <summary>The typed client, for the writes (Ingress status).</summary>
    public IKubernetes Typed => _client;

    /// <summary>Makes the client the options describe.</summary>
    /// <exception cref="KubernetesClusterException">The kubeconfig cannot be read or used.</exception>
    public static ApiClient Create(KubernetesClusterOptions options)
    {
        KubernetesClientConfiguration config;
        var from = "the kubeconfig";
        try
        {
            if (options.KubeconfigPath is { } path)
            {
                from = $"the kubeconfig {path}";
                config = KubernetesClientConfiguration.BuildConfigFromConfigFile(path, options.Context);
            }
            else if (options.Context is null && KubernetesClientConfiguration.IsInCluster())
            {
                from = "the pod's service account";
                config = KubernetesClientConfiguration.InClusterConfig();
            }
            else
            {
                var file = DefaultKubeconfig();
                from = $"the kubeconfig {file}";
                if (!File.Exists(file))
                {
                    throw new KubernetesClusterException(
                        $"no kubeconfig: {file} does not exist and this is not a pod in a cluster; give one (--kubeconfig FILE, KubernetesClusterOptions.KubeconfigPath)");
                }

                config = KubernetesClientConfiguration.BuildConfigFromConfigFile(file, options.Context);
            }
        }
        catch (Exception e) when (e is KubeConfigException or IOException or UnauthorizedAccessException or FormatException or ArgumentException or InvalidOperationException or YamlDotNet.Core.YamlException)
        {
            throw new KubernetesClusterException($"cannot use {from}{(options.Context is null ? "" : $" (context {options.Context})")}: {Describe(e)}", e);
        }

        try
        {
            var client = new k8s.Kubernetes(config);
            return new ApiClient(client, config, client.BaseUri.AbsoluteUri.TrimEnd('/'));
        }
        catch (Exception e) when (e is KubeConfigException or UriFormatException or System.Security.Cryptography.CryptographicException or IOException or FormatException)
        {
            throw new KubernetesClusterException($"cannot use {from}: {Describe(e)}", e);
        }
    }

    /// <summary>
    /// Sends a GET for <paramref name="pathAndQuery"/> (relative to the server, no leading slash)
    /// and returns the answer once its headers are in; the caller reads and disposes it.
    /// </summary>
    /// <exception cref="ApiStatusException">The server answered with an error status.</exception>
    /// <exception cref="HttpRequestException">The server could not be reached.</exception>
    public async Task<HttpResponseMessage> GetAsync(string pathAndQuery, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(_client.BaseUri, pathAndQuery));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (!_config.DisableHttp2)
        {
            // As KubernetesClient's own requests: HTTP/2 where the server offers it (the watches share one connection).
            request.Version = HttpVersion.Version20;
            request.VersionPolicy = HttpVersionPolicy.RequestVersionOrLower;
        }

        if (!string.IsNullOrWhiteSpace(_config.TlsServerName))
        {
            request.Headers.Host = _config.TlsServerName;
        }

        if (_client.Credentials is { } credentials)
        {
            await credentials.ProcessHttpRequestAsync(request, cancellationToken).ConfigureAwait(false);
        }

        var response = await _client.HttpClient.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        if (response.IsSuccessStatusCode)
        {
            return response;
        }

        using (response)
        {
            throw await ErrorAsync(response, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The error an answer stands for: the Status object's reason and message when the body holds one.</summary>
    public static async Task<ApiStatusException> ErrorAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var code = (int)response.StatusCode;
        string body;
        try
        {
            var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                var buffer = new byte[MaxErrorBody];
                var read = 0;
                int n;
                while (read < buffer.Length && (n = await stream.ReadAsync(buffer.AsMemory(read), cancellationToken).ConfigureAwait(false)) > 0)
                {
                    read += n;
                }

                body = Encoding.UTF8.GetString(buffer, 0, read);
            }
        }
        catch (Exception e) when (e is IOException or HttpRequestException)
        {
            body = string.Empty;
        }

        return FromStatus(code, response.ReasonPhrase, body);
    }

    /// <summary>The error a Status object (an error answer's body, or a watch's ERROR event) stands for.</summary>
    public static ApiStatusException FromStatus(int httpCode, string? reasonPhrase, string body)
    {
        string? reason = null;
        string? message = null;
        var code = httpCode;
        try
        {
            using var status = JsonDocument.Parse(body);
            if (status.RootElement.ValueKind == JsonValueKind.Object)
            {
                reason = Text(status.RootElement, "reason");
                message = Text(status.RootElement, "message");
                if (status.RootElement.TryGetProperty("code", out var c) && c.TryGetInt32(out var statusCode) && statusCode is >= 100 and <= 599)
                {
                    code = statusCode;
                }
            }
        }
        catch (JsonException)
        {
            message = body.Length == 0 ? null : body;
        }

        var phrase = reason ?? reasonPhrase ?? ((HttpStatusCode)code).ToString();
        var text = $"{code} {Printable.Of(phrase)}" + (message is { Length: > 0 } ? ": " + Printable.Of(message, 300) : string.Empty);
        return new ApiStatusException(code, reason, text);
    }

    /// <summary>A failure in one line: the exception's message, and its inner exception's where that says more (TLS, sockets).</summary>
    public static string Describe(Exception e)
    {
        var text = e.Message;
        for (var inner = e.InnerException; inner is not null && text.Length < 400; inner = inner.InnerException)
        {
            if (inner is AuthenticationException or System.Net.Sockets.SocketException or IOException or KubeConfigException or UnauthorizedAccessException or FileNotFoundException)
            {
                text += ": " + inner.Message;
            }
        }

        return Printable.Of(text, 400);
    }

    public void Dispose() => _client.Dispose();

    private static string DefaultKubeconfig()
    {
        // As kubectl: the first file KUBECONFIG lists, else ~/.kube/config.
        var variable = Environment.GetEnvironmentVariable("KUBECONFIG");
        var first = variable?.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
        return first ?? KubernetesClientConfiguration.KubeConfigDefaultLocation;
    }

    private static string? Text(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}

using System.Globalization;
using IngressCore.Cli.Commands;

namespace IngressCore.Cli;

/// <summary>Parses <c>ingresscore &lt;command&gt; PATH... [options]</c>. Hand-written because the grammar is tiny.</summary>
internal static class CliParser
{
    public const string Usage = """
        usage: ingresscore <validate|match|serve> PATH... [options]
               ingresscore serve --kubernetes [PATH...] [options]

          validate   print every diagnostic as path:line: namespace/name: field: severity: message
                     exit 0 when there is no error, 1 otherwise
          match      route requests read as JSON lines on stdin (or --request URL) and write one
                     JSON line per request
          serve      run the gateway: route HTTP and HTTPS (SNI certificates from the
                     kubernetes.io/tls Secrets) by the Ingresses, reloading when the files
                     change (or the cluster, with --kubernetes); stops cleanly on Ctrl-C or SIGTERM

        options:
          --ingress-class NAME   the IngressClass served (default: ingresscore)
          --ignore-classless     skip Ingresses that name no class
          --request URL          match: route this one request instead of reading stdin
          --method METHOD        match --request: the method (default GET)
          --header K:V           match --request: a request header (repeatable)
          --cookie K=V           match --request: a cookie (repeatable)
          --explain              match: add every rule considered and why it lost, and
                                 which annotation decided
          --canary-seed N        match: seed the canary-weight draw, so weighted canary
                                 decisions repeat from run to run
          --auth-status N        match: what the auth-url service answers (200, 401, 403, 500,
                                 ...; 0 for no answer): the output's "auth" says what the
                                 gateway then does; basic auth checks the Authorization header
          --controller-config F  ingress-nginx's controller ConfigMap as a manifest file (kubectl get
                                 configmap -n ingress-nginx ingress-nginx-controller -o yaml): its
                                 settings (ssl-redirect, hsts*, proxy-body-size, proxy-*-timeout,
                                 custom-http-errors, use-forwarded-headers, ...) are the defaults
          --output text|json     match, validate: text for people or JSON lines for programs
                                 (match: text on a terminal, else json; validate: text)
          --http ADDR            serve: the HTTP listener, IP:PORT, [IPv6]:PORT, localhost:PORT,
                                 *:PORT or off (default 127.0.0.1:8080; port 0 picks a free one)
          --https ADDR           serve: the HTTPS listener, same forms (default 127.0.0.1:8443)
          --echo                 serve: answer routed requests with the routing decision as JSON
                                 instead of sending them to their Service
          --default-backend-service NS/NAME
                                 serve: the Service that answers requests no rule takes, instead
                                 of a plain 404 (ingress-nginx's --default-backend-service)
          --demo-backends        serve: start a small backend on every 127.0.0.1 / ::1 endpoint the
                                 EndpointSlices name, answering with what it received (the
                                 quickstart: docs/examples/services.yaml)
          --kubernetes           serve: list and watch a Kubernetes API server's Ingresses,
                                 Services, EndpointSlices, TLS Secrets, IngressClasses and
                                 ConfigMaps (beside the PATHs, which become optional); serving
                                 starts once they are listed (docs/kubernetes.md)
          --kubeconfig FILE      --kubernetes: the kubeconfig (default: the pod's service account
                                 in a cluster, else $KUBECONFIG or ~/.kube/config)
          --context NAME         --kubernetes: the kubeconfig context (default: its current one)
          --namespace NS         --kubernetes: read one namespace only (default: all)
          --publish-address A    --kubernetes: write A (an IP or host name; several separated by
                                 commas) to status.loadBalancer of the Ingresses served
          --access-log on|off    serve: one line per request on stderr: client, method, host and
                                 path, status, bytes, time, Ingress, Service, endpoint, upstream
                                 status and time, attempts, request id (default on)
          --metrics ADDR         serve: an admin listener on ADDR (e.g. 127.0.0.1:10254, same forms
                                 as --http) with Prometheus text at /metrics, /healthz (the process
                                 is up) and /readyz (200 once the first snapshot is served and
                                 every source delivered its objects, 503 before); it serves no
                                 Ingress route, and the gateway listeners serve no /metrics
          -h, --help             show this help
        """;

    /// <summary>Parses the arguments, or returns the problem.</summary>
    public static (CliOptions? Options, string? Error) Parse(IReadOnlyList<string> args)
    {
        if (args.Count == 0)
        {
            return (null, "a command is required");
        }

        var command = args[0];
        if (command is not ("validate" or "match" or "serve"))
        {
            return (null, $"unknown command '{command}'");
        }

        var options = new CliOptions { Command = command };
        var paths = new List<string>();
        var headers = new List<KeyValuePair<string, string>>();
        var cookies = new List<KeyValuePair<string, string>>();
        for (var i = 1; i < args.Count; i++)
        {
            var arg = args[i];
            string Value()
            {
                if (i + 1 >= args.Count)
                {
                    throw new FormatException($"{arg} needs a value");
                }

                return args[++i];
            }

            try
            {
                switch (arg)
                {
                    case "--ingress-class":
                        options = options with { IngressClass = Value() };
                        break;
                    case "--ignore-classless":
                        options = options with { IgnoreClassless = true };
                        break;
                    case "--explain":
                        options = options with { Explain = true };
                        break;
                    case "--output":
                        options = options with
                        {
                            Output = Value() switch
                            {
                                "text" => OutputFormat.Text,
                                "json" => OutputFormat.Json,
                                var other => throw new FormatException($"--output takes text or json, got '{other}'"),
                            },
                        };
                        break;
                    case "--canary-seed":
                        options = options with { CanarySeed = int.TryParse(Value(), NumberStyles.None, CultureInfo.InvariantCulture, out var seed) ? seed : throw new FormatException("--canary-seed takes a whole number") };
                        break;
                    case "--request":
                        options = options with { Request = Value() };
                        break;
                    case "--method":
                        options = options with { Method = Value() };
                        break;
                    case "--header":
                        headers.Add(Split(Value(), ':', arg));
                        break;
                    case "--cookie":
                        cookies.Add(Split(Value(), '=', arg));
                        break;
                    case "--http":
                        options = options with { Http = Value() };
                        break;
                    case "--https":
                        options = options with { Https = Value() };
                        break;
                    case "--echo":
                        options = options with { Echo = true };
                        break;
                    case "--demo-backends":
                        options = options with { DemoBackends = true };
                        break;
                    case "--default-backend-service":
                        options = options with { DefaultBackendService = Value() };
                        break;
                    case "--kubernetes":
                        options = options with { Kubernetes = true };
                        break;
                    case "--kubeconfig":
                        options = options with { Kubeconfig = Value() };
                        break;
                    case "--context":
                        options = options with { Context = Value() };
                        break;
                    case "--namespace":
                        options = options with { Namespace = Value() };
                        break;
                    case "--publish-address":
                        options = options with { PublishAddress = Value() };
                        break;
                    case "--access-log":
                        options = options with
                        {
                            AccessLog = Value() switch
                            {
                                "on" => true,
                                "off" => false,
                                var other => throw new FormatException($"--access-log takes on or off, got '{other}'"),
                            },
                        };
                        break;
                    case "--metrics":
                        options = options with { Metrics = Value() };
                        break;
                    case "--controller-config":
                        options = options with { ControllerConfig = Value() };
                        break;
                    case "--auth-status":
                        options = options with
                        {
                            AuthStatus = int.TryParse(Value(), NumberStyles.None, CultureInfo.InvariantCulture, out var status) && (status == 0 || status is >= 100 and <= 599)
                                ? status
                                : throw new FormatException("--auth-status takes an HTTP status (100-599), or 0 for no answer"),
                        };
                        break;
                    case "--":
                        paths.AddRange(args.Skip(i + 1));
                        i = args.Count;
                        break;
                    default:
                        if (arg.StartsWith('-') && arg.Length > 1)
                        {
                            return (null, $"unknown option '{arg}'");
                        }

                        paths.Add(arg);
                        break;
                }
            }
            catch (FormatException e)
            {
                return (null, e.Message);
            }
        }

        if (options.Kubernetes && command != "serve")
        {
            return (null, "--kubernetes is only for serve");
        }

        if (!options.Kubernetes && (options.Kubeconfig ?? options.Context ?? options.Namespace ?? options.PublishAddress) is not null)
        {
            return (null, "--kubeconfig, --context, --namespace and --publish-address need --kubernetes");
        }

        if (paths.Count == 0 && !options.Kubernetes)
        {
            return (null, command == "serve"
                ? "serve needs at least one PATH (a manifest file or folder), or --kubernetes"
                : $"{command} needs at least one PATH (a manifest file or folder)");
        }

        if (options.Request is not null && command != "match")
        {
            return (null, "--request is only for match");
        }

        if (options.Output is not null && command == "serve")
        {
            return (null, "--output is only for match and validate");
        }

        if (options.CanarySeed is not null && command != "match")
        {
            return (null, "--canary-seed is only for match");
        }

        if (options.AuthStatus is not null && command != "match")
        {
            return (null, "--auth-status is only for match");
        }

        if ((options.Echo || options.DemoBackends || options.DefaultBackendService is not null) && command != "serve")
        {
            return (null, $"{(options.Echo ? "--echo" : options.DemoBackends ? "--demo-backends" : "--default-backend-service")} is only for serve");
        }

        if ((options.Metrics is not null || !options.AccessLog) && command != "serve")
        {
            return (null, $"{(options.Metrics is not null ? "--metrics" : "--access-log")} is only for serve");
        }

        return (options with { Paths = paths, Headers = headers, Cookies = cookies }, null);
    }

    private static KeyValuePair<string, string> Split(string value, char separator, string option)
    {
        var at = value.IndexOf(separator, StringComparison.Ordinal);
        if (at <= 0)
        {
            throw new FormatException($"{option} takes NAME{separator}VALUE, got '{value}'");
        }

        return new(value[..at].Trim(), value[(at + 1)..].Trim());
    }
}

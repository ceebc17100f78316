namespace IngressCore.Kubernetes.Cluster;

/// <summary>Which API server <c>LoadFromKubernetes</c> watches, what it reads there, and how it follows it.</summary>
public sealed class KubernetesClusterOptions
{
    /// <summary>
    /// The kubeconfig file. When <see langword="null"/>: the pod's service account (in-cluster
    /// configuration) when running in a cluster and no <see cref="Context"/> is named, else the
    /// file <c>KUBECONFIG</c> names, else <c>~/.kube/config</c>.
    /// </summary>
    public string? KubeconfigPath { get; set; }

    /// <summary>The kubeconfig context to use; its current context when <see langword="null"/>.</summary>
    public string? Context { get; set; }

    /// <summary>
    /// The one namespace whose objects are read; every namespace when <see langword="null"/>.
    /// IngressClasses have no namespace and are always read cluster-wide.
    /// </summary>
    public string? Namespace { get; set; }

    /// <summary>
    /// A label selector (such as <c>app.kubernetes.io/part-of=web</c>) that the Secrets read must
    /// match, on top of <c>type=kubernetes.io/tls</c>; every TLS Secret when <see langword="null"/>.
    /// </summary>
    public string? SecretLabelSelector { get; set; }

    /// <summary>Whether ConfigMaps are read (for <c>custom-headers</c>). Default <see langword="true"/>.</summary>
    public bool WatchConfigMaps { get; set; } = true;

    /// <summary>
    /// The address written to <c>status.loadBalancer.ingress</c> of the Ingresses served, as
    /// ingress-nginx's <c>--publish-status-address</c> does: an IP address or a host name, or
    /// several separated by commas. Nothing is written when <see langword="null"/>.
    /// </summary>
    public string? PublishAddress { get; set; }

    /// <summary>
    /// How long the cluster must be quiet after a change before a new snapshot is published, so
    /// that a burst (a rollout updating many EndpointSlices) is built once. Default 20 ms; zero
    /// publishes at every change.
    /// </summary>
    public TimeSpan Debounce { get; set; } = TimeSpan.FromMilliseconds(20);

    /// <summary>The longest a change waits for the cluster to be quiet: a steady stream of changes is still published this often. Default 200 ms.</summary>
    public TimeSpan MaxDebounce { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// How long the start waits for the first list of every kind. The start fails when the API
    /// server cannot be reached in that time. Default 30 s.
    /// </summary>
    public TimeSpan StartTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long one list page, or one status write, may take. Default 60 s.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// How long the API server keeps one watch open (<c>timeoutSeconds</c>); the watch is then
    /// resumed from the last resourceVersion. A watch silent for this long plus a minute is taken
    /// as lost. Default 5 minutes.
    /// </summary>
    public TimeSpan WatchTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The wait before the first retry after a failed list or watch; it doubles on each failure in a row. Default 500 ms.</summary>
    public TimeSpan InitialBackoff { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>The longest wait between retries. Default 30 s.</summary>
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How many objects one list request asks for (<c>limit</c>); the rest come in further pages. Default 500.</summary>
    public int PageSize { get; set; } = 500;
}

namespace IngressCore.Kubernetes.Cluster;

/// <summary>
/// The Kubernetes source could not start: its kubeconfig could not be used, or the API server
/// could not be reached (or refused the credentials) within the start timeout. The message names
/// the server and the reason.
/// </summary>
public sealed class KubernetesClusterException : Exception
{
    /// <summary>Creates the exception.</summary>
    public KubernetesClusterException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What failed, naming the server and the reason.</param>
    public KubernetesClusterException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    /// <param name="message">What failed, naming the server and the reason.</param>
    /// <param name="innerException">The cause.</param>
    public KubernetesClusterException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

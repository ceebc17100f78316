namespace IngressCore.Annotations;

/// <summary><c>load-balance</c>: how a request picks one of the Service port's endpoints.</summary>
internal enum LoadBalanceAlgorithm
{
    /// <summary><c>round_robin</c> (ingress-nginx's default): each endpoint in turn.</summary>
    RoundRobin,

    /// <summary><c>ewma</c>: the lower-cost of two endpoints drawn at random, cost being the decayed peak latency times the requests in flight.</summary>
    Ewma,
}

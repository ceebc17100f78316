namespace IngressCore.Faults.Tests.Support;

/// <summary>What one wrk run counted, and its summary as printed.</summary>
internal sealed record WrkResult(long Requests, long Non2xx, long SocketErrors, string Summary)
{
    public long Failed => Non2xx + SocketErrors;
}

using System.Net;

namespace IngressCore.Faults.Tests.Support;

/// <summary>What the gateway answered.</summary>
internal sealed record Answer(HttpStatusCode Status, string Body, TimeSpan Elapsed);

using System.Runtime.CompilerServices;

// The TLS tests check what the public API cannot show: that a handshake gets the same cached
// server options instance and the chain context built with the snapshot.
[assembly: InternalsVisibleTo("IngressCore.Tls.Tests")]

// `ingresscore validate` reports the ssl-passthrough snapshot `serve` would build (hosts whose
// Service or endpoints are missing), which has no public surface of its own.
[assembly: InternalsVisibleTo("IngressCore.Cli")]

using System.Runtime.CompilerServices;

// The TLS tests check what the public API cannot show: that a handshake gets the same cached
// server options instance and the chain context built with the snapshot.
[assembly: InternalsVisibleTo("IngressCore.Tls.Tests")]

using Grpc.Core;
using IngressCore.Proxy.Tests.Grpc;

namespace IngressCore.Proxy.Tests.Support;

/// <summary>The gRPC backend: echoes each message and ends every call with a trailer of its own.</summary>
internal sealed class EchoService : Echo.EchoBase
{
    public override Task<Message> Say(Message request, ServerCallContext context)
    {
        context.ResponseTrailers.Add("x-served-by", "grpc-backend");
        return Task.FromResult(new Message { Text = "echo: " + request.Text });
    }

    public override async Task Chat(IAsyncStreamReader<Message> requestStream, IServerStreamWriter<Message> responseStream, ServerCallContext context)
    {
        var count = 0;
        await foreach (var message in requestStream.ReadAllAsync(context.CancellationToken))
        {
            count++;
            await responseStream.WriteAsync(new Message { Text = "echo: " + message.Text }, context.CancellationToken);
        }

        context.ResponseTrailers.Add("x-message-count", count.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }
}

using IngressCore.Proxy.Tests.Support;

namespace IngressCore.Faults.Tests.Support;

/// <summary>Real backends on 127.0.0.1 that misbehave the ways pods do.</summary>
internal static class FaultyBackends
{
    /// <summary>A healthy Kestrel backend: the echo answer, which names it (<c>backend=NAME</c>).</summary>
    public static Task<TestBackend> HealthyAsync(string name) => TestBackend.StartAsync(name);

    /// <summary>A Kestrel backend that answers each request (the echo answer) after <paramref name="delay"/>.</summary>
    public static Task<TestBackend> SlowAsync(string name, TimeSpan delay) =>
        TestBackend.StartAsync(name, async context =>
        {
            try
            {
                await Task.Delay(delay, context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                return; // the gateway gave up first
            }

            await TestBackend.EchoAsync(context, name);
        });

    /// <summary>
    /// A Kestrel backend that answers at once, then sends its body in <paramref name="chunks"/>
    /// parts of 1 KiB, <paramref name="gap"/> apart: slow as a whole, never idle for long.
    /// </summary>
    public static Task<TestBackend> TricklingAsync(string name, int chunks, TimeSpan gap) =>
        TestBackend.StartAsync(name, async context =>
        {
            context.Response.ContentType = "text/plain";
            context.Response.ContentLength = chunks * 1024;
            var chunk = new byte[1024];
            Array.Fill(chunk, (byte)'x');
            for (var i = 0; i < chunks; i++)
            {
                if (i > 0)
                {
                    await Task.Delay(gap, context.RequestAborted);
                }

                await context.Response.Body.WriteAsync(chunk, context.RequestAborted);
                await context.Response.Body.FlushAsync(context.RequestAborted);
            }
        });
}

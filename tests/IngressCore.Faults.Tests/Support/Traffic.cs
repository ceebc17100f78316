using System.Collections.Concurrent;
using System.Net;

namespace IngressCore.Faults.Tests.Support;

/// <summary>
/// Bounded background traffic to one host of the gateway: a few workers, each sending a GET,
/// waiting for the whole answer, pausing, and going again, until stopped. Every answer that is not
/// 200 and every exception (a reset, a timeout) is a failure, kept with its reason.
/// </summary>
internal sealed class Traffic : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentQueue<string> _failures = new();
    private readonly HttpClient _client = FaultGateway.NewClient();
    private readonly Task[] _workers;
    private int _ok;

    /// <param name="port">The gateway's HTTP port.</param>
    /// <param name="host">The virtual host requested.</param>
    /// <param name="workers">Requests in flight at once.</param>
    /// <param name="pause">The wait after each answer, which bounds the rate.</param>
    public Traffic(int port, string host, int workers = 2, TimeSpan? pause = null)
    {
        var wait = pause ?? TimeSpan.FromMilliseconds(10);
        _workers = [.. Enumerable.Range(0, workers).Select(_ => Task.Run(() => RunAsync(port, host, wait)))];
    }

    /// <summary>Answers 200 so far.</summary>
    public int Ok => Volatile.Read(ref _ok);

    /// <summary>Failures so far.</summary>
    public int Failed => _failures.Count;

    /// <summary>
    /// Waits until <paramref name="count"/> more requests have succeeded, so that the traffic is
    /// known to overlap what the test just did however fast that was; fails the test if they do
    /// not come within 30 s.
    /// </summary>
    public async Task WaitForMoreAsync(int count)
    {
        var target = Ok + count;
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (Ok < target)
        {
            Assert.True(DateTime.UtcNow < deadline, $"{target - Ok} of {count} more requests did not succeed within 30 s ({Failed} failures so far)");
            await Task.Delay(20);
        }
    }

    /// <summary>Stops the workers and returns the answers 200 and the failures with their reasons.</summary>
    public async Task<(int Ok, IReadOnlyList<string> Failures)> StopAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_workers);
        return (Ok, [.. _failures]);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_stop.IsCancellationRequested)
        {
            await StopAsync();
        }

        _stop.Dispose();
        _client.Dispose();
    }

    private async Task RunAsync(int port, string host, TimeSpan pause)
    {
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                // Not cancelled by the stop: a request in flight is finished, never counted as failed.
                var answer = await FaultGateway.GetAsync(_client, port, host);
                if (answer.Status == HttpStatusCode.OK)
                {
                    Interlocked.Increment(ref _ok);
                }
                else
                {
                    _failures.Enqueue($"{(int)answer.Status} after {answer.Elapsed.TotalMilliseconds:0} ms: {answer.Body[..Math.Min(answer.Body.Length, 120)]}");
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
            {
                _failures.Enqueue($"{e.GetType().Name}: {e.Message}");
            }

            try
            {
                await Task.Delay(pause, _stop.Token);
            }
            catch (OperationCanceledException)
            {
                // Stopped.
            }
        }
    }
}

namespace ImagingPipeline.Worker.Auth;

/// <summary>Says at start whether the pages and API need sign-in, once the HTTP addresses are bound.</summary>
internal sealed class AccessAnnouncer(AccessPolicy policy, IHostApplicationLifetime lifetime, ILogger<AccessAnnouncer> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStarted.Register(Announce);
        return Task.CompletedTask;
    }

    private void Announce()
    {
        var addresses = string.Join(", ", policy.BoundAddresses());
        if (policy.RequireSignInConfigured)
        {
            AuthLog.SignInRequired(logger, "Auth:RequireSignIn=true");
        }
        else if (policy.ListensBeyondLoopback)
        {
            AuthLog.SignInRequired(logger, $"HTTP bound beyond loopback: {addresses}");
        }
        else
        {
            AuthLog.LoopbackWithoutSignIn(logger, addresses.Length == 0 ? "no TCP address" : addresses);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

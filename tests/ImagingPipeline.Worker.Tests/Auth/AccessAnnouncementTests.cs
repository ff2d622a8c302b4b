using System.Collections.Concurrent;
using System.Net;
using ImagingPipeline.Worker.Tests.Host;
using ImagingPipeline.Worker.Tests.Support;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Xunit;

namespace ImagingPipeline.Worker.Tests.Auth;

/// <summary>What the worker says at start about sign-in, and the session's lifetime.</summary>
[Collection(HostCollection.Name)]
public sealed class AccessAnnouncementTests : IDisposable
{
    private readonly TempDirectory _root = new();

    public void Dispose() => _root.Dispose();

    [Theory]
    [InlineData(false, 7000, "pages and API answer local requests without sign-in")]
    [InlineData(true, 7001, "Sign-in required for pages and API showing patient data (Auth:RequireSignIn=true)")]
    public async Task The_log_says_at_start_whether_sign_in_is_required(bool requireSignIn, int eventId, string text)
    {
        var logs = new Collecting();
        await using var factory = new WorkerFactory(Settings(requireSignIn), b => b.ConfigureLogging(l => l.AddProvider(logs).AddFilter<Collecting>(null, LogLevel.Information)));
        factory.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        factory.StartServer();
        var entry = Assert.Single(logs.Entries, e => e.EventId.Id is 7000 or 7001);
        Assert.Equal(eventId, entry.EventId.Id);
        Assert.Contains(text, entry.Message, StringComparison.Ordinal);
        Assert.Equal(requireSignIn ? LogLevel.Information : LogLevel.Warning, entry.Level);
    }

    [Fact]
    public async Task The_session_ends_after_the_configured_idle_time_and_slides_with_use()
    {
        await using var factory = new WorkerFactory(new Dictionary<string, string?>(Settings(requireSignIn: true)) { ["Auth:SessionTimeout"] = "00:05:00" });
        var cookie = factory.Services.GetRequiredService<IOptionsMonitor<CookieAuthenticationOptions>>().Get(CookieAuthenticationDefaults.AuthenticationScheme);
        Assert.Equal(TimeSpan.FromMinutes(5), cookie.ExpireTimeSpan);
        Assert.True(cookie.SlidingExpiration);
        Assert.True(cookie.Cookie.HttpOnly);
        Assert.False(cookie.Cookie.MaxAge.HasValue); // a browser session cookie: nothing persists on the machine
    }

    private Dictionary<string, string?> Settings(bool requireSignIn) => new(StringComparer.Ordinal)
    {
        ["Storage:Root"] = _root.Path,
        ["Storage:MinimumFreeSpace"] = "0",
        ["Dicom:Port"] = "0",
        ["Auth:RequireSignIn"] = requireSignIn ? "true" : "false",
    };

    private sealed record Entry(LogLevel Level, EventId EventId, string Message);

    private sealed class Collecting : ILoggerProvider
    {
        private readonly ConcurrentQueue<Entry> _entries = new();

        public IReadOnlyList<Entry> Entries => [.. _entries];

        public ILogger CreateLogger(string categoryName) => new Logger(_entries);

        public void Dispose()
        {
        }

        private sealed class Logger(ConcurrentQueue<Entry> entries) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                entries.Enqueue(new Entry(logLevel, eventId, formatter(state, exception)));
        }
    }
}
